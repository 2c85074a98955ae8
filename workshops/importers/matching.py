"""Recognising a workshop already in the directory: same SIRET, or the same place by name and position.

Two records are the same place when their names are similar and their positions close, and the
sources' positions are often only a city centre (fablabs.io) or a geocoded guess (the census).
So a match is decided on the name and on where the record is, in tiers:

- close positions (≤ 300 m) and a fair name similarity → the same place;
- similar names and the same commune, or positions ≤ 2 km apart → the same place;
- weaker evidence (similar names in one commune but farther apart, a fair name within 1 km) →
  an *uncertain* pair that staff merge or keep apart (workshops.PossibleDuplicate).

Rows of one source are matched with each other only on the first tier: a census listing one
place twice ("FabLab Clunisois" and "Fablab du Clunisois", 40 m apart) is still one place.

The index lives in memory for the length of one import (a few thousand workshops at most), so
matching a file costs no query per row; rows created during the import are added to it.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from .. import geo
from ..validators import normalize_siret
from .cleaning import name_key

CLOSE_KM = 0.3
NEAR_KM = 2.0
UNCERTAIN_KM = 1.0
NAME_SIMILARITY = 0.8
FAIR_SIMILARITY = 0.6
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
    "community",
}
# Grid cells of 0.02° (about 2.2 km of latitude): a 2 km neighbour is in the 3 × 3 cells around.
CELL_DEGREES = 0.02


def significant_words(name: str) -> set[str]:
    return set(name_key(name).split()) - GENERIC_WORDS


def name_similarity(first: str, second: str) -> float:
    """0 to 1: 1 for the same words once the generic ones are set aside."""
    key_a, key_b = name_key(first), name_key(second)
    if not key_a or not key_b:
        return 0.0
    if key_a == key_b:
        return 1.0
    words_a, words_b = significant_words(first), significant_words(second)
    if words_a and words_a == words_b:
        return 1.0
    ratio = SequenceMatcher(None, key_a, key_b).ratio()
    if words_a and words_b and (words_a <= words_b or words_b <= words_a):
        ratio = max(ratio, NAME_SIMILARITY)
    elif words_a & words_b:
        ratio = max(ratio, FAIR_SIMILARITY)
    return ratio


def similar_names(first: str, second: str) -> bool:
    """Two names of the same place: "FabLab du Clunisois" and "Fablab Clunisois", say."""
    return name_similarity(first, second) >= NAME_SIMILARITY


@dataclass
class Candidate:
    workshop_id: int
    name: str
    slug: str
    latitude: float | None
    longitude: float | None
    siret: str
    sources: set[str] = field(default_factory=set)
    commune: str = ""


@dataclass(frozen=True)
class Match:
    workshop_id: int
    name: str
    slug: str
    how: str  # "siret", "nearby" or "commune"
    distance_m: int | None = None
    similarity: float = 1.0
    certain: bool = True


def _cell(latitude: float, longitude: float) -> tuple[int, int]:
    return int(latitude // CELL_DEGREES), int(longitude // CELL_DEGREES)


def judge(similarity: float, distance_km: float | None, same_commune: bool, same_source: bool) -> str:
    """ "same", "uncertain" or "" for a pair of records, from how alike and how close they are."""
    close = distance_km is not None and distance_km <= CLOSE_KM
    if same_source:
        if close and similarity >= NAME_SIMILARITY:
            return "same"
        return "uncertain" if close and similarity >= FAIR_SIMILARITY else ""
    if close and similarity >= FAIR_SIMILARITY:
        return "same"
    near = distance_km is not None and distance_km <= NEAR_KM
    if similarity >= NAME_SIMILARITY and (near or (same_commune and distance_km is None)):
        return "same"
    if similarity >= NAME_SIMILARITY and same_commune:
        return "uncertain"
    if similarity >= FAIR_SIMILARITY and distance_km is not None and distance_km <= UNCERTAIN_KM:
        return "uncertain"
    return ""


class WorkshopIndex:
    def __init__(self, candidates=()):
        self._by_siret = {}
        self._by_cell = defaultdict(list)
        self._by_commune = defaultdict(list)
        for candidate in candidates:
            self.add(candidate)

    @classmethod
    def from_database(cls) -> "WorkshopIndex":
        from ..models import Workshop, WorkshopSource

        sources = defaultdict(set)
        for workshop_id, source in WorkshopSource.objects.values_list("workshop_id", "source"):
            sources[workshop_id].add(source)
        rows = Workshop.objects.values_list(
            "pk", "name", "slug", "latitude", "longitude", "siret", "source", "commune_id"
        )
        return cls(
            Candidate(pk, name, slug, lat, lon, normalize_siret(siret), sources[pk] | ({source} - {""}), commune or "")
            for pk, name, slug, lat, lon, siret, source, commune in rows
        )

    def add(self, candidate: Candidate) -> None:
        if candidate.siret:
            self._by_siret.setdefault(candidate.siret, candidate)
        if candidate.latitude is not None and candidate.longitude is not None:
            self._by_cell[_cell(candidate.latitude, candidate.longitude)].append(candidate)
        if candidate.commune:
            self._by_commune[candidate.commune].append(candidate)

    def _around(self, latitude, longitude, commune):
        seen = set()
        if latitude is not None and longitude is not None:
            row, column = _cell(latitude, longitude)
            for d_row in (-1, 0, 1):
                for d_column in (-1, 0, 1):
                    for candidate in self._by_cell.get((row + d_row, column + d_column), ()):
                        seen.add(candidate.workshop_id)
                        yield candidate
        for candidate in self._by_commune.get(commune, ()) if commune else ():
            if candidate.workshop_id not in seen:
                yield candidate

    def match(
        self, source: str, name: str, latitude=None, longitude=None, siret: str = "", commune: str = ""
    ) -> Match | None:
        """The workshop this row describes, if one is already known; `certain` False for a pair to review."""
        by_siret = self._by_siret.get(normalize_siret(siret)) if siret else None
        if by_siret and source not in by_siret.sources:
            return Match(by_siret.workshop_id, by_siret.name, by_siret.slug, "siret")
        best = None
        for candidate in self._around(latitude, longitude, commune):
            similarity = name_similarity(name, candidate.name)
            if similarity < FAIR_SIMILARITY:
                continue
            distance = None
            if None not in (latitude, longitude, candidate.latitude, candidate.longitude):
                distance = geo.haversine_km(latitude, longitude, candidate.latitude, candidate.longitude)
            same_commune = bool(commune) and commune == candidate.commune
            verdict = judge(similarity, distance, same_commune, source in candidate.sources)
            if not verdict:
                continue
            rank = (verdict == "same", similarity, -(distance if distance is not None else 99))
            if best is None or rank > best[0]:
                best = (rank, candidate, distance, similarity, verdict)
        if best is None:
            return None
        _rank, candidate, distance, similarity, verdict = best
        how = "nearby" if distance is not None and distance <= NEAR_KM else "commune"
        return Match(
            candidate.workshop_id,
            candidate.name,
            candidate.slug,
            how,
            None if distance is None else round(distance * 1000),
            round(similarity, 2),
            verdict == "same",
        )
