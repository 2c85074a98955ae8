"""Distances on the sphere without GeoDjango: haversine in the database.

The haversine expressions run on SQLite (Django registers the math functions) and PostgreSQL.
To find the points near a place, SQLite scans a latitude/longitude bounding box; PostgreSQL
walks a GiST index of the points on the sphere (the cube and earthdistance extensions,
migrations 0011 and 0016) in order of distance, so the k nearest cost O(log n + k) whatever the
density; the index also carries status and coordinates, so counting the points within a radius
reads the index alone.
"""

import math
from dataclasses import dataclass

from django.db.models import BooleanField, F, FloatField, Func, Value
from django.db.models.expressions import RawSQL

EARTH_RADIUS_KM = 6371.0088
# Beyond this distance from the commune's centre, a position contradicts the commune (the
# importers hold it; a manager's pin gets twice as far, validators.pin_limit_km). Most communes of
# metropolitan France are a few km across; Guiana's and Réunion's are far larger.
FAR_KM = 10
FAR_KM_BY_DEPARTMENT = {"973": 150, "974": 25, "976": 15}


@dataclass(frozen=True)
class BoundingBox:
    south: float
    west: float
    north: float
    east: float


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres, in plain Python."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = math.radians(lat2 - lat1)
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def bounding_box(lat: float, lon: float, radius_km: float) -> BoundingBox:
    """A box that holds every point within radius_km of (lat, lon).

    On the same sphere as haversine_km; the longitude span is the circle's widest, which lies
    poleward of the centre (a span from the centre's own latitude would cut off edge points).
    """
    angle = radius_km / EARTH_RADIUS_KM
    dlat = math.degrees(angle)
    cos_lat = math.cos(math.radians(lat))
    # When the circle reaches a pole, every longitude is inside.
    dlon = 180.0 if cos_lat <= math.sin(angle) else math.degrees(math.asin(math.sin(angle) / cos_lat))
    return BoundingBox(south=lat - dlat, west=lon - dlon, north=lat + dlat, east=lon + dlon)


def distance_expression(lat: float, lon: float, lat_field: str = "latitude", lon_field: str = "longitude"):
    """A database expression for the haversine distance in km from (lat, lon) to each row."""
    return _HaversineKm(F(lat_field), F(lon_field), centre=(math.radians(lat), math.radians(lon)))


class _HaversineKm(Func):
    """haversine_km in SQL, from a fixed centre (in radians) to the row's latitude and longitude.

    Written as one template rather than a tree of Django's math functions: a nearby search
    compiles it twice (its count and its page), and the tree's thirty-odd nodes cost more to
    resolve and compile than the queries take to run. The same SQL functions run on SQLite,
    where Django registers them.
    """

    output_field = FloatField()

    def __init__(self, latitude, longitude, *, centre: tuple[float, float]):
        super().__init__(latitude, longitude)
        self.centre = centre

    def as_sql(self, compiler, connection, **extra):
        (lat, lat_params), (lon, lon_params) = (compiler.compile(e) for e in self.source_expressions)
        lat0, lon0 = self.centre
        sql = (
            f"(%s * ASIN(SQRT(POWER(SIN((RADIANS({lat}) - %s) / 2), 2)"
            f" + COS(%s) * COS(RADIANS({lat})) * POWER(SIN((RADIANS({lon}) - %s) / 2), 2))))"
        )
        params = (2 * EARTH_RADIUS_KM, *lat_params, lat0, lat0, *lat_params, *lon_params, lon0)
        return sql, params


# PostgreSQL's earthdistance measures on a sphere of radius earth() (6,378,168 m), larger than
# the mean radius used by haversine_km: a box of the same angle is this much wider in metres.
EARTH_METRES = 6378168
EARTH_BOX_SCALE = EARTH_METRES / (EARTH_RADIUS_KM * 1000)


class _LlToEarth(Func):
    """A point on earthdistance's sphere (a cube)."""

    function = "ll_to_earth"
    output_field = FloatField()  # a cube: only compared in SQL, never read


class _WorkshopEarthPoint(_LlToEarth):
    """A workshop's point, as the `workshop_earth` index holds it (the migration's own function,
    `ll_to_earth` with its search path set, so that a backup restores the index)."""

    function = "workshop_earth_point"


class _CubeDistance(Func):
    """The straight-line distance between two points of the sphere: its order is the
    great-circle order, and the GiST index returns rows in it (`ORDER BY … <-> …`)."""

    arg_joiner = " <-> "
    template = "(%(expressions)s)"
    output_field = FloatField()


class _InEarthBox(Func):
    """The point lies in the cube around a centre that earthdistance's earth_box draws: the
    index's condition (it may hold points a little farther than the radius)."""

    template = "earth_box(%(expressions)s)"
    arg_joiner = ", "
    output_field = BooleanField()
    conditional = True

    def as_sql(self, compiler, connection, **extra):
        parts, params = [], []
        for expression in self.source_expressions:
            sql, expression_params = compiler.compile(expression)
            parts.append(sql)
            params.extend(expression_params)
        centre, metres, point = parts
        return f"earth_box({centre}, {metres}) @> {point}", params


def _point(lat_field: str = "latitude", lon_field: str = "longitude"):
    return _WorkshopEarthPoint(F(lat_field), F(lon_field))


def _centre(lat: float, lon: float):
    return _LlToEarth(Value(float(lat), output_field=FloatField()), Value(float(lon), output_field=FloatField()))


def earth_box_condition(lat: float, lon: float, radius_km: float):
    """PostgreSQL: rows whose position may lie within radius_km, read from the GiST index."""
    metres = Value(radius_km * 1000 * EARTH_BOX_SCALE * 1.001, output_field=FloatField())
    return _InEarthBox(_centre(lat, lon), metres, _point())


def chord_metres(radius_km: float) -> float:
    """The straight-line distance, on earthdistance's sphere, between two points `radius_km` apart
    on the sphere of haversine_km: both measure the same angle, so a point lies within radius_km
    (haversine) exactly when its chord to the centre is at most this (up to rounding, well under
    a millimetre)."""
    return 2 * EARTH_METRES * math.sin(min(math.pi, radius_km / EARTH_RADIUS_KM) / 2)


def earth_within_condition(lat: float, lon: float, radius_km: float):
    """PostgreSQL: rows within radius_km of (lat, lon), as the haversine distance says, compared
    in the index's own terms (the chord between two cubes, `<->`, a C function) rather than by
    the haversine's ten SQL functions: a nearby count checks every candidate of its box (2,300
    at 100,000 around Lyon), 2.1 → 1.4 ms (docs/performance.md)."""
    metres = Value(chord_metres(radius_km), output_field=FloatField())
    # The centre as a value of its own, not `ll_to_earth(lat, lon)`: checked on every candidate,
    # a prepared query's generic plan would compute it again for each (13.6 ms instead of 1.5).
    centre = RawSQL("%s::cube", (earth_point(lat, lon),), output_field=FloatField())
    return _ChordAtMost(_CubeDistance(_point(), centre), metres)


def earth_point(lat: float, lon: float) -> str:
    """`ll_to_earth(lat, lon)` as a cube literal: the same coordinates, computed here."""
    phi, lam = math.radians(lat), math.radians(lon)
    x, y = EARTH_METRES * math.cos(phi) * math.cos(lam), EARTH_METRES * math.cos(phi) * math.sin(lam)
    return f"({x!r}, {y!r}, {EARTH_METRES * math.sin(phi)!r})"


class _ChordAtMost(Func):
    template = "(%(expressions)s)"
    arg_joiner = " <= "
    output_field = BooleanField()
    conditional = True


def earth_order(lat: float, lon: float):
    """PostgreSQL: an ordering expression, nearest first, that the GiST index serves."""
    return _CubeDistance(_point(), _centre(lat, lon))
