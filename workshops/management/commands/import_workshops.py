from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from workshops import importers
from workshops.importers import REPORT_SECTIONS


class Command(BaseCommand):
    help = (
        "Import workshops from an open-data file: the CGET 2019 census (cget-csv), fablabs.io (fablabs-json), "
        "the national data of digital mediation places (mednum-csv, schema v1.0.2), data·inclusion structures "
        "(data-inclusion-json, schema v1.0.8) or OpenStreetMap makerspaces (osm-json, an Overpass answer). "
        "Rows whose places disagree are held pending; personal contacts are kept private. "
        "Idempotent: importing the same file twice changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", required=True, choices=sorted(importers.FORMATS), help="The file's format.")
        parser.add_argument("file", help="The file to import.")
        parser.add_argument("--dry-run", action="store_true", help="Report what would happen; save nothing.")
        parser.add_argument(
            "--include-all",
            action="store_true",
            help="cget-csv: also import the tiers-lieux not typed “à dominante fablab” whose type or name says "
            "they are workshops; the others are skipped with the reason. mednum-csv, data-inclusion-json: "
            "import every place, not only the fabrication workshops.",
        )

    def handle(self, *args, format, file, dry_run, include_all, **options):
        if include_all and format not in importers.FILTERED_FORMATS:
            raise CommandError(f"--include-all applies to {', '.join(sorted(importers.FILTERED_FORMATS))} only.")
        try:
            report = importers.import_file(format, file, dry_run=dry_run, include_all=include_all)
        except importers.ImportFileError as exc:
            nothing = _("Nothing was imported.")
            raise CommandError(f"{file}: {exc} {nothing}") from exc
        for outcome, title in REPORT_SECTIONS:
            entries = report.of(outcome)
            if entries:
                self.stdout.write(f"{title} ({len(entries)}):")
                for entry in entries:
                    self.stdout.write(
                        "  "
                        + _("row %(row)d, %(name)s: %(reason)s")
                        % {"row": entry.row, "name": entry.name or "?", "reason": entry.reason}
                    )
        if report.positions_unchecked:
            self.stdout.write(
                _("%(count)d positions could not be compared with their commune's centre (not known yet).")
                % {"count": report.positions_unchecked}
            )
        prefix = _("Dry run, nothing saved: ") if dry_run else ""
        summary = _("%(summary)s (read as %(encoding)s).") % {"summary": report.summary(), "encoding": report.encoding}
        self.stdout.write(self.style.SUCCESS(prefix + summary))
