"""Recognising a workshop already in the directory: same SIRET, or close by with a similar name.

The index lives in memory for the length of one import (a few thousand workshops at most), so
matching a file costs no query per row; rows created during the import are added to it.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from .. import geo
from ..validators import normalize_siret
from .cleaning import name_key

MATCH_RADIUS_KM = 0.2
NAME_SIMILARITY = 0.8
# Words that say what a place is rather than which one it is.
GENERIC_WORDS = {
    "fablab",
    "fab",
    "lab",
    "labs",
    "makerspace",
    "hackerspace",
    "tiers",
    "lieu",
    "lieux",
    "atelier",
    "espace",
    "coworking",
    "le",
    "la",
    "les",
    "l",
    "de",
    "du",
    "des",
    "d",
    "et",
    "a",
    "au",
    "aux",
    "en",
    "the",
}
# Grid cells of 0.01° (about 1.1 km of latitude): a 200 m neighbour is in the 3 × 3 cells around.
CELL_DEGREES = 0.01


def significant_words(name: str) -> set[str]:
    return set(name_key(name).split()) - GENERIC_WORDS


def similar_names(first: str, second: str) -> bool:
    """Two names of the same place: "FabLab du Clunisois" and "Fablab Clunisois", say."""
    key_a, key_b = name_key(first), name_key(second)
    if not key_a or not key_b:
        return False
    if key_a == key_b or SequenceMatcher(None, key_a, key_b).ratio() >= NAME_SIMILARITY:
        return True
    words_a, words_b = significant_words(first), significant_words(second)
    return bool(words_a and words_b) and (words_a <= words_b or words_b <= words_a)


@dataclass
class Candidate:
    workshop_id: int
    name: str
    slug: str
    latitude: float | None
    longitude: float | None
    siret: str
    sources: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Match:
    workshop_id: int
    name: str
    slug: str
    how: str  # "siret" or "nearby"
    distance_m: int | None = None


def _cell(latitude: float, longitude: float) -> tuple[int, int]:
    return int(latitude // CELL_DEGREES), int(longitude // CELL_DEGREES)


class WorkshopIndex:
    def __init__(self, candidates=()):
        self._by_siret = {}
        self._by_cell = defaultdict(list)
        for candidate in candidates:
            self.add(candidate)

    @classmethod
    def from_database(cls) -> "WorkshopIndex":
        from ..models import Workshop, WorkshopSource

        sources = defaultdict(set)
        for workshop_id, source in WorkshopSource.objects.values_list("workshop_id", "source"):
            sources[workshop_id].add(source)
        rows = Workshop.objects.values_list("pk", "name", "slug", "latitude", "longitude", "siret", "source")
        return cls(
            Candidate(pk, name, slug, lat, lon, normalize_siret(siret), sources[pk] | ({source} - {""}))
            for pk, name, slug, lat, lon, siret, source in rows
        )

    def add(self, candidate: Candidate) -> None:
        if candidate.siret:
            self._by_siret.setdefault(candidate.siret, candidate)
        if candidate.latitude is not None and candidate.longitude is not None:
            self._by_cell[_cell(candidate.latitude, candidate.longitude)].append(candidate)

    def match(self, source: str, name: str, latitude=None, longitude=None, siret: str = "") -> Match | None:
        """The workshop this row describes, if one is already known from another source.

        Workshops already fed by the same source are never matched: two rows of one source are
        two places as far as that source knows.
        """
        by_siret = self._by_siret.get(normalize_siret(siret)) if siret else None
        if by_siret and source not in by_siret.sources:
            return Match(by_siret.workshop_id, by_siret.name, by_siret.slug, "siret")
        if latitude is None or longitude is None:
            return None
        row, column = _cell(latitude, longitude)
        best = None
        for d_row in (-1, 0, 1):
            for d_column in (-1, 0, 1):
                for candidate in self._by_cell.get((row + d_row, column + d_column), ()):
                    if source in candidate.sources or not similar_names(name, candidate.name):
                        continue
                    distance = geo.haversine_km(latitude, longitude, candidate.latitude, candidate.longitude)
                    if distance <= MATCH_RADIUS_KM and (best is None or distance < best[0]):
                        best = (distance, candidate)
        if best is None:
            return None
        distance, candidate = best
        return Match(candidate.workshop_id, candidate.name, candidate.slug, "nearby", round(distance * 1000))
