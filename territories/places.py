"""Place look-ups in the reference data: the communes a person means by a name or a postal code.

Nothing here asks the network: the geocoder, which places a commune whose centre is not known
yet, belongs to the workshops' search (workshops/places.py).
"""

import re

from django.db.models import Case, F, Value, When

from .models import Commune, FormerCommune, PostalCode

POSTAL_CODE = re.compile(r"\b(\d{5})\b")
# "Nantes (44)", the form the place suggestions use; the department narrows homonyms.
DEPARTMENT_SUFFIX = re.compile(r"\(\s*(\d[\dAB]|97\d)\s*\)\s*$", re.IGNORECASE)
MAX_CANDIDATES = 20


def _with_postal_code(prefix):
    # A subquery rather than a join: no duplicates, so no DISTINCT to clash with the ordering.
    return PostalCode.objects.filter(code__startswith=prefix).values("commune_id")


def _by_relevance(communes):
    # Whole communes before their arrondissements, then the most populous: "Lyon" means Lyon.
    whole_first = Case(When(kind=Commune.Kind.COMMUNE, then=Value(0)), default=Value(1))
    return communes.order_by(whole_first, F("population").desc(nulls_last=True), "name")


def matching_communes(text: str) -> list[Commune]:
    """The communes a person may mean by `text` (a name, a postal code, "Nantes (44)"), best first.

    A name is matched whole, else as the start of current communes' names, else as the whole
    name of a former commune, which gives the commune it is now part of.
    """
    communes = Commune.objects.select_related("department")
    postal = POSTAL_CODE.search(text)
    if postal:
        communes = communes.filter(pk__in=_with_postal_code(postal.group(1)))
        text = POSTAL_CODE.sub(" ", text)
    department = DEPARTMENT_SUFFIX.search(text)
    if department:
        communes = communes.filter(department_id=department.group(1).upper())
        text = DEPARTMENT_SUFFIX.sub(" ", text)
    name = " ".join(text.split())
    if name:
        exact = communes.filter(name__iexact=name)
        if exact.exists():
            communes = exact
        else:
            starting = communes.filter(name__istartswith=name)
            # No current commune by that name: a former one's ("Bauné") means the commune it
            # was merged into (Loire-Authion).
            communes = starting if starting.exists() else communes.filter(pk__in=_merged_into(name__iexact=name))
    return list(_by_relevance(communes)[:MAX_CANDIDATES])


def _merged_into(**name_lookup):
    """The communes that the former communes matching `name_lookup` were merged into (a subquery)."""
    return FormerCommune.objects.filter(**name_lookup).values("successor_id")


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
        return list(_by_relevance(communes.filter(pk__in=_with_postal_code(text)))[:limit])
    found = list(_by_relevance(communes.filter(name__istartswith=text))[:limit])
    if found:
        return found
    return list(_by_relevance(communes.filter(pk__in=_merged_into(name__istartswith=text)))[:limit])
