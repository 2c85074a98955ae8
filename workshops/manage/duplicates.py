"""Is a new workshop already listed? Same SIRET, or a similar name within 200 metres."""

import unicodedata
from difflib import SequenceMatcher

from workshops.models import Workshop
from workshops.vocabularies import Status

RADIUS_KM = 0.2
SIMILAR = 0.6
# Words that say what a workshop is, not which one: "Fablab de Nantes" ≈ "Nantes".
GENERIC_WORDS = {"fablab", "fab", "lab", "atelier", "makerspace", "le", "la", "les", "de", "du", "des", "d", "l"}


def _normalize(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = "".join(c if c.isalnum() else " " for c in text).split()
    meaningful = [w for w in words if w not in GENERIC_WORDS]
    return " ".join(meaningful or words)


def similar_names(first: str, second: str) -> bool:
    a, b = _normalize(first), _normalize(second)
    if not a or not b:
        return False
    return a in b or b in a or SequenceMatcher(None, a, b).ratio() >= SIMILAR


def likely_duplicates(workshop: Workshop, *, public_only: bool = False) -> list[Workshop]:
    """Other listed workshops that are probably this one (drafts and rejected ones excluded).

    `public_only` for what a manager is shown: another manager's workshop waiting for moderation is
    not public yet, and its name and address are not theirs to see.
    """
    others = Workshop.objects.exclude(pk=workshop.pk).exclude(status__in=[Status.DRAFT, Status.REJECTED])
    if public_only:
        others = others.filter(status=Status.PUBLISHED)
    found = {}
    if workshop.siret:
        for other in others.filter(siret=workshop.siret):
            found[other.pk] = other
    if workshop.latitude is not None and workshop.longitude is not None:
        for other in others.nearby(workshop.latitude, workshop.longitude, RADIUS_KM):
            if similar_names(workshop.name, other.name):
                found[other.pk] = other
    return list(found.values())
