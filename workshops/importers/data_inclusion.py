"""data·inclusion structures (schema v1.0.8, JSON), the national register of inclusion services.

Schema: gip-inclusion/data-inclusion-schema v1.0.8, `Structure`: required source, id, nom,
date_maj; optional description, lien_source, siret, commune, code_postal, code_insee, adresse,
complement_adresse, longitude, latitude, telephone, courriel, site_web, horaires_accueil
(OpenStreetMap syntax), accessibilite_lieu (an Acceslibre page) and reseaux_porteurs. The file
is a JSON list of structures, or the API's page (`{"items": [...]}`). Row numbers are positions
in the list, from 1.

v1 has no typology: a structure is kept when its networks include "fabrique-de-territoire" or
when its name or description calls it a fablab or makerspace or names a machine; every other
one is skipped with the reason (unless told to take them all).
"""

from django.utils.translation import gettext as _

from ..vocabularies import CarrierType, Label
from . import cleaning, machines
from .base import ImportFileError, ImportReport, ParsedRow, Rejection, write
from .gazetteer import Gazetteer
from .inference import infer
from .mednum import contact_fields, legal_identifier, locate, unknown_commune, updated_on
from .reading import decode, json_document, read_bytes

SOURCE = "data-inclusion"
FABRIQUE_NETWORK = "fabrique-de-territoire"
LABELS = {
    FABRIQUE_NETWORK: Label.FABRIQUE_DE_TERRITOIRE,
    "france-service": Label.FRANCE_SERVICES,
    "grandes-ecoles-du-numerique": Label.GRANDE_ECOLE_NUMERIQUE,
}
CARRIERS = {
    "espaces-publics-numeriques": CarrierType.PUBLIC_DIGITAL_SPACE,
    "communes": CarrierType.LOCAL_AUTHORITY,
    "departements": CarrierType.LOCAL_AUTHORITY,
    "regions": CarrierType.LOCAL_AUTHORITY,
}


def _networks(value) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        return []
    return [cleaning.text(item).lower() for item in value if cleaning.text(item)]


def parse_structure(number: int, structure, gazetteer: Gazetteer, include_all: bool = False) -> ParsedRow | Rejection:
    """One data·inclusion structure → the workshop's fields, or why it is not imported. Never raises."""
    if not isinstance(structure, dict):
        return Rejection(number, "", "not_an_object", _("This entry is not a JSON object."))
    name = cleaning.text(structure.get("nom"), 200)
    if not name:
        return Rejection(number, "", "missing_name", _("The structure has no name (nom)."))
    source_id = cleaning.text(structure.get("id"), 100)
    if not source_id:
        return Rejection(number, name, "missing_id", _("The structure has no identifier (id)."))
    networks = _networks(structure.get("reseaux_porteurs"))
    description = cleaning.paragraph(structure.get("description"))
    if not include_all and FABRIQUE_NETWORK not in networks and not machines.speaks_of_fabrication(name, description):
        return Rejection(
            number,
            name,
            "not_fabrication",
            _(
                "Not a “Fabrique de Territoire”, and its name and description name no machine and no fablab; "
                "import with --include-all to keep it."
            ),
        )
    code = cleaning.text(structure.get("code_insee")).upper()
    postal_code, commune_name = cleaning.text(structure.get("code_postal")), cleaning.text(structure.get("commune"))
    street = cleaning.text(structure.get("adresse"), 200)
    placement = locate(
        gazetteer, code, postal_code, commune_name, structure.get("latitude"), structure.get("longitude"), street
    )
    if placement.outside_france:
        return Rejection(number, name, "outside_france", placement.outside_france)
    place = placement.place
    if place is None:
        return Rejection(number, name, "unknown_commune", unknown_commune(code, postal_code, commune_name))
    notes = list(placement.notes)
    source_date = updated_on(structure.get("date_maj"), notes)
    summary = cleaning.text(description.split("\n", 1)[0], 280) if description else ""
    fields = {
        "name": name,
        "summary": summary,
        "description": description,
        "street": street,
        "address_extra": cleaning.text(structure.get("complement_adresse"), 200),
        "commune": place.code,
        **placement.position_fields(),
        **contact_fields(
            place,
            gazetteer,
            {
                "postal_code": postal_code,
                "website": structure.get("site_web"),
                "email": structure.get("courriel"),
                "phone": structure.get("telephone"),
                "opening_hours": structure.get("horaires_accueil"),
                "acceslibre": structure.get("accessibilite_lieu"),
            },
            notes,
        ),
        **legal_identifier(structure.get("siret"), notes),
        "carrier_type": next((CARRIERS[n] for n in networks if n in CARRIERS), ""),
        "labels": list(dict.fromkeys(LABELS[n] for n in networks if n in LABELS)),
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
        source_date=source_date,
        provisional=infer(name, fields["email"]),
    )


def parse_file(data: bytes, gazetteer: Gazetteer, include_all: bool = False) -> tuple[str, list]:
    """(encoding used, parsed structures and rejections). Raises ImportFileError."""
    text, encoding = decode(data)
    document = json_document(text)
    structures = document.get("items") if isinstance(document, dict) else document
    if not isinstance(structures, list):
        raise ImportFileError(
            _("This is not a list of data·inclusion structures: expected a list, or an object with an “items” list.")
        )
    if not structures:
        raise ImportFileError(_("The list of structures is empty."))
    return encoding, [parse_structure(index + 1, item, gazetteer, include_all) for index, item in enumerate(structures)]


def import_file(file, *, dry_run: bool = False, include_all: bool = False) -> ImportReport:
    """Import a data·inclusion structures file (a path, bytes or a binary file object). Raises ImportFileError."""
    encoding, results = parse_file(read_bytes(file), Gazetteer.from_database(), include_all)
    return write(SOURCE, results, dry_run=dry_run, report=ImportReport(SOURCE, dry_run=dry_run, encoding=encoding))
