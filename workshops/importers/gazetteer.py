"""The communes an importer may point at, held in memory so that row parsers stay pure.

Loaded once per file from the territories tables (about 35,000 communes and their postal
codes, and the 2,500 former communes merged into them; a fraction of a second); tests build
small ones by hand.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from .. import geo
from .cleaning import department_of_postal_code, name_key

ARTICLES = ("le ", "la ", "les ", "l ")
# Cells of 0.1° (about 11 km of latitude) for finding the commune centres around a point.
CELL_DEGREES = 0.1


def _cell(latitude: float, longitude: float) -> tuple[int, int]:
    return int(latitude // CELL_DEGREES), int(longitude // CELL_DEGREES)


def _without_article(key: str) -> str:
    """ "le puy en velay" and "puy en velay" name the same commune."""
    for article in ARTICLES:
        if key.startswith(article):
            return key[len(article) :]
    return key


@dataclass(frozen=True)
class Place:
    code: str
    name: str
    department: str
    region: str
    latitude: float | None = None
    longitude: float | None = None

    @property
    def has_centre(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class Gazetteer:
    def __init__(
        self,
        places: Iterable[Place],
        postal_codes: Iterable[tuple[str, str]] = (),
        former: Iterable[tuple[str, str, str]] = (),
    ):
        """`former`: (code, name, successor's code) of communes merged into current ones."""
        self._by_code = {place.code: place for place in places}
        self._by_postal_code = defaultdict(list)
        for code, commune_code in postal_codes:
            if commune_code in self._by_code:
                self._by_postal_code[code].append(self._by_code[commune_code])
        self._by_name = defaultdict(list)
        for place in self._by_code.values():
            self._by_name[_without_article(name_key(place.name))].append(place)
        self._by_cell = defaultdict(list)
        for place in self._by_code.values():
            if place.has_centre:
                self._by_cell[_cell(place.latitude, place.longitude)].append(place)
        self._former_by_code = {}
        self._successors_by_former_name = defaultdict(list)
        for code, name, successor_code in former:
            successor = self._by_code.get(successor_code)
            if successor is not None:
                self._former_by_code[code] = (name, successor)
                self._successors_by_former_name[_without_article(name_key(name))].append(successor)

    @classmethod
    def from_database(cls) -> "Gazetteer":
        from territories.models import Commune, FormerCommune, PostalCode

        places = [
            Place(*row)
            for row in Commune.objects.values_list(
                "code", "name", "department_id", "region_id", "latitude", "longitude"
            )
        ]
        return cls(
            places,
            PostalCode.objects.values_list("code", "commune_id"),
            FormerCommune.objects.values_list("code", "name", "successor_id"),
        )

    def by_code(self, code: str) -> Place | None:
        return self._by_code.get(code)

    def former(self, code: str) -> tuple[str, Place] | None:
        """The name of the former commune with this code, and the current commune it is part of."""
        return self._former_by_code.get(code)

    def nearest(self, latitude: float, longitude: float) -> tuple[Place, float] | None:
        """The commune whose centre is nearest the point (within about 11 km), and its distance in km."""
        row, column = _cell(latitude, longitude)
        best = None
        for d_row in (-1, 0, 1):
            for d_column in (-1, 0, 1):
                for place in self._by_cell.get((row + d_row, column + d_column), ()):
                    distance = geo.haversine_km(latitude, longitude, place.latitude, place.longitude)
                    if best is None or distance < best[1]:
                        best = (place, distance)
        return best

    def has_postal_code(self, place: Place, code: str) -> bool:
        return place in self._by_postal_code.get(code, ())

    def find(self, postal_code: str = "", name: str = "", department: str = "") -> Place | None:
        """The one commune that fits a postal code and a name, or None when unsure.

        The name must single one out among the communes of the postal code, or else of the
        department (a CEDEX code, a wrong postal code). A current commune's name comes first,
        then a former commune's, which leads to the commune it was merged into. Failing that, a
        postal code served by a single commune is enough.
        """
        key = _without_article(name_key(name))
        candidates = self._by_postal_code.get(postal_code, []) if postal_code else []
        if key:
            department = department or department_of_postal_code(postal_code)
            for places in (self._by_name.get(key, []), self._successors_by_former_name.get(key, [])):
                for named in (
                    {place for place in places if place in candidates},
                    {place for place in places if place.department == department},
                ):
                    if len(named) == 1:
                        return named.pop()
        return candidates[0] if len(candidates) == 1 else None
