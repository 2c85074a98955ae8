"""Workshop exports: CSV, XLSX, GeoJSON and the national mediation standard (mednum-csv).

Every format streams: rows are read with `iterator()` in chunks and written one at a time, so an
export of 100,000 workshops uses the memory of one chunk. Every export says when it was made and
under which licence: public fields are open data (Licence Ouverte 2.0); the private ones
(economics, moderation state) are for the official who downloaded them.
"""

import csv
import json
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from territories.models import Department, Region

from . import mednum
from .models import Equipment
from .vocabularies import Archetype

FORMATS = ("csv", "xlsx", "geojson", "mednum-csv")
CHUNK_SIZE = 500
LICENCE = "Licence Ouverte 2.0 (Etalab)"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
PRIVATE_NOTICE = (
    "Public fields under Licence Ouverte 2.0 (Etalab); the private fields (status, size, staff, budget, "
    "revenue) are confidential: for the use of the official who exported them, not for publication."
)
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "mednum-csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "geojson": "application/geo+json",
}
EXTENSIONS = {"csv": "csv", "mednum-csv": "csv", "xlsx": "xlsx", "geojson": "geojson"}


@dataclass(frozen=True)
class Column:
    name: str
    value: Callable


def _codes(values):
    return "|".join(values or [])


def _archetype_name(workshop):
    number = workshop.effective_archetype
    return str(Archetype(number).label) if number else None


def _equipment(workshop):
    return " | ".join(f"{quantity} × {name}" for quantity, name in workshop.export_equipment)


def _local(moment):
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


PUBLIC_COLUMNS = [
    Column("slug", lambda w: w.slug),
    Column("name", lambda w: w.name),
    Column("summary", lambda w: w.summary),
    Column("street", lambda w: w.street),
    Column("address_extra", lambda w: w.address_extra),
    Column("postal_code", lambda w: w.postal_code),
    Column("commune_code", lambda w: w.commune_id),
    Column("commune", lambda w: w.commune.name if w.commune_id else None),
    Column("department_code", lambda w: w.department_id),
    Column("department", lambda w: w.export_department),
    Column("region_code", lambda w: w.region_id),
    Column("region", lambda w: w.export_region),
    Column("latitude", lambda w: w.latitude),
    Column("longitude", lambda w: w.longitude),
    Column("website", lambda w: w.website),
    Column("email", lambda w: w.email),
    Column("phone", lambda w: w.phone),
    Column("siret", lambda w: w.siret),
    Column("rna", lambda w: w.rna),
    Column("carrier_type", lambda w: w.carrier_type),
    Column("access", lambda w: w.access),
    Column("pricing", lambda w: w.pricing),
    Column("opening_hours", lambda w: w.opening_hours),
    Column("services", lambda w: _codes(w.services)),
    Column("audiences", lambda w: _codes(w.audiences)),
    Column("labels", lambda w: _codes(w.labels)),
    Column("archetype", lambda w: w.effective_archetype),
    Column("archetype_name", _archetype_name),
    Column("equipment_items", lambda w: sum(quantity for quantity, _name in w.export_equipment)),
    Column("equipment", _equipment),
    Column("activity_status", lambda w: w.activity_status),
    Column("profile_confirmed_on", lambda w: _local(w.verified_at)),
    Column("updated_at", lambda w: _local(w.updated_at)),
    Column("url", lambda w: w.export_url),
]
PRIVATE_COLUMNS = [
    Column("status", lambda w: w.status),
    Column("surface_m2", lambda w: w.surface_m2),
    Column("staff_fte", lambda w: w.staff_fte),
    Column("volunteers", lambda w: w.volunteers),
    Column("members", lambda w: w.members),
    Column("yearly_users", lambda w: w.yearly_users),
    Column("yearly_budget_eur", lambda w: w.yearly_budget_eur),
    Column("revenue_public_pct", lambda w: w.revenue_public_pct),
    Column("revenue_own_pct", lambda w: w.revenue_own_pct),
    Column("revenue_private_pct", lambda w: w.revenue_private_pct),
    Column("created_at", lambda w: _local(w.created_at)),
]


def columns(private):
    return PUBLIC_COLUMNS + PRIVATE_COLUMNS if private else PUBLIC_COLUMNS


def _batches(queryset):
    """Workshops in chunks, each chunk with its equipment fetched in one query."""
    batch = []
    # The classifier's scores and reasons are large JSON no export reads: not fetched, not decoded.
    rows = (
        queryset.select_related("commune")
        .defer("archetype_scores", "archetype_reasons", "archetype_override_reason")
        .order_by("pk")
    )
    # iterator() never caches the whole result: memory holds one chunk, whatever the count.
    for workshop in rows.iterator(chunk_size=CHUNK_SIZE):
        batch.append(workshop)
        if len(batch) == CHUNK_SIZE:
            yield batch
            batch = []
    if batch:
        yield batch


def _workshops(queryset):
    detail_url = settings.SITE_URL + reverse("workshops:detail", args=["-slug-"])
    # 101 departments and 18 regions: names from two small dicts rather than two joins per row.
    departments = dict(Department.objects.values_list("code", "name"))
    regions = dict(Region.objects.values_list("code", "name"))
    for batch in _batches(queryset):
        items = defaultdict(list)
        equipment = Equipment.objects.filter(workshop_id__in=[w.pk for w in batch]).order_by("type__name", "pk")
        for workshop_id, quantity, name in equipment.values_list("workshop_id", "quantity", "type__name"):
            items[workshop_id].append((quantity, name))
        for workshop in batch:
            workshop.export_equipment = items.get(workshop.pk, [])
            workshop.export_url = detail_url.replace("-slug-", workshop.slug)
            workshop.export_department = departments.get(workshop.department_id)
            workshop.export_region = regions.get(workshop.region_id)
            yield workshop


@dataclass
class Export:
    """One export: what it holds and how to name it; `chunks` yields its bytes or text."""

    format: str
    private: bool
    territory: str = "france"
    exported_on: date = field(default_factory=timezone.localdate)
    report: list = field(default_factory=list)
    chunks: Iterable = ()

    @property
    def licence(self):
        return PRIVATE_NOTICE if self.private else LICENCE

    @property
    def filename(self):
        suffix = "-mednum" if self.format == "mednum-csv" else ""
        return f"ateliers-{slugify(self.territory) or 'france'}{suffix}-{self.exported_on.isoformat()}.{EXTENSIONS[self.format]}"


class _Echo:
    """A file-like object whose write() returns the line, for csv.writer in a generator."""

    def write(self, value):
        return value


def _csv_text(value, decimal_comma):
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float | Decimal) and decimal_comma:
        # With the ";" separator, French spreadsheet software reads "47,2" as a number and "47.2" as text.
        return str(value).replace(".", ",")
    return str(value)


def csv_rows(queryset, export, delimiter=";") -> Iterator[str]:
    cols = columns(export.private)
    writer = csv.writer(_Echo(), delimiter=delimiter, lineterminator="\r\n")
    decimal_comma = delimiter == ";"
    stamp = export.exported_on.isoformat()
    yield "\ufeff"  # the BOM tells spreadsheet software the file is UTF-8
    yield writer.writerow([c.name for c in cols] + ["exported_on", "licence"])
    for workshop in _workshops(queryset):
        values = [_csv_text(c.value(workshop), decimal_comma) for c in cols]
        yield writer.writerow(values + [stamp, export.licence])


def _xlsx_value(value):
    return float(value) if isinstance(value, Decimal) else value


def xlsx_chunks(queryset, export, filters_description="") -> Iterator[bytes]:
    """A write-only workbook: rows go to a temporary file as they come, never all in memory."""
    cols = columns(export.private)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("ateliers")
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for column in cols:
        cell = WriteOnlyCell(sheet, value=column.name)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    count = 0
    for workshop in _workshops(queryset):
        sheet.append([_xlsx_value(c.value(workshop)) for c in cols])
        count += 1
    about = workbook.create_sheet("a_propos")
    for row in (
        ("source", f"AFN Directory — {settings.SITE_URL}"),
        ("exported_on", export.exported_on),
        ("licence", export.licence),
        ("licence_url", LICENCE_URL),
        ("territory", export.territory),
        ("filters", filters_description),
        ("rows", count),
    ):
        about.append(row)
    with tempfile.TemporaryFile() as handle:
        workbook.save(handle)
        handle.seek(0)
        while chunk := handle.read(64 * 1024):
            yield chunk


def _json_value(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def feature(workshop, cols):
    """One RFC 7946 Feature: [longitude, latitude], null geometry when the place is unknown."""
    geometry = None
    if workshop.latitude is not None and workshop.longitude is not None:
        geometry = {"type": "Point", "coordinates": [round(workshop.longitude, 6), round(workshop.latitude, 6)]}
    properties = {
        c.name: _json_value(c.value(workshop)) for c in cols if c.name not in ("latitude", "longitude", "slug")
    }
    return {"type": "Feature", "id": workshop.slug, "geometry": geometry, "properties": properties}


def geojson_chunks(queryset, export, filters_description="") -> Iterator[str]:
    cols = columns(export.private)
    metadata = {
        "source": settings.SITE_URL,
        "exported_on": export.exported_on.isoformat(),
        "licence": export.licence,
        "licence_url": LICENCE_URL,
        "territory": export.territory,
        "filters": filters_description,
    }
    yield '{"type": "FeatureCollection", "metadata": ' + json.dumps(metadata, ensure_ascii=False)
    yield ', "features": ['
    separator = ""
    for workshop in _workshops(queryset):
        yield separator + json.dumps(feature(workshop, cols), ensure_ascii=False, cls=DjangoJSONEncoder)
        separator = ",\n"
    yield "]}\n"


def mednum_chunks(queryset, export) -> Iterator[str]:
    """The national standard's CSV; workshops lacking a required field go to export.report."""
    writer = csv.writer(_Echo(), delimiter=",", lineterminator="\r\n")
    yield writer.writerow(mednum.FIELDS)
    for workshop in _workshops(queryset):
        record, missing = mednum.record(workshop)
        if missing:
            export.report.append(mednum.Problem(workshop.slug, workshop.name, missing))
            continue
        yield writer.writerow([record.get(name, "") for name in mednum.FIELDS])


def build(fmt, queryset, *, private, territory="france", delimiter=";", filters_description=""):
    """An Export whose chunks stream the workshops of `queryset` in format `fmt`."""
    if fmt not in FORMATS:
        raise ValueError(f"Unknown export format {fmt!r}: choose one of {', '.join(FORMATS)}.")
    export = Export(format=fmt, private=private and fmt != "mednum-csv", territory=territory)
    if fmt == "csv":
        export.chunks = csv_rows(queryset, export, delimiter)
    elif fmt == "xlsx":
        export.chunks = xlsx_chunks(queryset, export, filters_description)
    elif fmt == "geojson":
        export.chunks = geojson_chunks(queryset, export, filters_description)
    else:
        export.chunks = mednum_chunks(queryset, export)
    return export


def response(export: Export) -> StreamingHttpResponse:
    """The export as a download; the licence also travels in a header."""
    result = StreamingHttpResponse(export.chunks, content_type=CONTENT_TYPES[export.format])
    result["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    result["X-Licence"] = "etalab-2.0" if not export.private else "etalab-2.0; private fields restricted"
    result["Link"] = f'<{LICENCE_URL}>; rel="license"'
    result["Cache-Control"] = "private, no-store" if export.private else "public, max-age=3600"
    return result
