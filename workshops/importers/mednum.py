"""The national data of *lieux de médiation numérique* (schema v1.0.2, CSV), as ANCT publishes it.

Schema: LaMednum/standard-mediation-num, Table Schema v1.0.2 (the same one `workshops.mednum`
exports). The national cartography lists thousands of digital mediation places; only those that
are fabrication workshops are kept, unless told to take them all:

- typologie FABLAB or FABRIQUE, or the label "Fabriques de Territoire";
- any other place (a TIERS_LIEUX most often) whose name or presentation calls it a fablab or
  makerspace or names one of its machines (`machines.speaks_of_fabrication`).

Every other row is skipped with the reason. Row numbers count the header as row 1. Values of the
standard's vocabularies map back to the directory's where one reading is certain; "Payant" says
nothing of membership or pay per use, so pricing then stays unknown.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .. import hours, mednum, validators
from ..vocabularies import Access, Audience, CarrierType, Label, Pricing, Service
from . import cleaning, machines
from .base import ImportReport, ParsedRow, Rejection, write
from .gazetteer import Gazetteer, Place
from .inference import infer
from .placement import Evidence, Placement, place_row
from .reading import csv_records, decode, read_bytes

SOURCE = "mednum"
REQUIRED_COLUMNS = ("id", "nom", "commune", "code_postal", "adresse")
FABRICATION_TYPOLOGIES = {"FABLAB", "FABRIQUE"}
FABRICATION_LABEL = "Fabriques de Territoire"

# The standard's values → the directory's; the first of these is what the export writes back.
SERVICES = {
    "Loisirs et créations numériques": Service.OPEN_LAB,
    "Compréhension du monde numérique": Service.TRAINING,
    "Comprehension du monde numérique": Service.TRAINING,  # v1.0.2's description spells it so
    "Maîtrise des outils numériques du quotidien": Service.DIGITAL_INCLUSION,
    "Aide aux démarches administratives": Service.DIGITAL_INCLUSION,
    "Accès internet et matériel informatique": Service.DIGITAL_INCLUSION,
}
AUDIENCES = {
    "Jeunes": Audience.CHILDREN,
    "Familles et/ou enfants": Audience.CHILDREN,
    "Étudiants": Audience.STUDENTS,
    "Seniors": Audience.SENIORS,
}
PRICING = {"Gratuit": Pricing.FREE}
_LABEL_TEXTS = {**mednum.NATIONAL_PROGRAMMES, **mednum.TRAINING_LABELS, **mednum.OTHER_LABELS}
LABELS = {_LABEL_TEXTS[code]: code for code in Label.values if code in _LABEL_TEXTS}
CARRIERS = {
    "ASSO": CarrierType.ASSOCIATION,
    "EPN": CarrierType.PUBLIC_DIGITAL_SPACE,
    "BIB": CarrierType.PUBLIC_DIGITAL_SPACE,
    "MUNI": CarrierType.LOCAL_AUTHORITY,
    "CCAS": CarrierType.LOCAL_AUTHORITY,
    "CC": CarrierType.LOCAL_AUTHORITY,
    "CD": CarrierType.LOCAL_AUTHORITY,
}
NO_PUBLIC = "Ce lieu n'accueille pas de public"
ON_REQUEST = {
    "Téléphoner",
    "Contacter par mail",
    "Prendre un RDV en ligne",
    "Envoyer un mail avec une fiche de prescription",
}


def values(cell) -> list[str]:
    """The values of a multi-valued cell ("a|b"), tidied, without empty ones."""
    return [value for value in (cleaning.text(part) for part in str(cell or "").split("|")) if value]


def mapped(cell, vocabulary: dict) -> list[str]:
    """The directory's codes for a cell's values, once each, in the order of the directory's vocabulary."""
    codes = {vocabulary[value] for value in values(cell) if value in vocabulary}
    order = list(dict.fromkeys(vocabulary.values()))
    return sorted(codes, key=order.index)


def is_fabrication(typologies: list[str], labels: list[str], *texts: str) -> bool:
    return (
        bool(FABRICATION_TYPOLOGIES & set(typologies))
        or FABRICATION_LABEL in labels
        or machines.speaks_of_fabrication(*texts)
    )


def not_fabrication_reason(typologies: list[str]) -> str:
    if "TIERS_LIEUX" in typologies:
        return _(
            "A tiers-lieu whose presentation names no machine and no fablab; import with --include-all to keep it."
        )
    return _(
        "Typed “%(typology)s”, with no fabrication typology (FABLAB, FABRIQUE), no “Fabriques de Territoire” "
        "label and no machine named: a digital mediation place, not a fabrication workshop; import with "
        "--include-all to keep it."
    ) % {"typology": "|".join(typologies) or "—"}


def locate(gazetteer: Gazetteer, code, postal_code, name, latitude, longitude, street: str) -> Placement:
    """The commune and position the national standards' fields point at (`placement.place_row`).

    Their coordinates come from geocoding the address, or from the place's own pin: rough
    evidence, an address only when a street is given.
    """
    return place_row(
        Evidence(
            code=cleaning.text(code).upper(),
            declared_names=(cleaning.text(name),),
            postal_code=cleaning.postal_code(postal_code),
            latitude=cleaning.coordinate(latitude),
            longitude=cleaning.coordinate(longitude),
            precision="address" if street else "commune",
        ),
        gazetteer,
    )


def unknown_commune(code: str, postal_code: str, name: str) -> str:
    return _("Unknown commune: INSEE code “%(code)s”, postal code “%(cp)s”, name “%(name)s”.") % {
        "code": code,
        "cp": postal_code,
        "name": name,
    }


def contact_fields(place: Place, gazetteer: Gazetteer, given: dict, notes: list) -> dict:
    """Postal code, links, e-mail, phone, hours and Acceslibre page, each checked; notes say what was left out."""
    postal_code = cleaning.postal_code(given.get("postal_code"))
    if postal_code and not gazetteer.has_postal_code(place, postal_code):
        notes.append(
            (
                "postal_code_mismatch",
                _("The postal code %(cp)s is not one of %(commune)s's; it was left out.")
                % {"cp": postal_code, "commune": place.name},
            )
        )
        postal_code = ""
    links = [url for url in map(cleaning.website, values(given.get("website"))) if url]
    emails = values(given.get("email"))
    email = next((address for address in map(cleaning.email, emails) if address), "")
    opening_hours = cleaning.text(given.get("opening_hours"), 255)
    if opening_hours and hours.parse(opening_hours) is None:
        notes.append(
            (
                "hours_unreadable",
                _("“%(value)s” is not in the OpenStreetMap opening_hours syntax; the hours were left out.")
                % {"value": opening_hours},
            )
        )
        opening_hours = ""
    acceslibre = cleaning.website(given.get("acceslibre"))
    if acceslibre and not validators.is_acceslibre_url(acceslibre):
        notes.append(
            (
                "acceslibre_unreadable",
                _("“%(value)s” is not an Acceslibre page; it was left out.") % {"value": acceslibre},
            )
        )
        acceslibre = ""
    return {
        "postal_code": postal_code,
        "website": "",
        "links": links,  # the writer picks the place's own website among them (contacts.prepare)
        "email": email,
        "phone": cleaning.text(given.get("phone"), 30),
        "opening_hours": opening_hours,
        "acceslibre_url": acceslibre,
    }


def legal_identifier(value, notes: list) -> dict:
    """{"siret": …} or {"rna": …} from a SIRET, SIREN or RNA number; {} (and a note) when it is none."""
    pivot = cleaning.text(value).replace(" ", "").upper()
    if not pivot or set(pivot) == {"0"}:
        return {}
    if validators.RNA_RE.match(pivot):
        return {"rna": pivot}
    try:
        validators.validate_siret_or_siren(pivot)
    except ValidationError:
        notes.append(
            ("pivot_invalid", _("“%(value)s” is neither a valid SIRET, SIREN nor RNA number; it was left out.")
             % {"value": pivot})
        )  # fmt: skip
        return {}
    return {"siret": validators.normalize_siret(pivot)}


def _access(cell) -> str:
    given = set(values(cell))
    if NO_PUBLIC in given:
        return Access.INTERNAL
    if "Se présenter" in given:
        return Access.OPEN
    return Access.ON_REQUEST if given & ON_REQUEST else ""


def updated_on(cell, notes: list) -> date | None:
    """The source's date of last update (`date_maj`), or None and a note when it is not a date."""
    text = cleaning.text(cell)
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        if text:
            notes.append(
                ("date_maj_invalid", _("The update date “%(value)s” is not a date (YYYY-MM-DD).") % {"value": text})
            )
        return None


def parse_row(number: int, row: dict, gazetteer: Gazetteer, include_all: bool = False) -> ParsedRow | Rejection:
    """One place of the national data → the workshop's fields, or why it is not imported. Never raises."""
    name = cleaning.text(row.get("nom"), 200)
    if not name:
        return Rejection(number, "", "missing_name", _("The row has no name (nom)."))
    source_id = cleaning.text(row.get("id"), 100)
    if not source_id:
        return Rejection(number, name, "missing_id", _("The row has no identifier (id)."))
    typologies = [value.upper() for value in values(row.get("typologie"))]
    labels = values(row.get("formations_labels"))
    summary = cleaning.text(row.get("presentation_resume"), 280)
    description = cleaning.paragraph(row.get("presentation_detail"))
    if not include_all and not is_fabrication(typologies, labels, name, summary, description):
        return Rejection(number, name, "not_fabrication", not_fabrication_reason(typologies))

    code = cleaning.text(row.get("code_insee")).upper()
    postal_code, commune_name = cleaning.text(row.get("code_postal")), cleaning.text(row.get("commune"))
    street = cleaning.text(row.get("adresse"), 200)
    placement = locate(gazetteer, code, postal_code, commune_name, row.get("latitude"), row.get("longitude"), street)
    if placement.outside_france:
        return Rejection(number, name, "outside_france", placement.outside_france)
    place = placement.place
    if place is None:
        return Rejection(number, name, "unknown_commune", unknown_commune(code, postal_code, commune_name))
    notes = list(placement.notes)
    source_date = updated_on(row.get("date_maj"), notes)

    fields = {
        "name": name,
        "summary": summary,
        "description": description,
        "street": street,
        "address_extra": cleaning.text(row.get("complement_adresse"), 200),
        "commune": place.code,
        **placement.position_fields(),
        **contact_fields(
            place,
            gazetteer,
            {
                "postal_code": postal_code,
                "website": row.get("site_web"),
                "email": row.get("courriels"),
                "phone": row.get("telephone"),
                "opening_hours": row.get("horaires"),
                "acceslibre": row.get("fiche_acces_libre"),
            },
            notes,
        ),
        **legal_identifier(row.get("pivot"), notes),
        "carrier_type": next((CARRIERS[t] for t in typologies if t in CARRIERS), ""),
        "access": _access(row.get("modalites_acces")),
        "pricing": next(iter(mapped(row.get("frais_a_charge"), PRICING)), ""),
        "services": mapped(row.get("services"), SERVICES),
        "audiences": mapped(row.get("publics_specifiquement_adresses"), AUDIENCES),
        "labels": mapped(
            "|".join(
                str(row.get(column) or "")
                for column in ("dispositif_programmes_nationaux", "formations_labels", "autres_formations_labels")
            ),
            LABELS,
        ),
    }
    equipment = machines.named_machines(name, summary, description)
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
        provisional=infer(name, fields["email"], fablab="FABLAB" in typologies),
    )


def parse_file(data: bytes, gazetteer: Gazetteer, include_all: bool = False) -> tuple[str, list]:
    """(encoding used, parsed rows and rejections) for a whole file. Raises ImportFileError."""
    text, encoding = decode(data)
    not_this_file = _(
        "This is not a file of the national standard of digital mediation places (schema v1.0.2): "
        "the columns %(missing)s are missing (the first line must name the columns: id, pivot, nom, "
        "commune, code_postal, adresse…)."
    )
    rows = csv_records(text, lambda column: cleaning.text(column).lower(), REQUIRED_COLUMNS, not_this_file)
    return encoding, [parse_row(number, row, gazetteer, include_all) for number, row in rows]


def import_file(file, *, dry_run: bool = False, include_all: bool = False) -> ImportReport:
    """Import a national mediation file (a path, bytes or a binary file object). Raises ImportFileError."""
    encoding, results = parse_file(read_bytes(file), Gazetteer.from_database(), include_all)
    return write(SOURCE, results, dry_run=dry_run, report=ImportReport(SOURCE, dry_run=dry_run, encoding=encoding))
