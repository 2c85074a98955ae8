"""The CGET/ANCT 2019 census of tiers-lieux ("Mission Coworking"), as published in CSV.

Columns used: ID, NOM_TL, ADRESSE, CP, COMINIT, INSEECOM, NOMCOM, WEB, MAIL, TYPO, LAT, LONG,
GEOCOD, PRECISION, INSEEDEP. Its quirks: CP is "0" when unknown and INSEECOM is "0" in some
rows (the commune is then looked up by postal code and name), websites have no scheme, and
INSEEDEP is sometimes the metropolis's department rather than the commune's. Row numbers
count the header as row 1, as a spreadsheet does.
"""

import datetime
import re

from django.utils.translation import gettext as _

from . import cleaning
from .base import ImportReport, ParsedRow, Rejection, write
from .gazetteer import Gazetteer, Place
from .inference import infer_census
from .placement import Evidence, place_row
from .reading import csv_records, decode, read_bytes

SOURCE = "cget-2019"
# The census was collected in 2019 (published by the CGET, now ANCT, "Mission Coworking").
SOURCE_DATE = datetime.date(2019, 1, 1)
REQUIRED_COLUMNS = ("ID", "NOM_TL", "ADRESSE", "CP", "INSEECOM", "NOMCOM", "WEB", "TYPO", "LAT", "LONG")
HAND_PLACED = "PLACE A LA MAIN"


def is_fablab(typo: str) -> bool:
    return "fablab" in cleaning.name_key(typo).split()


# A geocoder's answer (GEOCOD) that names a postal code names more than a commune ("Rue de la Paix
# 35000 Rennes"); one that starts with a number found the house ("2 rue de la Gare 44000 Nantes").
POSTAL_CODE = re.compile(r"\b\d{5}\b")


def _precision(row: dict) -> str:
    """What the census's position is: the geocoder's score (PRECISION) says how sure it was of
    what it found, GEOCOD what it found, which bounds the precision. A commune alone (a row with
    no street: "Ebus (itinérant)", "Le Biome", scored 0.94 and 0.98) is at the commune; a street
    or a place without a house number is in the street at best. Placed by hand: at the address."""
    found = cleaning.text(row.get("GEOCOD"))
    if found.upper() == HAND_PLACED:
        return "address"
    score = cleaning.coordinate(row.get("PRECISION"))
    if score is None or not 0 <= score <= 1:
        return ""
    street = cleaning.text(row.get("ADRESSE"))
    commune_only = not street or (found and not POSTAL_CODE.search(found))
    if commune_only or score < 0.5:
        return "commune"
    # Without its answer, the row's own address says whether there is a number to find.
    numbered = found[:1].isdigit() if found else any(character.isdigit() for character in street)
    return "address" if score >= 0.8 and numbered else "street"


# Words of a name or a type that say a place is a fabrication workshop (for --include-all).
WORKSHOP_WORDS = {
    "fablab", "fab", "lab", "labs", "labo", "makerspace", "maker", "makers", "hackerspace", "hacklab",
    "atelier", "ateliers", "fabrique", "repair", "bricolab", "techshop", "prototypage", "electrolab",
}  # fmt: skip
HOTEL_WORDS = {"hotel", "novotel", "ibis", "mercure", "kyriad", "campanile", "sofitel", "pullman", "adagio"}


def says_workshop(*texts: str) -> bool:
    """Whether a name or a type says the place makes things ("Liffab", "Atelier partagé", "FabLab…")."""
    for value in texts:
        for word in cleaning.name_key(value).split():
            if word in WORKSHOP_WORDS or word.endswith(("lab", "fab")) or word.startswith(("fablab", "fabrik")):
                return True
    return False


def _not_a_workshop(number: int, name: str, typo: str) -> Rejection | None:
    """--include-all keeps only the places whose type or name says they are workshops."""
    if is_fablab(typo) or says_workshop(name):
        return None
    if set(cleaning.name_key(name).split()) & HOTEL_WORDS:
        reason = _("“%(name)s” is a hotel, not a fabrication workshop.") % {"name": name}
        return Rejection(number, name, "hotel", reason)
    reason = _("Neither its type (“%(typo)s”) nor its name says it is a fabrication workshop.") % {"typo": typo or "—"}
    return Rejection(number, name, "not_a_workshop", reason)


def _commune(row: dict, gazetteer: Gazetteer) -> tuple[Place | None, tuple[str, str] | None]:
    """The row's commune, and a note when it had to be found without a valid INSEE code.

    Fallbacks, in order: a former commune's code, leading to the commune it was merged into; the
    postal code and the name; then, outside metropolises (METRO "0"), INSEEMETRO, which there is
    the commune's own code (or, after a merger, its new commune's).
    """
    code = cleaning.text(row.get("INSEECOM"))
    place = gazetteer.by_code(code) if code not in ("", "0") else None
    if place is not None:
        return place, None
    former = gazetteer.former(code)
    if former is not None:
        former_name, place = former
        note = _("The INSEE code %(code)s is that of %(former)s, now part of %(commune)s (%(insee)s).") % {
            "code": code,
            "former": former_name,
            "commune": place.name,
            "insee": place.code,
        }
        return place, ("former_commune", note)
    postal_code = cleaning.postal_code(row.get("CP"))
    department = "" if postal_code else cleaning.text(row.get("INSEEDEP"))
    without_code = (
        _("No INSEE code (INSEECOM is “%(code)s”)") % {"code": code}
        if code in ("", "0")
        else _("The INSEE code %(code)s is not a current commune") % {"code": code}
    )
    for name in (row.get("NOMCOM"), row.get("COMINIT")):
        place = gazetteer.find(postal_code, cleaning.text(name), department)
        if place is not None:
            note = _("%(problem)s; %(commune)s (%(insee)s) was found from the postal code and the name.") % {
                "problem": without_code,
                "commune": place.name,
                "insee": place.code,
            }
            return place, ("commune_from_name", note)
    if cleaning.text(row.get("METRO")) == "0":
        place = gazetteer.by_code(cleaning.text(row.get("INSEEMETRO")))
        if place is not None:
            note = _("%(problem)s; %(commune)s (%(insee)s) was taken from INSEEMETRO, check it.") % {
                "problem": without_code,
                "commune": place.name,
                "insee": place.code,
            }
            return place, ("commune_from_name", note)
    return None, None


def parse_row(number: int, row: dict, gazetteer: Gazetteer, include_all: bool = False) -> ParsedRow | Rejection:
    """One census row → the workshop's fields, or the reason it is not imported. Never raises."""
    name = cleaning.text(row.get("NOM_TL"), 200)
    if not name:
        return Rejection(number, "", "missing_name", _("The row has no name (NOM_TL)."))
    source_id = cleaning.text(row.get("ID"), 100)
    if not source_id:
        return Rejection(number, name, "missing_id", _("The row has no identifier (ID)."))
    typo = cleaning.text(row.get("TYPO"))
    if not include_all and not is_fablab(typo):
        reason = (
            _("Typed “%(typo)s”, not “à dominante fablab”; import with --include-all to keep it.") % {"typo": typo}
            if typo
            else _("No type (TYPO is empty), so not known as a fablab; import with --include-all to keep it.")
        )
        return Rejection(number, name, "not_fablab", reason)
    rejection = _not_a_workshop(number, name, typo)
    if rejection is not None:
        return rejection

    census_place, commune_note = _commune(row, gazetteer)
    score = cleaning.coordinate(row.get("PRECISION"))
    placement = place_row(
        Evidence(
            code=census_place.code if census_place else "",
            # Outside metropolises, INSEEMETRO is the commune's own code (or its new commune's).
            other_code=cleaning.text(row.get("INSEEMETRO")) if cleaning.text(row.get("METRO")) == "0" else "",
            declared_names=(cleaning.text(row.get("COMINIT")),),
            postal_code=cleaning.postal_code(row.get("CP")),
            department=cleaning.text(row.get("INSEEDEP")),
            latitude=cleaning.coordinate(row.get("LAT")),
            longitude=cleaning.coordinate(row.get("LONG")),
            precise=cleaning.text(row.get("GEOCOD")).upper() == HAND_PLACED or (score is not None and score >= 0.8),
            precision=_precision(row),
        ),
        gazetteer,
    )
    if placement.outside_france:
        return Rejection(number, name, "outside_france", placement.outside_france)
    place = placement.place
    if place is None:
        reason = _("Unknown commune: INSEE code “%(code)s”, postal code “%(cp)s”, name “%(name)s”.") % {
            "code": cleaning.text(row.get("INSEECOM")),
            "cp": cleaning.text(row.get("CP")),
            "name": cleaning.text(row.get("NOMCOM")) or cleaning.text(row.get("COMINIT")),
        }
        return Rejection(number, name, "unknown_commune", reason)
    notes = [commune_note] if commune_note and place == census_place else []
    department = cleaning.text(row.get("INSEEDEP"))
    if department and department != place.department:
        notes.append(
            (
                "department_mismatch",
                _("The census gives the department %(given)s, but %(commune)s (%(insee)s) is in %(department)s.")
                % {"given": department, "commune": place.name, "insee": place.code, "department": place.department},
            )
        )

    notes.extend(placement.notes)

    postal_code = cleaning.postal_code(row.get("CP"))
    if postal_code and not gazetteer.has_postal_code(place, postal_code):
        notes.append(
            (
                "postal_code_mismatch",
                _("The postal code %(cp)s is not one of %(commune)s's; it was left out.")
                % {"cp": postal_code, "commune": place.name},
            )
        )
        postal_code = ""
    website = cleaning.website(row.get("WEB"))
    social = [cleaning.website(row.get(column)) for column in ("TWITTER", "FACEBOOK")]
    if cleaning.text(row.get("WEB")) and not website:
        notes.append(
            (
                "website_unreadable",
                _("“%(value)s” is not a web address; the website was left out.")
                % {"value": cleaning.text(row.get("WEB"))},
            )
        )
    email = cleaning.email(row.get("MAIL"))
    if cleaning.text(row.get("MAIL")) and not email:
        notes.append(
            (
                "email_unreadable",
                _("“%(value)s” is not one e-mail address; the e-mail was left out.")
                % {"value": cleaning.text(row.get("MAIL"))},
            )
        )

    fields = {
        "name": name,
        "street": cleaning.text(row.get("ADRESSE"), 200),
        "postal_code": postal_code,
        "commune": place.code,
        **placement.position_fields(),
        "website": website,
        "links": [url for url in social if url],
        "email": email,
        "services": [] if is_fablab(typo) or not typo else ["coworking"],
    }
    return ParsedRow(
        number,
        source_id,
        name,
        fields,
        notes=tuple(notes),
        position_checked=placement.checked,
        hold=placement.hold,
        source_date=SOURCE_DATE,
        provisional=infer_census(row, fields),
    )


def parse_file(data: bytes, gazetteer: Gazetteer, include_all: bool = False) -> tuple[str, list]:
    """(encoding used, parsed rows and rejections) for a whole file. Raises ImportFileError."""
    text, encoding = decode(data)
    not_this_file = _(
        "This is not the CGET census CSV: the columns %(missing)s are missing "
        "(the first line must name the columns, e.g. ID, NOM_TL, INSEECOM, TYPO, LAT, LONG)."
    )
    rows = csv_records(text, lambda column: cleaning.text(column).upper(), REQUIRED_COLUMNS, not_this_file)
    return encoding, [parse_row(number, row, gazetteer, include_all) for number, row in rows]


def import_file(file, *, dry_run: bool = False, include_all: bool = False) -> ImportReport:
    """Import a census file (a path, bytes or a binary file object). Raises ImportFileError."""
    encoding, results = parse_file(read_bytes(file), Gazetteer.from_database(), include_all)
    return write(SOURCE, results, dry_run=dry_run, report=ImportReport(SOURCE, dry_run=dry_run, encoding=encoding))
