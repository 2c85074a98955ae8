from collections import Counter

from django.core.management.base import BaseCommand

from workshops.archetypes import DEFINITIONS, RULES_VERSION
from workshops.classification import reclassify
from workshops.generation import bump_generation
from workshops.models import Workshop


class Command(BaseCommand):
    help = (
        "Classify every workshop into the study's six archetypes again and store its machines' types and "
        "search text (idempotent); print the distribution."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Report what would change, store nothing.")

    def handle(self, *args, dry_run=False, verbosity=1, **options):
        changed, moves = 0, []
        computed, effective = Counter(), Counter()
        for workshop in Workshop.objects.select_related("commune").order_by("pk").iterator(chunk_size=500):
            before = workshop.archetype
            changed += reclassify(workshop, dry_run=dry_run)
            if before != workshop.archetype:
                moves.append((workshop.slug, before, workshop.archetype))
            computed[workshop.archetype] += 1
            effective[workshop.effective_archetype] += 1
        if changed and not dry_run:
            bump_generation()  # the stored values changed with queryset updates, which send no signal
        total = sum(computed.values())
        verb = "would change" if dry_run else "changed"
        self.stdout.write(f"Rules {RULES_VERSION}: {total} workshops, {changed} {verb}, {total - changed} unchanged.")
        for slug, before, after in moves:
            self.stdout.write(f"  {slug}: archetype {before or '-'} → {after or '-'}")
        self.stdout.write("Archetypes (computed / shown, with staff overrides):")
        for number, definition in DEFINITIONS.items():
            self.stdout.write(f"  {number}. {definition.name_en}: {computed[number]} / {effective[number]}")
        self.stdout.write(f"  not classified: {computed[None]} / {effective[None]}")
