"""OpenStreetMap makerspaces, as an Overpass API answer in JSON (`[out:json]`).

The query this reads (docs/data-quality.md gives it whole) asks for `leisure=hackerspace`
nodes, ways and relations in France with `out center tags;`: a node has `lat`/`lon`, a way or
relation its `center`. Only the makerspaces are kept: `hackerspace=makerspace` (or `fablab`),
or a hackerspace whose name says fablab or makerspace; a hackerspace about software only is
skipped with the reason. The identifier is the element's ("node/123"), stable across edits.

Tags used: name, addr:housenumber, addr:street, addr:postcode, addr:city, website (or
contact:website), email (or contact:email), phone (or contact:phone), opening_hours,
wheelchair, description, ref:FR:SIRET. The commune comes from addr:postcode and addr:city and the
position (`placement.place_row`); an element only its position places is held pending.
Row numbers are positions in the `elements` list, from 1.
"""

from django.utils.translation import gettext as _

from ..vocabularies import Wheelchair
from . import cleaning, machines
from .base import ImportFileError, ImportReport, ParsedRow, Rejection, write
from .gazetteer import Gazetteer
from .inference import infer
from .mednum import contact_fields, legal_identifier
from .placement import Evidence, place_row
from .reading import decode, json_document, read_bytes

SOURCE = "osm"
MAKERSPACE_KINDS = {"makerspace", "fablab"}
ELEMENT_TYPES = {"node", "way", "relation"}


def _tag(tags: dict, *keys: str) -> str:
    for key in keys:
        value = cleaning.text(tags.get(key))
        if value:
            return value
    return ""


def _position(element: dict) -> tuple[float | None, float | None]:
    centre = element if element.get("type") == "node" else element.get("center") or {}
    return cleaning.coordinate(centre.get("lat")), cleaning.coordinate(centre.get("lon"))


def is_makerspace(tags: dict) -> bool:
    if cleaning.text(tags.get("hackerspace")).lower() in MAKERSPACE_KINDS:
        return True
    return machines.speaks_of_fabrication(_tag(tags, "name"), _tag(tags, "description"))


def _street(tags: dict) -> str:
    return cleaning.text(f"{_tag(tags, 'addr:housenumber')} {_tag(tags, 'addr:street', 'addr:place')}", 200)


def parse_element(number: int, element, gazetteer: Gazetteer) -> ParsedRow | Rejection:
    """One OpenStreetMap element → the workshop's fields, or why it is not imported. Never raises."""
    if not isinstance(element, dict) or element.get("type") not in ELEMENT_TYPES:
        return Rejection(number, "", "not_an_element", _("This entry is not an OpenStreetMap node, way or relation."))
    tags = element.get("tags") if isinstance(element.get("tags"), dict) else {}
    name = cleaning.text(tags.get("name"), 200)
    element_id = cleaning.text(element.get("id"))
    if not element_id:
        return Rejection(number, name, "missing_id", _("The element has no id."))
    source_id = f"{element['type']}/{element_id}"
    if not name:
        return Rejection(number, source_id, "missing_name", _("The element has no name tag."))
    if cleaning.text(tags.get("leisure")) != "hackerspace":
        return Rejection(number, name, "not_a_hackerspace", _("Not tagged leisure=hackerspace."))
    if not is_makerspace(tags):
        kind = cleaning.text(tags.get("hackerspace"))
        return Rejection(
            number,
            name,
            "not_a_makerspace",
            _("A hackerspace tagged hackerspace=%(kind)s, not a makerspace, and its name names no fablab.")
            % {"kind": kind or "—"},
        )
    latitude, longitude = _position(element)
    postal_code, city = cleaning.text(tags.get("addr:postcode")), _tag(tags, "addr:city")
    street = _street(tags)
    # A mapper places the node on the building: precise evidence. Without addr:* tags, only the
    # position names the commune, and placement holds the row pending until someone looks.
    placement = place_row(
        Evidence(
            declared_names=(city,),
            postal_code=cleaning.postal_code(postal_code),
            latitude=latitude,
            longitude=longitude,
            precise=True,
            precision="address",
        ),
        gazetteer,
    )
    if placement.outside_france:
        return Rejection(number, name, "outside_france", placement.outside_france)
    place = placement.place
    if place is None:
        return Rejection(
            number,
            name,
            "unknown_commune",
            _("Unknown commune: addr:postcode “%(cp)s”, addr:city “%(city)s”, and no commune near its position.")
            % {"cp": postal_code, "city": city},
        )
    notes = list(placement.notes)
    wheelchair = cleaning.text(tags.get("wheelchair")).lower()
    if wheelchair and wheelchair not in Wheelchair.values:
        notes.append(
            (
                "wheelchair_unknown",
                _("wheelchair=%(value)s is not yes, limited or no; left out.") % {"value": wheelchair},
            )
        )
        wheelchair = ""
    description = cleaning.paragraph(tags.get("description"))
    fields = {
        "name": name,
        "summary": cleaning.text(description, 280),
        "street": street,
        "commune": place.code,
        **placement.position_fields(),
        **contact_fields(
            place,
            gazetteer,
            {
                "postal_code": postal_code,
                "website": _tag(tags, "website", "contact:website", "url"),
                "email": _tag(tags, "email", "contact:email"),
                "phone": _tag(tags, "phone", "contact:phone"),
                "opening_hours": tags.get("opening_hours"),
            },
            notes,
        ),
        **legal_identifier(tags.get("ref:FR:SIRET"), notes),
        "wheelchair": wheelchair,
    }
    equipment = machines.named_machines(name, description)
    return ParsedRow(
        number,
        source_id,
        name,
        fields,
        equipment,
        tuple(notes),
        placement.checked,
        hold=placement.hold,
        provisional=infer(name, fields["email"]),
    )


def parse_file(data: bytes, gazetteer: Gazetteer) -> tuple[str, list]:
    """(encoding used, parsed elements and rejections). Raises ImportFileError."""
    text, encoding = decode(data)
    document = json_document(text)
    elements = document.get("elements") if isinstance(document, dict) else None
    if not isinstance(elements, list):
        raise ImportFileError(
            _("This is not an Overpass API answer in JSON: expected an object with an “elements” list ([out:json]).")
        )
    if not elements:
        raise ImportFileError(_("The Overpass answer has no elements."))
    return encoding, [parse_element(index + 1, element, gazetteer) for index, element in enumerate(elements)]


def import_file(file, *, dry_run: bool = False) -> ImportReport:
    """Import an Overpass JSON answer (a path, bytes or a binary file object). Raises ImportFileError."""
    encoding, results = parse_file(read_bytes(file), Gazetteer.from_database())
    return write(SOURCE, results, dry_run=dry_run, report=ImportReport(SOURCE, dry_run=dry_run, encoding=encoding))
