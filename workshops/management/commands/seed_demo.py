from django.core.management.base import BaseCommand, CommandError

from workshops import demo


class Command(BaseCommand):
    help = "Create deterministic demo workshops spread over France (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--workshops", type=int, default=80, help="How many workshops (default 80).")

    def handle(self, *args, workshops, **options):
        if workshops < 1:
            raise CommandError("--workshops must be at least 1.")
        try:
            created, unchanged = demo.seed(workshops)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Demo workshops: {created} created, {unchanged} already there.")
