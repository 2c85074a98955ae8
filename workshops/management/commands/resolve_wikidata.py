from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from workshops import wikidata


class Command(BaseCommand):
    help = (
        "Fill the equipment types' empty Wikidata items from their Wikipedia articles (the item each "
        "article is linked to) and report the stored items Wikipedia disagrees with. Run once after "
        "deploying, then monthly."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Ask Wikipedia and report; save nothing.")
        parser.add_argument(
            "--overwrite", action="store_true", help="Replace a stored item that differs from Wikipedia's."
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="Exit non-zero when a stored item differs or a type gets no item (for CI or a timer).",
        )

    def handle(self, *args, dry_run, overwrite, check, **options):
        try:
            resolutions = wikidata.resolve_equipment_types(overwrite=overwrite, dry_run=dry_run)
        except wikidata.WikipediaUnavailable as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(wikidata.report_text(resolutions, dry_run=dry_run))
        problems = wikidata.problems(resolutions)
        if check and problems:
            raise CommandError(
                _(
                    "%(count)d of %(total)d equipment types need a look: their item differs from Wikipedia's, or it gives none."
                )
                % {"count": len(problems), "total": len(resolutions)}
            )
