"""The fablabs.io list of labs (its public API's JSON: `{"labs": [...]}` or a bare list).

Fields used: id, name, kind_name, blurb, description, address_1, address_2, city,
postal_code, country_code, latitude, longitude, phone, email, capabilities, activity_status,
activity_start_at, activity_closed_at, updated_at, links. Only labs in France are kept: country code "fr" in any case, and the overseas
departments' own ISO codes (gp, mq, gf, re, yt). Row numbers are positions in the list, from 1.
"""

import datetime

from django.utils.translation import gettext as _

from ..taxonomy import EQUIPMENT_TYPES
from ..vocabularies import ActivityStatus, Label
from . import cleaning
from .base import ImportFileError, ImportReport, ParsedRow, Rejection, write
from .gazetteer import Gazetteer
from .inference import infer
from .placement import Evidence, place_row
from .reading import decode, json_document, read_bytes

SOURCE = "fablabs-io"
FRENCH_COUNTRY_CODES = {"fr", "gp", "mq", "gf", "re", "yt"}


def _capability_types() -> dict[str, str]:
    """Each capability → the first equipment type of the taxonomy that carries it."""
    types = {}
    for slug, *_names, capability in EQUIPMENT_TYPES:
        if capability:
            types.setdefault(capability, slug)
    return types


CAPABILITY_TYPES = _capability_types()
ACTIVITY = {"active": ActivityStatus.ACTIVE, "planned": ActivityStatus.PLANNED, "closed": ActivityStatus.CLOSED}
# Listing a lab of these kinds on fablabs.io means accepting the Fab Charter.
CHARTER_KINDS = {"fab_lab", "mini_fab_lab", "supernode"}
PLANNED_KIND = "planned_fab_lab"


def _links(links) -> list[str]:
    if not isinstance(links, list):
        links = [links]
    urls = [cleaning.website(link.get("url") if isinstance(link, dict) else link) for link in links]
    return [url for url in urls if url]


def _date(value) -> datetime.date | None:
    """The date of an ISO 8601 date or timestamp ("2019-03-04T10:00:00Z"), or None."""
    text = cleaning.text(value)[:10]
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


def _equipment(capabilities) -> tuple[tuple[str, ...], list[str]]:
    """(equipment type slugs, capabilities we do not know)."""
    if not isinstance(capabilities, list):
        capabilities = [capabilities] if capabilities else []
    slugs, unknown = [], []
    for capability in capabilities:
        code = cleaning.text(capability).casefold()
        if code in CAPABILITY_TYPES:
            if CAPABILITY_TYPES[code] not in slugs:
                slugs.append(CAPABILITY_TYPES[code])
        elif code:
            unknown.append(code)
    return tuple(slugs), unknown


def _activity(lab: dict, kind: str) -> tuple[str, tuple[str, str] | None]:
    status = cleaning.text(lab.get("activity_status")).casefold()
    if status in ACTIVITY:
        return ACTIVITY[status], None
    fallback = ActivityStatus.PLANNED if kind == PLANNED_KIND else ActivityStatus.ACTIVE
    if not status:
        return fallback, None
    note = _("Unknown activity status “%(status)s”; taken as “%(taken)s”.") % {
        "status": status,
        "taken": fallback.label,
    }
    return fallback, ("activity_status_unknown", note)


def parse_lab(number: int, lab, gazetteer: Gazetteer) -> ParsedRow | Rejection:
    """One fablabs.io lab → the workshop's fields, or the reason it is not imported. Never raises."""
    if not isinstance(lab, dict):
        return Rejection(number, "", "not_an_object", _("This entry is not a JSON object."))
    name = cleaning.text(lab.get("name"), 200)
    if not name:
        return Rejection(number, "", "missing_name", _("The lab has no name."))
    source_id = cleaning.text(lab.get("id"), 100)
    if not source_id:
        return Rejection(number, name, "missing_id", _("The lab has no id."))
    country = cleaning.text(lab.get("country_code")).casefold()
    if country not in FRENCH_COUNTRY_CODES:
        return Rejection(
            number, name, "not_in_france", _("In the country “%(code)s”, not France.") % {"code": country or "?"}
        )
    postal_code = cleaning.postal_code(lab.get("postal_code"))
    city = cleaning.text(lab.get("city"))
    street = cleaning.text(lab.get("address_1"), 200)
    placement = place_row(
        Evidence(
            declared_names=(city,),
            postal_code=postal_code,
            latitude=cleaning.coordinate(lab.get("latitude")),
            longitude=cleaning.coordinate(lab.get("longitude")),
            # Labs place their own pin, often on the city centre: only an address makes it one.
            precision="address" if street else "commune",
        ),
        gazetteer,
    )
    place = placement.place
    if placement.outside_france:
        return Rejection(number, name, "outside_france", placement.outside_france)
    if place is None:
        return Rejection(
            number,
            name,
            "unknown_commune",
            _("Unknown commune: postal code “%(cp)s”, city “%(city)s”.")
            % {"cp": cleaning.text(lab.get("postal_code")), "city": city},
        )
    notes = list(placement.notes)
    if postal_code and not gazetteer.has_postal_code(place, postal_code):
        postal_code = ""
    kind = cleaning.text(lab.get("kind_name")).casefold()
    activity, activity_note = _activity(lab, kind)
    if activity_note:
        notes.append(activity_note)
    equipment, unknown = _equipment(lab.get("capabilities"))
    if unknown:
        notes.append(
            (
                "capability_unknown",
                _("Capabilities without a matching equipment type: %(codes)s.") % {"codes": ", ".join(unknown)},
            )
        )
    email = cleaning.email(lab.get("email"))
    fields = {
        "name": name,
        "summary": cleaning.text(lab.get("blurb"), 280),
        "description": cleaning.paragraph(lab.get("description")),
        "street": street,
        "address_extra": cleaning.text(lab.get("address_2"), 200),
        "postal_code": postal_code,
        "commune": place.code,
        **placement.position_fields(),
        "website": "",
        "links": _links(lab.get("links")),
        "email": email,
        "phone": cleaning.text(lab.get("phone"), 30),
        "activity_status": activity,
        "activity_started_on": _date(lab.get("activity_start_at")),
        "activity_closed_on": _date(lab.get("activity_closed_at")),
        "labels": [Label.FAB_CHARTER] if kind in CHARTER_KINDS else [],
    }
    return ParsedRow(
        number,
        source_id,
        name,
        fields,
        equipment,
        tuple(notes),
        placement.checked,
        hold=placement.hold,
        source_date=_date(lab.get("updated_at")) or _date(lab.get("created_at")),
        provisional=infer(name, email, charter=kind in CHARTER_KINDS),
    )


def parse_file(data: bytes, gazetteer: Gazetteer) -> tuple[str, list]:
    """(encoding used, parsed labs and rejections). Raises ImportFileError."""
    text, encoding = decode(data)
    document = json_document(text)
    labs = document.get("labs") if isinstance(document, dict) else document
    if not isinstance(labs, list):
        raise ImportFileError(
            _("This is not a fablabs.io list: expected a list of labs, or an object with a “labs” list.")
        )
    if not labs:
        raise ImportFileError(_("The list of labs is empty."))
    return encoding, [parse_lab(index + 1, lab, gazetteer) for index, lab in enumerate(labs)]


def import_file(file, *, dry_run: bool = False) -> ImportReport:
    """Import a fablabs.io JSON file (a path, bytes or a binary file object). Raises ImportFileError."""
    encoding, results = parse_file(read_bytes(file), Gazetteer.from_database())
    return write(SOURCE, results, dry_run=dry_run, report=ImportReport(SOURCE, dry_run=dry_run, encoding=encoding))
