"""Workshop exports: CSV, XLSX, GeoJSON, the national mediation standard (mednum-csv), Open Know-Where
(okw, workshops.okw) and the OpenStreetMap tags of each workshop (osm-geojson, workshops.osmtags).

Every format streams: rows are read with `iterator()` in chunks and written chunk by chunk, so an
export of 100,000 workshops uses the memory of one chunk. Every export says when it was made and
under which licence: public fields are open data (Licence Ouverte 2.0); the private ones
(economics, moderation state) are for the official who downloaded them.

CSV, XLSX and GeoJSON read plain values (`values_list()`), not model instances: building 100,000
instances and calling a function per cell was most of the time of a national export.
"""

import io
import json
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from itertools import islice
from operator import itemgetter

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from afn_directory import spreadsheets
from territories.models import Department, Region

from . import mednum, okw, osmtags, vocabularies
from .models import Equipment
from .querysets import effective_archetype, effective_archetype_provisional, provisional_access
from .vocabularies import Archetype

FORMATS = ("csv", "xlsx", "geojson", "mednum-csv", "okw", "osm-geojson")
# The formats written from model instances rather than plain rows; always public fields only.
STANDARD_FORMATS = ("mednum-csv", "okw", "osm-geojson")
CHUNK_SIZE = 500
LICENCE = "Licence Ouverte 2.0 (Etalab)"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
PRIVATE_NOTICE = (
    "Public fields under Licence Ouverte 2.0 (Etalab); the private fields (SIRET, RNA, status, size, staff, "
    "budget, revenue) are confidential: for the use of the official who exported them, not for publication."
)
# The same notice in French, for the files officials download from their pages (readable exports).
PRIVATE_NOTICE_FR = (
    "Champs publics sous Licence Ouverte 2.0 (Etalab) ; les champs privés (SIRET, RNA, statut, taille, "
    "équipe, budget, recettes) sont confidentiels : réservés à l’agent qui les a exportés, à ne pas publier."
)
LICENCE_FR = "Licence Ouverte 2.0 (Etalab)"
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "mednum-csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "geojson": "application/geo+json",
    "okw": "application/json",
    "osm-geojson": "application/geo+json",
}
EXTENSIONS = {
    "csv": "csv",
    "mednum-csv": "csv",
    "xlsx": "xlsx",
    "geojson": "geojson",
    "okw": "json",
    "osm-geojson": "geojson",
}
SUFFIXES = {"mednum-csv": "-mednum", "okw": "-okw", "osm-geojson": "-osm"}

# What a column holds, for the formats that write values differently.
TEXT = "text"  # strings and integers, or None
NUMBER = "number"  # a float or a Decimal: with a decimal comma in a ";" CSV
MOMENT = "moment"  # an aware datetime: written in local time, without offset
YES_NO = "yes_no"  # True, False or None: "true"/"false" (codes), "oui"/"non" (French), a boolean (XLSX, GeoJSON)

# Each workshop is read as a record: a dict of the fields below, from values_list(), plus the
# values _record_chunks() computes from them (names, joined codes, machines, URL).
PUBLIC_FIELDS = (
    "id",
    "slug",
    "name",
    "summary",
    "street",
    "address_extra",
    "postal_code",
    "commune_id",
    "commune__name",
    "department_id",
    "region_id",
    "latitude",
    "longitude",
    "website",
    "email",
    "phone",
    "carrier_type",
    "access",
    "pricing",
    "opening_hours",
    "services",
    "audiences",
    "labels",
    "archetype",
    "archetype_override",
    "activity_status",
    "verified_at",
    "updated_at",
)
# SIRET and RNA identify who carries a workshop: private in the API, so not in open data either.
PRIVATE_FIELDS = (
    "siret",
    "rna",
    "status",
    "surface_m2",
    "staff_fte",
    "volunteers",
    "members",
    "yearly_users",
    "yearly_budget_eur",
    "revenue_public_pct",
    "revenue_own_pct",
    "revenue_private_pct",
    "created_at",
    "provisional_profile__access__value",
    "location_precision",
    "archetype_provisional",
)


@dataclass(frozen=True)
class Column:
    """A column of CSV, XLSX and GeoJSON: its name and the key of the record it shows."""

    name: str
    key: str  # a field of PUBLIC_FIELDS / PRIVATE_FIELDS, or a value computed by _record_chunks()
    kind: str = TEXT


PUBLIC_COLUMNS = [
    Column("slug", "slug"),
    Column("name", "name"),
    Column("summary", "summary"),
    Column("street", "street"),
    Column("address_extra", "address_extra"),
    Column("postal_code", "postal_code"),
    Column("commune_code", "commune_id"),
    Column("commune", "commune__name"),
    Column("department_code", "department_id"),
    Column("department", "department_name"),
    Column("region_code", "region_id"),
    Column("region", "region_name"),
    Column("latitude", "latitude", NUMBER),
    Column("longitude", "longitude", NUMBER),
    Column("website", "website"),
    Column("email", "email"),
    Column("phone", "phone"),
    Column("carrier_type", "carrier_type"),
    Column("access", "access"),
    Column("pricing", "pricing"),
    Column("opening_hours", "opening_hours"),
    Column("services", "service_codes"),
    Column("audiences", "audience_codes"),
    Column("labels", "label_codes"),
    Column("archetype", "effective_archetype"),
    Column("archetype_name", "archetype_name"),
    Column("equipment_items", "equipment_items"),
    Column("equipment", "equipment_list"),
    Column("activity_status", "activity_status"),
    Column("profile_confirmed_on", "verified_at", MOMENT),
    Column("updated_at", "updated_at", MOMENT),
    Column("url", "url"),
]
PRIVATE_COLUMNS = [
    Column("siret", "siret"),
    Column("rna", "rna"),
    Column("status", "status"),
    Column("surface_m2", "surface_m2"),
    Column("staff_fte", "staff_fte", NUMBER),
    Column("volunteers", "volunteers"),
    Column("members", "members"),
    Column("yearly_users", "yearly_users"),
    Column("yearly_budget_eur", "yearly_budget_eur"),
    Column("revenue_public_pct", "revenue_public_pct"),
    Column("revenue_own_pct", "revenue_own_pct"),
    Column("revenue_private_pct", "revenue_private_pct"),
    Column("created_at", "created_at", MOMENT),
]


# Officials' files only, next to `access`: the access inferred from open data where the managers
# gave none (what coverage counts as provisionally open to the public), never mixed with the declared one.
ACCESS_PROVISIONAL = Column("access_provisional", "access_provisional")


# Officials' files only, next to the archetype: whether the archetype shown is the classifier's, resting on
# criteria inferred from open data (a census fablab), as the list and the map say "(provisional)";
# empty when the archetype is unknown.
ARCHETYPE_PROVISIONAL = Column("archetype_provisional", "archetype_provisional", YES_NO)


# Officials' files only, next to the position (open data keeps its published columns): how precise it
# is, "address", "street" or "commune" (placed at its commune only, approximate); empty when unplaced.
LOCATION_PRECISION = Column("location_precision", "location_precision")


def columns(private):
    if not private:
        return PUBLIC_COLUMNS
    names = [c.name for c in PUBLIC_COLUMNS]
    after_position, after_access = names.index("longitude") + 1, names.index("access") + 1
    after_archetype = names.index("archetype_name") + 1
    return [
        *PUBLIC_COLUMNS[:after_position],
        LOCATION_PRECISION,
        *PUBLIC_COLUMNS[after_position:after_access],
        ACCESS_PROVISIONAL,
        *PUBLIC_COLUMNS[after_access:after_archetype],
        ARCHETYPE_PROVISIONAL,
        *PUBLIC_COLUMNS[after_archetype:],
        *PRIVATE_COLUMNS,
    ]


# The French header of a readable export (officials' downloads), per column name.
FRENCH_HEADERS = {
    "slug": "Identifiant",
    "name": "Nom",
    "summary": "Résumé",
    "street": "Adresse",
    "address_extra": "Complément d’adresse",
    "postal_code": "Code postal",
    "commune_code": "Code commune (INSEE)",
    "commune": "Commune",
    "department_code": "Code département",
    "department": "Département",
    "region_code": "Code région",
    "region": "Région",
    "latitude": "Latitude",
    "longitude": "Longitude",
    "location_precision": "Précision de la position",
    "website": "Site web",
    "email": "Courriel",
    "phone": "Téléphone",
    "carrier_type": "Structure porteuse",
    "access": "Accès",
    "access_provisional": "Accès provisoire (données ouvertes, non confirmé par le gestionnaire)",
    "pricing": "Tarification",
    "opening_hours": "Horaires (syntaxe OpenStreetMap)",
    "services": "Services",
    "audiences": "Publics",
    "labels": "Labels et réseaux",
    "archetype": "Archétype (numéro)",
    "archetype_name": "Archétype",
    "archetype_provisional": "Archétype provisoire",
    "equipment_items": "Nombre de machines",
    "equipment": "Machines",
    "activity_status": "Activité",
    "profile_confirmed_on": "Fiche confirmée le",
    "updated_at": "Mise à jour le",
    "url": "Adresse de la fiche",
    "siret": "SIRET ou SIREN",
    "rna": "Numéro RNA",
    "status": "Statut dans l’annuaire",
    "surface_m2": "Surface (m²)",
    "staff_fte": "Salariés (ETP)",
    "volunteers": "Bénévoles",
    "members": "Adhérents",
    "yearly_users": "Usagers par an",
    "yearly_budget_eur": "Budget annuel (€)",
    "revenue_public_pct": "Financements publics (% des recettes)",
    "revenue_own_pct": "Recettes propres (% des recettes)",
    "revenue_private_pct": "Financements privés (% des recettes)",
    "created_at": "Créée le",
    "exported_on": "Exporté le",
    "licence": "Licence",
}
# Columns holding codes of a vocabulary: a readable export shows their French labels.
CODED = {
    "location_precision": vocabularies.LocationPrecision,
    "carrier_type": vocabularies.CarrierType,
    "access": vocabularies.Access,
    "access_provisional": vocabularies.Access,
    "pricing": vocabularies.Pricing,
    "activity_status": vocabularies.ActivityStatus,
    "status": vocabularies.Status,
    "services": vocabularies.Service,
    "audiences": vocabularies.Audience,
    "labels": vocabularies.Label,
}
LIST_SEPARATOR = "|"
READABLE_SEPARATOR = " | "


def _readable(cols):
    """A function turning a row of codes into one of French labels (lists joined by " | ", yes/no
    as "oui"/"non")."""
    with translation.override("fr"):
        names = {
            index: {code: str(label) for code, label in CODED[c.name].choices}
            for index, c in enumerate(cols)
            if c.name in CODED
        }
    yes_no = _indexes(cols, YES_NO)

    def row(values):
        result = list(values)
        for index, labels in names.items():
            value = result[index]
            if value:
                result[index] = READABLE_SEPARATOR.join(labels.get(v, v) for v in value.split(LIST_SEPARATOR))
        for index in yes_no:
            if result[index] is not None:
                result[index] = "oui" if result[index] else "non"
        return result

    return row


def _indexes(cols, kind):
    return [i for i, c in enumerate(cols) if c.kind == kind]


def _chunks(iterable, size):
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _equipment(workshop_ids):
    """{workshop id: (number of machines, "2 × Découpeuse laser | 3 × Imprimante 3D")}, in one query."""
    counts = defaultdict(int)
    items = defaultdict(list)
    equipment = Equipment.objects.filter(workshop_id__in=workshop_ids).order_by("type__name", "pk")
    for workshop_id, quantity, name in equipment.values_list("workshop_id", "quantity", "type__name"):
        counts[workshop_id] += quantity
        items[workshop_id].append(f"{quantity} × {name}")
    return {workshop_id: (counts[workshop_id], " | ".join(texts)) for workshop_id, texts in items.items()}


def _record_chunks(queryset, private):
    """The workshops of `queryset` by chunks: lists of records, with their machines (one query per chunk)."""
    fields = PUBLIC_FIELDS + PRIVATE_FIELDS if private else PUBLIC_FIELDS
    detail_url = settings.SITE_URL + reverse("workshops:detail", args=["-slug-"])
    # 101 departments and 18 regions: names from two small dicts rather than two joins per row.
    departments = dict(Department.objects.values_list("code", "name"))
    regions = dict(Region.objects.values_list("code", "name"))
    # In French, as the machines' names: a file is the same whoever asks for it, in whatever
    # language (the open data files are cached for everyone). Named once, not once per row.
    with translation.override("fr"):
        archetype_names = {number: str(label) for number, label in Archetype.choices}
    # The list's order (French alphabetical, Workshop.sort_name), which an index serves.
    rows = queryset.order_by("sort_name", "pk").values_list(*fields)
    # iterator() never caches the whole result: memory holds one chunk, whatever the count.
    for chunk in _chunks(rows.iterator(chunk_size=CHUNK_SIZE), CHUNK_SIZE):
        records = [dict(zip(fields, row, strict=True)) for row in chunk]
        equipment = _equipment([record["id"] for record in records])
        for record in records:
            archetype = effective_archetype(record["archetype_override"], record["archetype"])
            # No machine listed is unknown, not none: nobody can declare "no machines".
            machines, machine_list = equipment.get(record["id"], (None, ""))
            record.update(
                department_name=departments.get(record["department_id"]),
                region_name=regions.get(record["region_id"]),
                service_codes="|".join(record["services"] or ()),
                audience_codes="|".join(record["audiences"] or ()),
                label_codes="|".join(record["labels"] or ()),
                effective_archetype=archetype,
                archetype_name=archetype_names.get(archetype),
                equipment_items=machines,
                equipment_list=machine_list,
                url=detail_url.replace("-slug-", record["slug"]),
            )
            if private:
                record["access_provisional"] = provisional_access(
                    record["access"], record["provisional_profile__access__value"]
                )
                # Nothing to say of an unknown archetype.
                record["archetype_provisional"] = (
                    None
                    if archetype is None
                    else effective_archetype_provisional(
                        record["archetype_provisional"], record["archetype_override"], record["archetype"]
                    )
                )
        yield records


def _values(cols):
    """A function giving a record's values for `cols`: moments in local time, without offset."""
    values = itemgetter(*[c.key for c in cols])  # one call per row rather than one per cell
    moments = [i for i, c in enumerate(cols) if c.kind == MOMENT]
    local = timezone.get_current_timezone()  # looked up once: it is the same for every row

    def row(record):
        result = list(values(record))
        for i in moments:
            if result[i] is not None:
                result[i] = timezone.localtime(result[i], local).replace(tzinfo=None)
        return result

    return row


def _workshops(queryset):
    """Model instances, for the standards: their mappings read workshops (mednum, okw, osmtags)."""
    # The classifier's scores and reasons are large JSON no export reads, the search text a copy of
    # what it does read: not fetched, not decoded.
    rows = (
        queryset.select_related("commune", "region")
        .defer("archetype_scores", "archetype_reasons", "archetype_override_reason", "search_text")
        .order_by("sort_name", "pk")
    )
    return rows.iterator(chunk_size=CHUNK_SIZE)


@dataclass
class Export:
    """One export: what it holds and how to name it; `chunks` yields its bytes or text."""

    format: str
    private: bool
    territory: str = "france"
    readable: bool = False  # French headers and labels (officials' downloads); codes otherwise
    # The licence notice in French: every format an official downloads from a page, the GeoJSON's
    # (whose keys stay codes) included.
    french_notice: bool = False
    delimiter: str = ";"
    exported_on: date = field(default_factory=timezone.localdate)
    report: list = field(default_factory=list)
    chunks: Iterable = ()

    @property
    def licence(self):
        if self.french_notice:
            return PRIVATE_NOTICE_FR if self.private else LICENCE_FR
        return PRIVATE_NOTICE if self.private else LICENCE

    @property
    def filename(self):
        suffix = SUFFIXES.get(self.format, "")
        if self.readable and self.format == "csv" and self.delimiter == ",":
            suffix = "-virgule"  # the two CSV downloads must not overwrite each other
        return f"ateliers-{slugify(self.territory) or 'france'}{suffix}-{self.exported_on.isoformat()}.{EXTENSIONS[self.format]}"


class _Echo:
    """A file-like object whose write() returns the line, for a CSV writer in a generator."""

    def write(self, value):
        return value


def _drain(buffer):
    """What was written to `buffer` since the last drain: each chunk of rows is yielded as one string."""
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def csv_rows(queryset, export, delimiter=";") -> Iterator[str]:
    """The BOM, the header, then the text of one chunk of rows at a time."""
    cols = columns(export.private)
    buffer = io.StringIO()
    writer = spreadsheets.csv_writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    # csv.writer writes None as "" and numbers with str(): only these columns need formatting.
    # With the ";" separator, French spreadsheet software reads "47,2" as a number and "47.2" as text.
    numbers = _indexes(cols, NUMBER) if delimiter == ";" else []
    moments = _indexes(cols, MOMENT)
    yes_no = [] if export.readable else _indexes(cols, YES_NO)  # "oui"/"non" when readable
    stamp = [export.exported_on.isoformat(), export.licence]
    values = _values(cols)
    if export.readable:
        values = _compose(_readable(cols), values)
    names = [c.name for c in cols] + ["exported_on", "licence"]
    yield "\ufeff"  # the BOM tells spreadsheet software the file is UTF-8
    writer.writerow([FRENCH_HEADERS[n] for n in names] if export.readable else names)
    yield _drain(buffer)
    for records in _record_chunks(queryset, export.private):
        rows = []
        for record in records:
            row = values(record)
            for i in numbers:
                if row[i] is not None:
                    row[i] = spreadsheets.decimal_comma(row[i])
            for i in moments:
                if row[i] is not None:
                    row[i] = row[i].isoformat(sep=" ", timespec="seconds")
            for i in yes_no:
                if row[i] is not None:
                    row[i] = "true" if row[i] else "false"
            row += stamp
            rows.append(row)
        writer.writerows(rows)
        yield _drain(buffer)


def _xlsx_value(value):
    return float(value) if isinstance(value, Decimal) else value


def _compose(outer, inner):
    return lambda record: outer(inner(record))


def _header(sheet, names):
    bold = Font(bold=True)
    cells = []
    for name in names:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        cells.append(cell)
    return cells


# A column's width in an XLSX, in characters, where its header's would not do: long texts are cut
# (the cell keeps them whole), short codes are not given a header's width.
XLSX_WIDTHS = {
    "name": 40,
    "summary": 60,
    "street": 32,
    "commune": 22,
    "department": 22,
    "region": 26,
    "website": 32,
    "email": 28,
    "opening_hours": 30,
    "services": 30,
    "audiences": 30,
    "labels": 30,
    "archetype_name": 36,
    "equipment": 50,
    "url": 45,
}
XLSX_WIDTH_MIN, XLSX_WIDTH_MAX = 10, 24
# The about sheet of a readable export: its keys in French.
ABOUT_FRENCH = {
    "source": "Source",
    "exported_on": "Exporté le",
    "licence": "Licence",
    "licence_url": "Adresse de la licence",
    "territory": "Territoire",
    "filters": "Filtres",
    "rows": "Lignes",
    "sheets": "Feuilles",
}
SHEETS_FRENCH = (
    "ateliers : les ateliers en clair ; codes : les mêmes lignes avec les codes de chaque valeur, "
    "pour un traitement automatique"
)


def _columns_laid_out(sheet, names, headers):
    """Widths for the columns of a sheet, before its first row (a write-only sheet writes them first)."""
    for index, (name, header) in enumerate(zip(names, headers, strict=True), start=1):
        width = XLSX_WIDTHS.get(name, min(max(len(header) + 2, XLSX_WIDTH_MIN), XLSX_WIDTH_MAX))
        sheet.column_dimensions[get_column_letter(index)].width = width


def _filterable(sheet, columns_count, rows_count):
    """An autofilter on the header row (written with the sheet's end: it can follow the rows)."""
    sheet.auto_filter.ref = f"A1:{get_column_letter(columns_count)}{rows_count + 1}"


def xlsx_chunks(queryset, export, filters_description="") -> Iterator[bytes]:
    """A write-only workbook: rows go to a temporary file as they come, never all in memory.

    A readable export has French headers and labels on its first sheet ("ateliers") and the same
    rows with their codes on a second ("codes"); otherwise "ateliers" holds the codes. Each has
    an autofilter and columns wide enough to read.
    """
    cols = columns(export.private)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("ateliers")
    sheet.freeze_panes = "A2"
    codes_sheet = workbook.create_sheet("codes") if export.readable else None
    names = [c.name for c in cols]
    headers = [FRENCH_HEADERS[n] for n in names] if export.readable else names
    _columns_laid_out(sheet, names, headers)
    sheet.append(_header(sheet, headers))
    if codes_sheet is not None:
        codes_sheet.freeze_panes = "A2"
        _columns_laid_out(codes_sheet, names, names)
        codes_sheet.append(_header(codes_sheet, names))
    count = 0
    values = _values(cols)
    readable = _readable(cols)
    for records in _record_chunks(queryset, export.private):
        for record in records:
            row = [_xlsx_value(value) for value in values(record)]
            if codes_sheet is not None:
                codes_sheet.append(spreadsheets.xlsx_row(codes_sheet, row))
                row = readable(row)
            sheet.append(spreadsheets.xlsx_row(sheet, row))
        count += len(records)
    for filtered in [sheet] if codes_sheet is None else [sheet, codes_sheet]:
        _filterable(filtered, len(names), count)
    about = workbook.create_sheet("a_propos")
    about.column_dimensions["A"].width = 22
    about.column_dimensions["B"].width = 100
    for key, value in _about(export, filters_description, count):
        about.append(spreadsheets.xlsx_row(about, (ABOUT_FRENCH[key] if export.readable else key, value)))
    with tempfile.TemporaryFile() as handle:
        workbook.save(handle)
        handle.seek(0)
        while chunk := handle.read(64 * 1024):
            yield chunk


def _about(export, filters_description, count):
    """(key, value) of the about sheet; a readable export's say it in French, under the site's French name."""
    with translation.override("fr" if export.readable else "en"):
        site = gettext("AFN Directory")
    rows = [
        ("source", f"{site} — {settings.SITE_URL}"),
        ("exported_on", export.exported_on),
        ("licence", export.licence),
        ("licence_url", LICENCE_URL),
        ("territory", export.territory),
        ("filters", filters_description or ("aucun" if export.readable else "")),
        ("rows", count),
    ]
    if export.readable:
        rows.append(("sheets", SHEETS_FRENCH))
    return rows


def _json_value(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def feature(record, names, values):
    """One RFC 7946 Feature: [longitude, latitude], null geometry when the place is unknown."""
    latitude, longitude = record["latitude"], record["longitude"]
    geometry = None
    if latitude is not None and longitude is not None:
        geometry = {"type": "Point", "coordinates": [round(longitude, 6), round(latitude, 6)]}
    properties = {
        name: _json_value(value)
        for name, value in zip(names, values, strict=True)
        if name not in ("latitude", "longitude", "slug")
    }
    return {"type": "Feature", "id": record["slug"], "geometry": geometry, "properties": properties}


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
    names = [c.name for c in cols]
    values = _values(cols)
    separator = ""
    for records in _record_chunks(queryset, export.private):
        for record in records:
            item = feature(record, names, values(record))
            yield separator + json.dumps(item, ensure_ascii=False, cls=DjangoJSONEncoder)
            separator = ",\n"
    yield "]}\n"


def mednum_chunks(queryset, export) -> Iterator[str]:
    """The national standard's CSV; workshops lacking a required field go to export.report."""
    writer = spreadsheets.csv_writer(_Echo(), delimiter=",", lineterminator="\r\n")
    yield writer.writerow(mednum.FIELDS)
    for workshop in _workshops(queryset):
        record, missing = mednum.record(workshop)
        if missing:
            export.report.append(mednum.Problem(workshop.slug, workshop.name, missing))
            continue
        yield writer.writerow([record.get(name, "") for name in mednum.FIELDS])


def build(fmt, queryset, *, private, territory="france", delimiter=";", filters_description="", readable=False):
    """An Export whose chunks stream the workshops of `queryset` in format `fmt`.

    `readable`: French headers and labels (CSV, XLSX with the codes on a second sheet) and a French
    licence note, for people; the API and open data keep the stable codes.
    """
    if fmt not in FORMATS:
        raise ValueError(f"Unknown export format {fmt!r}: choose one of {', '.join(FORMATS)}.")
    export = Export(
        format=fmt,
        private=private and fmt not in STANDARD_FORMATS,
        territory=territory,
        readable=readable and fmt in ("csv", "xlsx"),
        french_notice=readable,
        delimiter=delimiter,
    )
    if fmt == "csv":
        export.chunks = csv_rows(queryset, export, delimiter)
    elif fmt == "xlsx":
        export.chunks = xlsx_chunks(queryset, export, filters_description)
    elif fmt == "geojson":
        export.chunks = geojson_chunks(queryset, export, filters_description)
    elif fmt == "okw":
        export.chunks = okw.chunks(_workshops(queryset), export)
    elif fmt == "osm-geojson":
        export.chunks = osmtags.chunks(_workshops(queryset), export)
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
