"""Field rules of a workshop profile, as plain functions raising ValidationError."""

import re
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from opening_hours import OpeningHours, ParserError
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.fr import siren, siret

from . import geo

# Bounding boxes (south, west, north, east) of metropolitan France and the overseas
# departments and collectivities; a point outside all of them is not in France.
FRANCE_AREAS = {
    "metropolitan": (41.3, -5.3, 51.2, 9.7),
    "guadeloupe": (15.8, -61.9, 16.6, -60.9),
    "martinique": (14.3, -61.3, 14.9, -60.8),
    "guyane": (2.1, -54.7, 5.8, -51.5),
    "reunion": (-21.4, 55.2, -20.8, 55.9),
    "mayotte": (-13.1, 44.9, -12.6, 45.4),
    "saint_pierre_et_miquelon": (46.7, -56.5, 47.2, -56.1),
    "saint_martin_saint_barthelemy": (17.8, -63.2, 18.2, -62.7),
    "wallis_et_futuna": (-14.4, -178.3, -13.1, -176.1),
    "polynesie": (-28.0, -155.0, -7.0, -134.0),
    "nouvelle_caledonie": (-23.0, 163.5, -19.5, 168.2),
}

# Link shorteners: a workshop's website given as one of them hides where it leads (and goo.gl's
# links stopped resolving in 2025). 9 of the 2019 census's websites are such links.
SHORTENER_DOMAINS = frozenset(
    [
        "bit.ly",
        "buff.ly",
        "cutt.ly",
        "goo.gl",
        "is.gd",
        "lnkd.in",
        "ow.ly",
        "rebrand.ly",
        "shorturl.at",
        "t.co",
        "tinyurl.com",
        "urlz.fr",
    ]
)

RNA_RE = re.compile(r"^W\d{9}$")
WIKIDATA_RE = re.compile(r"^Q[1-9]\d*$")
ACCESLIBRE_HOSTS = ("acceslibre.beta.gouv.fr", "acceslibre.gouv.fr")


def in_france(latitude: float, longitude: float) -> bool:
    return any(s <= latitude <= n and w <= longitude <= e for s, w, n, e in FRANCE_AREAS.values())


def validate_coordinates(latitude, longitude):
    if latitude is None and longitude is None:
        return
    if latitude is None or longitude is None:
        raise ValidationError(_("Give both latitude and longitude, or neither."), code="incomplete")
    if not -90 <= latitude <= 90 or not -180 <= longitude <= 180:
        raise ValidationError(
            _("Latitude must be between −90 and 90 and longitude between −180 and 180."), code="range"
        )
    if not in_france(latitude, longitude):
        raise ValidationError(
            _("The position %(lat).5f, %(lon).5f is not in France (metropolitan or overseas)."),
            code="outside_france",
            params={"lat": latitude, "lon": longitude},
        )


PIN_LIMIT_KM = 30


def pin_limit_km(department: str | None) -> float:
    """How far from its commune's centre a workshop's pin may be: the largest communes of
    metropolitan France reach ~25 km from theirs; Guiana's, Réunion's and Mayotte's further."""
    return max(PIN_LIMIT_KM, 2 * geo.FAR_KM_BY_DEPARTMENT.get(department or "", 0))


def validate_pin_near_commune(commune, latitude, longitude):
    """A pin far beyond its commune contradicts it (Toulouse for a Rennes address): one of them is
    wrong, and the map would send visitors there. The address form and the API both ask here."""
    if commune is None or latitude is None or longitude is None or commune.latitude is None:
        return
    distance = geo.haversine_km(latitude, longitude, commune.latitude, commune.longitude)
    if distance > pin_limit_km(commune.department_id):
        raise ValidationError(
            _("The pin is %(km)s km from %(commune)s: place it at the workshop's door, or check the commune."),
            code="pin_far_from_commune",
            params={"km": number_format(round(distance)), "commune": commune.name},
        )


def normalize_siret(value: str) -> str:
    return re.sub(r"[\s.\-]", "", value or "")


def validate_siret_or_siren(value):
    """A 14-digit SIRET or a 9-digit SIREN, checked with its Luhn key."""
    number = normalize_siret(value)
    if not number:
        return
    module = siret if len(number) == 14 else siren if len(number) == 9 else None
    if module is None:
        raise ValidationError(
            _("A SIRET has 14 digits and a SIREN 9; “%(value)s” has %(count)d."),
            code="siret_length",
            params={"value": value, "count": len(number)},
        )
    try:
        module.validate(number)
    except StdnumError:
        raise ValidationError(
            _("“%(value)s” is not a valid SIRET or SIREN number (its check digit is wrong)."),
            code="siret_invalid",
            params={"value": value},
        ) from None


def validate_rna(value):
    if value and not RNA_RE.match(value.strip().upper()):
        raise ValidationError(
            _("An RNA number is a W followed by 9 digits, e.g. W751234567."),
            code="rna_invalid",
        )


def validate_wikidata_id(value):
    if value and not WIKIDATA_RE.match(value):
        raise ValidationError(
            _("A Wikidata item is a Q followed by digits, e.g. Q229367."),
            code="wikidata_invalid",
        )


def is_acceslibre_url(value: str) -> bool:
    """A page of Acceslibre, the national accessibility register (https://acceslibre.beta.gouv.fr/…)."""
    host = re.sub(r"^https?://", "", value or "").split("/", 1)[0].lower()
    return host in ACCESLIBRE_HOSTS or host.endswith(tuple("." + h for h in ACCESLIBRE_HOSTS))


def validate_acceslibre_url(value):
    if value and not is_acceslibre_url(value):
        raise ValidationError(
            _("Give the address of the place's page on Acceslibre (https://acceslibre.beta.gouv.fr/…)."),
            code="acceslibre_invalid",
        )


def validate_opening_hours(value):
    if not value:
        return
    try:
        OpeningHours(value)
    except (ParserError, SyntaxError, ValueError):
        raise ValidationError(
            _(
                "“%(value)s” is not in the OpenStreetMap opening_hours format (e.g. “Mo-Fr 10:00-18:00; Sa 14:00-18:00”)."
            ),
            code="opening_hours_invalid",
            params={"value": value},
        ) from None


def validate_choices(values, choices_class, field_label):
    allowed = set(choices_class.values)
    if not isinstance(values, list):
        raise ValidationError(_("%(field)s must be a list."), code="not_a_list", params={"field": field_label})
    unknown = [v for v in values if v not in allowed]
    if unknown:
        raise ValidationError(
            _("Unknown value(s) for %(field)s: %(values)s."),
            code="unknown_choice",
            params={"field": field_label, "values": ", ".join(map(str, unknown))},
        )


def website_domain(url: str) -> str:
    """The host of a website's address, without "www." ("lebazar.fr" for "https://www.lebazar.fr/")."""
    host = (urlsplit(url if "//" in url else f"//{url}").hostname or "").lower()
    return host.removeprefix("www.")


def domain_suffixes(host: str) -> set[str]:
    """The host and every domain above it but the top level ("a.b.fr" → {"a.b.fr", "b.fr"})."""
    labels = host.split(".")
    return {".".join(labels[i:]) for i in range(len(labels) - 1)}


def is_shortened_link(url: str) -> bool:
    """True when `url` is a link shortener's (goo.gl/…, bit.ly/…), not a website's own address."""
    return website_domain(url or "") in SHORTENER_DOMAINS


PHONE_CHARACTERS = re.compile(r"[\d\s.()/+-]+")
PHONE_SEPARATORS = re.compile(r"[\s.()/-]")


def validate_phone(value: str) -> None:
    """A number visitors can call from the workshop's page: ten French digits (02 99 00 00 00,
    overseas too) or an international number (+33 2 99 00 00 00, 0032 …), with spaces, dots,
    dashes or brackets between digits. Anything else would make a "Call" button that calls nobody."""
    if not value:
        return
    number = PHONE_SEPARATORS.sub("", value)
    if number.startswith("00"):
        number = "+" + number[2:]
    if not PHONE_CHARACTERS.fullmatch(value) or not (
        re.fullmatch(r"0[1-9]\d{8}", number) or re.fullmatch(r"\+[1-9]\d{7,14}", number)
    ):
        raise ValidationError(
            _("Enter a phone number, for example 02 99 00 00 00 or +33 2 99 00 00 00."), code="invalid_phone"
        )


def validate_not_shortened(url: str) -> None:
    if url and is_shortened_link(url):
        raise ValidationError(
            _("A shortened link hides where it leads: give the address of the website itself."),
            code="shortened_link",
        )
