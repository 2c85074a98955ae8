"""Small, pure helpers that turn a messy cell of a source file into a clean field value.

Each returns the cleaned value, or an empty value when nothing usable is there; none raises
on bad input, so the row parsers can never crash on a cell.
"""

import math
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator

from .. import validators

_SPACES = re.compile(r"\s+")
_URL_IN_TEXT = re.compile(r"(?:https?://|www\.)[^\s|\]\[<>\"']+", re.IGNORECASE)
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
_validate_url = URLValidator(schemes=["http", "https"])
_validate_email = EmailValidator()

# Overseas departments: their INSEE code, and the area of validators.FRANCE_AREAS they lie in.
OVERSEAS_AREAS = {"971": "guadeloupe", "972": "martinique", "973": "guyane", "974": "reunion", "976": "mayotte"}


def text(value, max_length: int | None = None) -> str:
    """A single line of text: no surrounding or repeated white space (non-breaking spaces too)."""
    if value is None or isinstance(value, bool):
        return ""
    cleaned = _SPACES.sub(" ", str(value)).strip()
    if max_length is not None and len(cleaned) > max_length:
        cleaned = cleaned[: max_length - 1].rstrip() + "…"
    return cleaned


def paragraph(value) -> str:
    """Multi-line text with each line tidied and runs of blank lines collapsed."""
    if not isinstance(value, str):
        return ""
    lines = [_SPACES.sub(" ", line).strip() for line in value.replace("\r\n", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def website(value) -> str:
    """The first web address found in the cell, with a scheme ("www.x.fr" → "http://www.x.fr").

    The census writes addresses without a scheme and sometimes adds a label ("site|label") or
    stray brackets; "http://" is what the source knows, and sites that moved to HTTPS redirect.
    """
    found = _URL_IN_TEXT.search(text(value))
    if not found:
        candidate = text(value)
        if " " in candidate or "." not in candidate or "@" in candidate:
            return ""
    else:
        candidate = found.group(0)
    candidate = candidate.rstrip(".,;)")
    if not _SCHEME.match(candidate):
        candidate = f"http://{candidate}"
    if len(candidate) > 300:
        return ""
    try:
        _validate_url(candidate)
    except ValidationError:
        return ""
    return candidate


def email(value) -> str:
    """The cell's e-mail address if it holds exactly one valid address, else ""."""
    candidate = text(value).lower()
    if not candidate or len(candidate) > 254:
        return ""
    try:
        _validate_email(candidate)
    except ValidationError:
        return ""
    return candidate


def coordinate(value) -> float | None:
    """A decimal degree from a number or a string (decimal comma accepted), or None."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    else:
        raw = text(value).replace(",", ".")
        if not raw:
            return None
        try:
            number = float(raw)
        except ValueError:
            return None
    return number if math.isfinite(number) else None


def postal_code(value) -> str:
    """A five-digit French postal code, or "" (the census writes "0" when it is unknown)."""
    digits = re.sub(r"\s", "", text(value))
    if len(digits) == 4 and digits.isdigit():
        digits = f"0{digits}"  # spreadsheets drop the leading zero of 01000…09999
    return digits if len(digits) == 5 and digits.isdigit() and digits != "00000" else ""


def department_of_postal_code(code: str) -> str:
    """The department a postal code usually belongs to (a hint only: some cross borders)."""
    if not code:
        return ""
    if code.startswith("97"):
        return code[:3]
    if code.startswith("20"):
        return "2A" if code < "20200" else "2B"
    return code[:2]


def name_key(value) -> str:
    """A comparison key for names: no accents, case, punctuation; "St" spelled "saint"."""
    decomposed = unicodedata.normalize("NFKD", text(value))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    words = re.sub(r"[^a-z0-9]+", " ", plain).split()
    expansions = {"st": "saint", "ste": "sainte"}
    return " ".join(expansions.get(word, word) for word in words)


def area_of(latitude: float, longitude: float) -> str:
    """Which area of validators.FRANCE_AREAS holds the point ("" if none)."""
    for area, (south, west, north, east) in validators.FRANCE_AREAS.items():
        if south <= latitude <= north and west <= longitude <= east:
            return area
    return ""


def expected_area(department: str) -> str:
    return OVERSEAS_AREAS.get(department, "metropolitan")
