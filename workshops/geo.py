"""Distances on the sphere without GeoDjango: haversine in the database behind a bounding box.

The same expressions run on SQLite (Django registers the math functions) and PostgreSQL.
"""

import math
from dataclasses import dataclass

from django.db.models import F, FloatField, Value
from django.db.models.functions import ASin, Cos, Power, Radians, Sin, Sqrt

EARTH_RADIUS_KM = 6371.0088


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
    lat0 = Value(math.radians(lat), output_field=FloatField())
    lon0 = Value(math.radians(lon), output_field=FloatField())
    lat1 = Radians(F(lat_field))
    lon1 = Radians(F(lon_field))
    a = Power(Sin((lat1 - lat0) / 2), 2) + Cos(lat0) * Cos(lat1) * Power(Sin((lon1 - lon0) / 2), 2)
    return Value(2 * EARTH_RADIUS_KM, output_field=FloatField()) * ASin(Sqrt(a))
