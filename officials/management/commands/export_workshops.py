from django.core.management.base import BaseCommand, CommandError

from officials.models import ExportLog
from officials.scopes import NATION, Territory
from territories.models import Department, Region
from workshops import exports
from workshops.models import Workshop


class Command(BaseCommand):
    help = (
        "Export the published workshops (all of France, a region or a department) as CSV, XLSX, GeoJSON, "
        "the national mediation standard (mednum-csv), Open Know-Where v1.0 facilities (okw) or the "
        "OpenStreetMap tags of each located workshop (osm-geojson). Public fields only unless --private."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", required=True, choices=exports.FORMATS, help="The file format.")
        parser.add_argument("--region", metavar="CODE", help="A region's INSEE code, e.g. 52.")
        parser.add_argument("--department", metavar="CODE", help="A department's INSEE code, e.g. 44.")
        parser.add_argument("-o", "--output", metavar="FILE", help="Where to write (default: standard output).")
        parser.add_argument(
            "--delimiter", choices=[";", ","], default=";", help="CSV separator (default ';', for French spreadsheets)."
        )
        parser.add_argument("--private", action="store_true", help="Add the private fields (not open data).")

    def handle(self, *args, format, region, department, output, delimiter, private, **options):
        queryset, chosen = Workshop.objects.published(), NATION
        if region:
            found = Region.objects.filter(code=region).first()
            if not found:
                raise CommandError(f"--region {region}: no region has this INSEE code (e.g. 52 for Pays de la Loire).")
            queryset, chosen = queryset.in_region(region), Territory("region", found.code, found.name)
        if department:
            found = Department.objects.filter(code=department).first()
            if not found:
                raise CommandError(f"--department {department}: no department has this INSEE code (e.g. 44).")
            queryset, chosen = queryset.in_department(department), Territory("department", found.code, found.name)
        territory = "france" if chosen is NATION else chosen.name
        if format == "xlsx" and not output:
            raise CommandError("--format xlsx writes a binary file: give -o FILE.")
        export = exports.build(format, queryset, private=private, territory=territory, delimiter=delimiter)
        self._write(export, output)
        ExportLog.objects.create(
            format=format,
            via=ExportLog.Via.COMMAND,
            filters={
                **{k: v for k, v in {"region": region, "department": department, "private": private}.items() if v},
                # The territory exported, as the pages' and the API's exports log it.
                "territory": [chosen.key],
            },
        )
        for problem in export.report:
            missing = ", ".join(str(m) for m in problem.missing)
            self.stderr.write(f"Left out {problem.slug} ({problem.name}): missing {missing}.")
        if output:
            self.stderr.write(
                f"Wrote {output}" + (f"; {len(export.report)} workshops left out." if export.report else ".")
            )

    def _write(self, export, output):
        if not output:
            for chunk in export.chunks:
                self.stdout.write(chunk, ending="")
            return
        try:
            with open(output, "wb") as handle:
                for chunk in export.chunks:
                    handle.write(chunk.encode("utf-8") if isinstance(chunk, str) else chunk)
        except OSError as exc:
            raise CommandError(f"-o {output}: cannot write there ({exc.strerror}).") from exc
