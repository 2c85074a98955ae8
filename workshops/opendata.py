"""The published directory as open data: its files, their dictionaries, and a DCAT-AP catalogue.

`/open-data/` lists every file with its date, row count and data dictionary (counted by one
query, so that the page never waits for a file to be generated); each file is generated on
demand and cached until the directory changes (`directory_version`);
`/open-data/catalog.jsonld` describes them all in DCAT-AP (JSON-LD) for data.gouv.fr's
harvester: dates, Licence Ouverte 2.0, media types and the schema each file conforms to.
"""

import csv
import hashlib
import io
import json
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import exports, mednum, okw
from .models import Equipment, Workshop

CACHE_SECONDS = 3600
LICENCE_URI = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
FRANCE_URI = "http://publications.europa.eu/resource/authority/country/FRA"
MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"

# Columns of the CSV that are not a model field of the same name: what they hold.
COMPUTED_COLUMNS = {
    "commune_code": _("INSEE code of the commune"),
    "latitude": _("latitude (WGS 84, decimal degrees)"),
    "longitude": _("longitude (WGS 84, decimal degrees)"),
    "commune": _("name of the commune"),
    "department_code": _("INSEE code of the department"),
    "department": _("name of the department"),
    "region_code": _("INSEE code of the region"),
    "region": _("name of the region"),
    "services": _("services offered, codes separated by |"),
    "audiences": _("audiences, codes separated by |"),
    "labels": _("labels and networks, codes separated by |"),
    "archetype": _("archetype of the DGE/ANCT study (1 to 6), as set by staff or computed"),
    "archetype_name": _("name of the archetype"),
    "equipment_items": _("number of machines"),
    "equipment": _("machines: quantity × type, separated by |"),
    "url": _("the workshop's page in the directory"),
    "exported_on": _("date of the file"),
    "licence": _("licence of the data"),
}
OKW_DICTIONARY = [
    ("name", _("name of the workshop")),
    ("url", _("the workshop's page in the directory (an extension)")),
    ("location.address", _("street, city, region, postcode, country")),
    ("location.gpsCoordinates", _("latitude, longitude in decimal degrees (WGS84)")),
    ("facilityStatus", _("Active, Planned or Closed")),
    ("accessType", _("Public, Membership, Restricted with public hours or Restricted")),
    ("contact", _("name, e-mail, phone and website")),
    ("openingHours", _("opening hours in the OpenStreetMap syntax")),
    ("wheelchairAccessibility", _("wheelchair access")),
    ("floorSize", _("surface in m²")),
    ("equipment[].equipmentType", _("the Wikipedia article of the machine's kind")),
    ("equipment[].equipmentTypeWikidata", _("its Wikidata item, where checked (an extension)")),
    ("equipment[].accessType", _("Restricted when training is required first, else the workshop's")),
    ("equipment[].quantity, make, model", _("how many, brand and model")),
    ("manufacturingProcesses", _("Wikipedia articles of the processes its machines serve")),
]
OSM_DICTIONARY = [
    ("leisure=hackerspace, hackerspace=makerspace", _("what the place is, in OpenStreetMap's terms")),
    ("name", _("name of the workshop")),
    ("addr:housenumber, addr:street, addr:postcode, addr:city", _("address")),
    ("website, email, phone", _("contact (phone in international form)")),
    ("opening_hours", _("opening hours")),
    ("wheelchair", _("yes, limited or no")),
    ("description", _("summary")),
    ("ref:FR:SIRET", _("SIRET number")),
    ("source:url", _("the workshop's page in the directory, to check before mapping")),
]


@dataclass(frozen=True)
class Distribution:
    format: str
    title: str
    description: str
    media_type: str
    conforms_to: str  # the URL of the schema or specification the file follows
    schema_name: str


DISTRIBUTIONS = [
    Distribution(
        "csv",
        _("All workshops (CSV, UTF-8, comma-separated)"),
        _("One row per published workshop, public fields only."),
        "text/csv",
        "#dictionary-csv",
        _("data dictionary below"),
    ),
    Distribution(
        "geojson",
        _("All workshops (GeoJSON, for QGIS and web maps)"),
        _("The same fields, with the position as the geometry (RFC 7946)."),
        "application/geo+json",
        "https://www.rfc-editor.org/rfc/rfc7946",
        "RFC 7946 GeoJSON",
    ),
    Distribution(
        "mednum-csv",
        _("The national standard of digital mediation places (CSV, schema v1.0.2)"),
        _("The workshops that have every field the standard requires, as the national cartography reads them."),
        "text/csv",
        "https://schema.data.gouv.fr/LaMednum/standard-mediation-num/",
        "LaMednum/standard-mediation-num v1.0.2",
    ),
    Distribution(
        "okw",
        _("Open Know-Where v1.0 manufacturing facilities (JSON)"),
        _("Each workshop and its machines, named by their Wikipedia article, for the Internet of Production."),
        "application/json",
        okw.SPECIFICATION_URL,
        "Open Know-Where v1.0",
    ),
    Distribution(
        "osm-geojson",
        _("OpenStreetMap tags of each located workshop (GeoJSON)"),
        _("The tags a mapper would add (leisure=hackerspace, hackerspace=makerspace…), to check and contribute."),
        "application/geo+json",
        "https://wiki.openstreetmap.org/wiki/Tag:hackerspace%3Dmakerspace",
        "OpenStreetMap tagging",
    ),
]
FORMATS = tuple(d.format for d in DISTRIBUTIONS)
BY_FORMAT = {d.format: d for d in DISTRIBUTIONS}


@dataclass(frozen=True)
class GeneratedFile:
    content: bytes
    filename: str
    rows: int


def directory_version() -> str:
    """Changes whenever a published workshop or any equipment changes: the cache key of the files."""
    workshops = Workshop.objects.published().aggregate(n=Count("pk"), last=Max("updated_at"))
    equipment = Equipment.objects.aggregate(n=Count("pk"), last=Max("pk"))
    version = f"{workshops['n']}-{workshops['last']}-{equipment['n']}-{equipment['last']}-{timezone.localdate()}"
    return hashlib.sha256(version.encode()).hexdigest()[:24]


def last_change() -> datetime | None:
    """When a published workshop last changed: the date of every file."""
    return Workshop.objects.published().aggregate(last=Max("updated_at"))["last"]


# The workshops each file holds, as conditions: the national standard needs what
# workshops.mednum.REQUIRED lists (a SIRET/SIREN or RNA number, a commune, a five-digit postal
# code, a street); OpenStreetMap needs a position. tests/test_opendata.py checks these against
# the files themselves.
IN_FILE = {
    "mednum-csv": (~Q(siret="") | ~Q(rna=""))
    & Q(commune__isnull=False, postal_code__regex=r"^[0-9]{5}$")
    & ~Q(street=""),
    "osm-geojson": Q(latitude__isnull=False, longitude__isnull=False),
}


def summary() -> tuple[dict[str, int], datetime | None]:
    """({format: rows}, last change) of the published directory, in one query."""
    counts = Workshop.objects.published().aggregate(
        all=Count("pk"), last=Max("updated_at"), **{fmt: Count("pk", filter=q) for fmt, q in IN_FILE.items()}
    )
    return {fmt: counts[fmt] if fmt in IN_FILE else counts["all"] for fmt in FORMATS}, counts["last"]


def count_rows(fmt: str, text: str) -> int:
    if fmt in ("csv", "mednum-csv"):
        return max(sum(1 for _row in csv.reader(io.StringIO(text.lstrip("\ufeff")))) - 1, 0)
    document = json.loads(text)
    return len(document["facilities"] if fmt == "okw" else document["features"])


def generated(fmt: str, version: str | None = None) -> GeneratedFile:
    """The file of this format for the directory as it is now, from the cache when it has not changed."""
    key = f"open-data:{fmt}:{version or directory_version()}"
    cached = cache.get(key)
    if cached is None:
        export = exports.build(fmt, Workshop.objects.published(), private=False, delimiter=",")
        text = "".join(export.chunks)
        cached = GeneratedFile(text.encode("utf-8"), export.filename, count_rows(fmt, text))
        cache.set(key, cached, CACHE_SECONDS)
    return cached


def csv_dictionary() -> list[tuple[str, str]]:
    fields = {f.name: f.verbose_name for f in Workshop._meta.fields}
    # A column named otherwise than its field (profile_confirmed_on shows verified_at) takes the field's meaning.
    keys = {c.name: c.key for c in exports.PUBLIC_COLUMNS}
    names = [c.name for c in exports.PUBLIC_COLUMNS] + ["exported_on", "licence"]
    return [(name, COMPUTED_COLUMNS.get(name) or fields.get(keys.get(name, name), name)) for name in names]


def dictionary(fmt: str) -> list[tuple[str, str]]:
    if fmt in ("csv", "geojson"):
        return csv_dictionary()
    if fmt == "mednum-csv":
        return [(name, "") for name in mednum.FIELDS]
    return OKW_DICTIONARY if fmt == "okw" else OSM_DICTIONARY


def files() -> list[dict]:
    """What /open-data/ lists: each file with its link, date, row count, schema and dictionary."""
    rows, modified = summary()
    return [
        {
            "distribution": distribution,
            "url": reverse("officials:open_data_file", args=[distribution.format]),
            "rows": rows[distribution.format],
            "modified": modified,
            "dictionary": dictionary(distribution.format),
        }
        for distribution in DISTRIBUTIONS
    ]


def catalog() -> dict:
    """The DCAT-AP catalogue (JSON-LD) of the open data, for data.gouv.fr's harvester."""
    site = settings.SITE_URL
    page = site + reverse("officials:open_data")
    modified = last_change()
    modified_text = timezone.localtime(modified).isoformat(timespec="seconds") if modified else None
    publisher = {"@type": "foaf:Agent", "foaf:name": str(_("AFN Directory")), "foaf:homepage": {"@id": site + "/"}}
    distributions = []
    for distribution in DISTRIBUTIONS:
        url = site + reverse("officials:open_data_file", args=[distribution.format])
        conforms_to = distribution.conforms_to
        if conforms_to.startswith("#"):
            conforms_to = page + conforms_to
        item = {
            "@id": url,
            "@type": "dcat:Distribution",
            "dct:title": str(distribution.title),
            "dct:description": str(distribution.description),
            "dcat:accessURL": {"@id": page},
            "dcat:downloadURL": {"@id": url},
            "dcat:mediaType": {"@id": MEDIA_TYPES + distribution.media_type},
            "dct:format": distribution.format,
            "dct:license": {"@id": LICENCE_URI},
            "dct:conformsTo": {"@id": conforms_to, "dct:title": str(distribution.schema_name)},
        }
        if modified_text:
            item["dct:modified"] = {"@value": modified_text, "@type": "xsd:dateTime"}
        distributions.append(item)
    dataset = {
        "@id": page + "#dataset",
        "@type": "dcat:Dataset",
        "dct:identifier": page + "#dataset",
        "dct:title": str(_("Digital fabrication workshops in France")),
        "dct:description": str(
            _(
                "The public directory of France's digital fabrication workshops (fablabs, makerspaces, digital "
                "mediation spaces with machines, university and professional prototyping workshops): addresses, "
                "opening hours, access, services and machines."
            )
        ),
        "dcat:keyword": ["fablab", "makerspace", "tiers-lieu", "fabrication numérique", "médiation numérique"],
        "dcat:theme": {"@id": "http://publications.europa.eu/resource/authority/data-theme/ECON"},
        "dct:spatial": {"@id": FRANCE_URI},
        "dct:publisher": publisher,
        "dct:license": {"@id": LICENCE_URI},
        "dct:accrualPeriodicity": {"@id": "http://publications.europa.eu/resource/authority/frequency/CONT"},
        "dcat:landingPage": {"@id": page},
        "dcat:contactPoint": {
            "@type": "vcard:Organization",
            "vcard:fn": str(_("AFN Directory")),
            "vcard:hasURL": {"@id": page},
        },
        "dcat:distribution": distributions,
    }
    if modified_text:
        dataset["dct:modified"] = {"@value": modified_text, "@type": "xsd:dateTime"}
    return {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "vcard": "http://www.w3.org/2006/vcard/ns#",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
        },
        "@id": site + reverse("officials:open_data_catalog"),
        "@type": "dcat:Catalog",
        "dct:title": str(_("AFN Directory open data")),
        "dct:description": str(_("The open data of the directory of France's digital fabrication workshops.")),
        "dct:publisher": publisher,
        "dct:license": {"@id": LICENCE_URI},
        "dct:language": {"@id": "http://publications.europa.eu/resource/authority/language/FRA"},
        "foaf:homepage": {"@id": page},
        "dcat:dataset": [dataset],
    }
