"""A place typed by a person (a commune's name, a postal code, "Paris 5e") turned into a point.

The one parser for the pages, the place suggestions and the API. It needs only the territories
tables: every commune's position is loaded with the COG (positions.py), so no place search waits
on the network. Names are compared in a normal form (`search_name`): case, accents, hyphens and
apostrophes ignored, "st"/"ste" read as saint/sainte, "5e"/"1er arrondissement" as 5 and 1; a
name may leave out the article the commune's starts with ("Mans", "Havre") and, when it matches
nothing else, may glue an elided article to the name ("Lhay-les-Roses"), as people write them.
"""

import os
import re
import unicodedata
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.db.models.functions import Replace
from django.utils.translation import gettext as _

from .models import Commune, Department, FormerCommune, PostalCode, Region

POSTAL_CODE = re.compile(r"\b(\d{5})\b")
# Codes no commune has, which people commonly type for the three cities split into arrondissements
# (whose postal codes are 75001…, 69001…, 13001…): they mean the whole city.
CITY_POSTAL_CODES = {"75000": "75056", "69000": "69123", "13000": "13055"}
# "Nantes (44)", the form of the suggestions' labels; the department narrows homonyms.
DEPARTMENT_SUFFIX = re.compile(r"\(\s*(\d[\dAB]|97\d)\s*\)\s*$", re.IGNORECASE)
DEPARTMENT_CODE = re.compile(r"\d[\dAB]|97\d", re.IGNORECASE)
ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}
# "5e", "5ème", "1er", "2nd" and the word "arrondissement" around an arrondissement's number.
ORDINAL = re.compile(r"\b(\d{1,2})\s*(?:er|ere|e|eme|ieme|nd|nde)\b")
ARRONDISSEMENT_WORDS = re.compile(r"\b(?:arrondissement|arrdt|arr)\b")
NOT_ALPHANUMERIC = re.compile(r"[^a-z0-9]+")
MAX_CANDIDATES = 20
MAX_CHOICES = 8
MIN_PREFIX = 3
# The articles a commune's name may start with, which people leave out ("Haÿ-les-Roses").
ARTICLES = ("l", "la", "le", "les")


# Letters that no decomposition brings back to ASCII, written as keyboards type them
# ("Vandoeuvre" for Vandœuvre-lès-Nancy): dropped, they made "Vandœuvre" read "vanduvre".
LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss"})


def normalise(text: str) -> str:
    """The form in which names are compared: "Saint-Étienne-du-Rouvray" → "saint etienne du rouvray",
    "Vandœuvre-lès-Nancy" → "vandoeuvre les nancy"."""
    text = unicodedata.normalize("NFKD", (text or "").translate(LIGATURES))
    text = text.encode("ascii", "ignore").decode("ascii").lower()
    text = NOT_ALPHANUMERIC.sub(" ", text)
    text = ARRONDISSEMENT_WORDS.sub(" ", ORDINAL.sub(r"\1", text))
    return " ".join(ABBREVIATIONS.get(word, word) for word in text.split())


@dataclass(frozen=True)
class Place:
    label: str
    latitude: float
    longitude: float
    commune_code: str
    # The other communes the text may have meant (homonyms, a shared postal code), largest first.
    alternatives: list = field(default_factory=list, compare=False)


class PlaceError(Exception):
    """The place cannot be resolved; the message says why, for the person who typed it.

    `suggestions` lists communes whose names come closest, for the person to pick from.
    """

    def __init__(self, message, suggestions=()):
        super().__init__(message)
        self.suggestions = list(suggestions)


def label(commune: Commune) -> str:
    return f"{commune.name} ({commune.department_id})"


def _starts(field: str, prefix: str) -> Q:
    """`field` starts with `prefix`, in a way each database finds by the field's index.

    PostgreSQL reads LIKE 'x%' from the index Django adds for it. SQLite's LIKE ignores case, so
    it cannot use the index; a range can, and is the same condition on values of [a-z0-9 ] only
    (names in normal form, postal codes), which all sort before "~" in SQLite's binary order.
    """
    condition = Q(**{f"{field}__startswith": prefix})
    if connection.vendor == "sqlite":
        condition &= Q(**{f"{field}__gte": prefix, f"{field}__lt": prefix + "~"})
    return condition


def _name_starts(prefix: str) -> Q:
    return _starts("search_name", prefix)


def _with_postal_code(prefix):
    # A subquery rather than a join: no duplicates, so no DISTINCT to clash with the ordering.
    codes = PostalCode.objects.filter(_starts("code", prefix)).values("commune_id")
    if prefix in CITY_POSTAL_CODES:
        return Commune.objects.filter(Q(pk__in=codes) | Q(pk=CITY_POSTAL_CODES[prefix])).values("pk")
    return codes


def _merged_into(**name_lookup):
    """The communes that the former communes matching `name_lookup` were merged into (a subquery)."""
    return FormerCommune.objects.filter(**name_lookup).values("successor_id")


def _starts_with_or_after_its_article(name: str) -> Q:
    """Names that start with `name` (in normal form), or with it after the article the person left
    out ("mans": Le Mans, "hay les roses": L'Haÿ-les-Roses)."""
    condition = _name_starts(name)
    for article in ARTICLES:
        condition |= _name_starts(f"{article} {name}")
    return condition


def _glued(communes, name: str):
    """The communes whose name, without its spaces, starts with `name` without its own: an elision
    written without its apostrophe ("lhay les roses", "lisle adam": L'Haÿ-les-Roses, L'Isle-Adam).
    Every name is read (no index serves it): only when nothing else matched."""
    glued = Replace("search_name", Value(" "), Value(""))
    return communes.annotate(glued_name=glued).filter(glued_name__startswith=name.replace(" ", ""))


def _by_relevance(communes, name=""):
    # The exact name first ("Lyon" before Lyons-la-Forêt), then the most populous.
    exact = Case(When(search_name=name, then=Value(0)), default=Value(1), output_field=IntegerField())
    return communes.order_by(exact, F("population").desc(nulls_last=True), "name")


def _without_split_cities(communes: list[Commune]) -> list[Commune]:
    """An arrondissement is more precise than its city: "75005" means Paris 5e, not Paris."""
    split = {c.parent_id for c in communes if c.parent_id}
    return [c for c in communes if c.code not in split]


def _parse(text: str):
    """(communes narrowed by postal code and department, the name in normal form)."""
    communes = Commune.objects.select_related("department")
    postal = POSTAL_CODE.search(text)
    if postal:
        communes = communes.filter(pk__in=_with_postal_code(postal.group(1)))
        text = POSTAL_CODE.sub(" ", text)
    department = DEPARTMENT_SUFFIX.search(text)
    if department:
        communes = communes.filter(department_id=department.group(1).upper())
        text = DEPARTMENT_SUFFIX.sub(" ", text)
    return communes, normalise(text)


def _narrowed(text: str) -> bool:
    """`text` gives a postal code or a department, which narrow the communes without a name."""
    return bool(POSTAL_CODE.search(text) or DEPARTMENT_SUFFIX.search(text))


def matching_communes(text: str) -> list[Commune]:
    """The communes a person may mean by `text` (a name, a postal code, "Nantes (44)"), best first.

    A name is matched whole (every homonym), else as the whole name of a former commune, which
    gives the commune it is now part of, else as the start of current communes' names.
    """
    communes, name = _parse(text)
    if not name and not _narrowed(text):  # "-", "’": nothing to look for, not every commune
        return []
    if name:
        exact = list(_by_relevance(communes.filter(search_name=name), name)[:MAX_CANDIDATES])
        if exact:
            return exact
        # No current commune by that name: a former one's ("Bauné") means the commune it was
        # merged into (Loire-Authion).
        merged = list(_by_relevance(communes.filter(pk__in=_merged_into(search_name=name)))[:MAX_CANDIDATES])
        if merged:
            return merged
        # "Pari" means Paris, the most populous; only a postal code prefers its arrondissement.
        started = communes.filter(_starts_with_or_after_its_article(name))
        return list(_by_relevance(started, name)[:MAX_CANDIDATES]) or list(
            _by_relevance(_glued(communes, name))[:MAX_CANDIDATES]
        )
    return _without_split_cities(list(_by_relevance(communes)[:MAX_CANDIDATES]))


def _close_names(name: str) -> list[Commune]:
    """The communes sharing the longest start with `name`, for a name that matched nothing ("Plouescta")."""
    if len(name) < MIN_PREFIX:
        return []
    names = Commune.objects.filter(_name_starts(name[:MIN_PREFIX])).values_list("search_name", flat=True)
    shared = max((len(os.path.commonprefix([name, other])) for other in names), default=0)
    if not shared:
        return []
    communes = Commune.objects.select_related("department").filter(_name_starts(name[:shared]))
    return list(_by_relevance(communes)[:MAX_CHOICES])


def resolve(text: str) -> Place:
    """The position of the commune a person meant by `text`, with the others it may have meant.

    Raises PlaceError with a message naming what was typed and what to do about it.
    """
    text = (text or "").strip()
    if not text:
        raise PlaceError(_("Type a commune name or a postal code."))
    candidates = matching_communes(text)
    if not candidates:
        postal, name = POSTAL_CODE.search(text), _parse(text)[1]
        if postal and not name:
            raise PlaceError(
                _("No commune has the postal code “%(code)s”. Check it, or type the commune’s name.")
                % {"code": postal.group(1)}
            )
        raise PlaceError(
            _("No commune matches “%(text)s”. Check the spelling or type a five-digit postal code.") % {"text": text},
            suggestions=_close_names(name),
        )
    located = [c for c in candidates if c.latitude is not None]
    if not located:
        raise PlaceError(
            _("The position of %(commune)s is not known. Try a town nearby.") % {"commune": label(candidates[0])}
        )
    best = located[0]
    # Several communes of the same name, or one postal code for several: the others are offered.
    same_name = {normalise(best.name)}
    alternatives = [c for c in located[1:MAX_CHOICES] if POSTAL_CODE.search(text) or normalise(c.name) in same_name]
    return Place(label(best), best.latitude, best.longitude, best.code, alternatives)


@dataclass(frozen=True)
class Division:
    """A region or a department a person typed where a place was asked ("Bretagne", "44")."""

    kind: str  # "region" or "department": the list's filter that stands for it
    code: str
    name: str


def named_division(text: str) -> Division | None:
    """The region or department `text` names, when it names one rather than a commune.

    A region's name is the region ("Bretagne", not the village of that name near Belfort); a
    department's name is the department unless a commune bears it too ("Mayenne", "Paris": the
    commune, which a search around it covers); a department's code ("44", "2A", "974") is the
    department. Names compare as commune names do (case, accents, hyphens ignored)."""
    typed = (text or "").strip()
    if DEPARTMENT_CODE.fullmatch(typed) and (department := Department.objects.name_of(typed.upper())):
        return Division("department", typed.upper(), department)
    name = normalise(typed)
    if not name:
        return None
    for code, region in Region.objects.names().items():
        if normalise(region) == name:
            return Division("region", code, region)
    for code, department in Department.objects.names().items():
        if normalise(department) == name and not Commune.objects.filter(search_name=name).exists():
            return Division("department", code, department)
    return None


def suggest(text: str, limit: int = 10) -> list[Commune]:
    """Communes whose name starts with, or postal code starts with, what was typed so far.

    When no current commune's name starts so, the communes that former ones of that name were
    merged into ("Baun" → Loire-Authion), as the search itself understands them.
    """
    text = (text or "").strip()
    if len(text) < 2:
        return []
    communes = Commune.objects.select_related("department").prefetch_related("postal_codes")
    if text.isdigit():
        found = _by_relevance(communes.filter(pk__in=_with_postal_code(text)))[:limit]
        return _without_split_cities(list(found)) if len(text) == 5 else list(found)
    communes, name = _parse(text)
    communes = communes.prefetch_related("postal_codes")
    if not name:
        return list(_by_relevance(communes)[:limit]) if _narrowed(text) else []
    found = list(_by_relevance(communes.filter(_starts_with_or_after_its_article(name)), name)[:limit])
    if found:
        return found
    merged = FormerCommune.objects.filter(_name_starts(name)).values("successor_id")
    found = list(_by_relevance(communes.filter(pk__in=merged))[:limit])
    return found or list(_by_relevance(_glued(communes, name))[:limit])
