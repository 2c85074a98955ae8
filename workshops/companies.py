"""Finding a workshop's SIRET in the public companies directory, behind one small interface.

The national export needs a SIRET (or an RNA number) for every workshop, and managers rarely
know it by heart. `COMPANY_LOOKUP=recherche-entreprises` asks the State's public API
(recherche-entreprises.api.gouv.fr, no key) for establishments of that name in that postal code;
`none` (the default) asks nothing. A manager still chooses and types the number: suggestions
only. Tests install a fake provider (`PROVIDERS`) and never touch the network.
"""

import json
import logging
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings

logger = logging.getLogger(__name__)

SEARCH_URL = "https://recherche-entreprises.api.gouv.fr/search"
MAX_SUGGESTIONS = 5


@dataclass(frozen=True)
class Company:
    siret: str
    name: str
    address: str


def _recherche_entreprises(name: str, postal_code: str) -> list[Company]:
    params = {"q": name, "per_page": MAX_SUGGESTIONS}
    if postal_code:
        params["code_postal"] = postal_code
    url = f"{SEARCH_URL}?{urllib.parse.urlencode(params)}"
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    with urllib.request.urlopen(request, timeout=settings.COMPANY_LOOKUP_TIMEOUT) as response:
        document = json.load(response)
    companies = []
    for result in document.get("results", []):
        for establishment in [result.get("siege") or {}, *(result.get("matching_etablissements") or [])]:
            siret = establishment.get("siret") or ""
            if siret and (not postal_code or establishment.get("code_postal") == postal_code):
                companies.append(Company(siret, result.get("nom_complet") or name, establishment.get("adresse") or ""))
    return list(dict.fromkeys(companies))[:MAX_SUGGESTIONS]


PROVIDERS: dict[str, Callable[[str, str], list[Company]]] = {
    "none": lambda name, postal_code: [],
    "recherche-entreprises": _recherche_entreprises,
}


def suggestions(name: str, postal_code: str = "") -> list[Company]:
    """Establishments that may be the workshop's carrier; [] when unknown or the directory is unreachable."""
    provider = PROVIDERS.get(settings.COMPANY_LOOKUP, PROVIDERS["none"])
    if not name:
        return []
    try:
        return provider(name, postal_code)
    except (OSError, ValueError, urllib.error.URLError) as exc:
        logger.warning("Company directory unavailable: %s", exc)
        return []
