"""Workshops as the OpenStreetMap tags a mapper would add, in GeoJSON, for contributing back.

One Feature per located workshop (a mapper needs a position), its properties the tags of a
makerspace node: `leisure=hackerspace` + `hackerspace=makerspace`, name, address, contact,
`opening_hours`, `wheelchair=yes|limited|no`. Contributing them is a mapper's decision, made
with OSM's import guidelines and the Licence Ouverte 2.0's compatibility with the ODbL; each
feature keeps the directory's page in `source:url` so that it can be checked first. The
`osm-json` importer reads these same tags back.
"""

import json
import re
from collections.abc import Iterator

from django.conf import settings
from django.urls import reverse

from . import hours
from .mednum import phone

WIKI_URL = "https://wiki.openstreetmap.org/wiki/Tag:hackerspace%3Dmakerspace"
HOUSE_NUMBER = re.compile(r"^(\d+(?:\s?(?:bis|ter|quater|[a-z]))?)[,\s]+(.+)$", re.IGNORECASE)


def split_street(street: str) -> tuple[str, str]:
    """("38", "Rue de la Tour d'Auvergne") from "38 Rue de la Tour d'Auvergne"; ("", street) otherwise."""
    found = HOUSE_NUMBER.match(street.strip())
    return (found.group(1), found.group(2)) if found else ("", street.strip())


def tags(workshop) -> dict[str, str]:
    """The OSM tags of a workshop; keys with no value are left out, as a mapper would."""
    number, street = split_street(workshop.street)
    values = {
        "leisure": "hackerspace",
        "hackerspace": "makerspace",
        "name": workshop.name,
        "addr:housenumber": number,
        "addr:street": street,
        "addr:postcode": workshop.postal_code,
        "addr:city": workshop.commune.name if workshop.commune_id else "",
        "website": workshop.website,
        "email": workshop.email,
        "phone": phone(workshop.phone, workshop.region_id),
        "opening_hours": workshop.opening_hours if hours.parse(workshop.opening_hours) else "",
        "wheelchair": workshop.wheelchair,
        "description": workshop.summary,
        # No ref:FR:SIRET: the carrier's number is private here as in the other open files
        # (exports.PRIVATE_FIELDS); a mapper takes it from the SIRENE register, where it is public.
        "source:url": settings.SITE_URL + reverse("workshops:detail", args=[workshop.slug]),
    }
    return {key: value for key, value in values.items() if value}


def feature(workshop) -> dict:
    return {
        "type": "Feature",
        "id": workshop.slug,
        "geometry": {"type": "Point", "coordinates": [round(workshop.longitude, 7), round(workshop.latitude, 7)]},
        "properties": tags(workshop),
    }


def chunks(workshops, export) -> Iterator[str]:
    metadata = {
        "source": settings.SITE_URL,
        "exported_on": export.exported_on.isoformat(),
        "licence": export.licence,
        "tagging": WIKI_URL,
    }
    yield '{"type": "FeatureCollection", "metadata": ' + json.dumps(metadata, ensure_ascii=False) + ', "features": ['
    separator = ""
    for workshop in workshops:
        if workshop.latitude is None or workshop.longitude is None:
            continue
        yield separator + json.dumps(feature(workshop), ensure_ascii=False)
        separator = ",\n"
    yield "]}\n"
