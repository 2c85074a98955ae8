"""Turning an address or a place name into coordinates, behind one small interface.

`GEOCODER=ban` asks the national address API (Base Adresse Nationale); `none` answers from the
territories tables only. Tests replace `geocode` with a fake (see tests/conftest.py): they never
touch the network.
"""

import json
import logging
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from django.conf import settings

logger = logging.getLogger(__name__)

BAN_URL = "https://api-adresse.data.gouv.fr/search/"


class GeocoderUnavailable(Exception):
    """The geocoder could not be reached in time; the caller says so and carries on."""


@dataclass(frozen=True)
class GeocodeResult:
    latitude: float
    longitude: float
    label: str
    precision: str  # "address", "street" or "commune", like Workshop.location_precision
    citycode: str = ""
    score: float = 0.0


BAN_PRECISION = {"housenumber": "address", "street": "street", "locality": "street", "municipality": "commune"}


def _ban(query: str, citycode: str = "", postcode: str = "", kind: str = "") -> GeocodeResult | None:
    params = {"q": query, "limit": 1}
    if citycode:
        params["citycode"] = citycode
    if postcode:
        params["postcode"] = postcode
    if kind:
        params["type"] = kind
    url = f"{BAN_URL}?{urllib.parse.urlencode(params)}"
    try:
        with urllib.request.urlopen(url, timeout=settings.GEOCODER_TIMEOUT) as response:  # noqa: S310
            payload = json.load(response)
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
        logger.warning("BAN geocoder unavailable: %s", exc)
        raise GeocoderUnavailable(str(exc)) from exc
    features = payload.get("features") or []
    if not features:
        return None
    feature = features[0]
    lon, lat = feature["geometry"]["coordinates"]
    props = feature.get("properties", {})
    return GeocodeResult(
        latitude=lat,
        longitude=lon,
        label=props.get("label", query),
        precision=BAN_PRECISION.get(props.get("type"), "commune"),
        citycode=props.get("citycode", ""),
        score=props.get("score", 0.0),
    )


def geocode(query: str, citycode: str = "", postcode: str = "", kind: str = "") -> GeocodeResult | None:
    """Coordinates for an address or place, None when nothing matches.

    Raises GeocoderUnavailable when the configured provider cannot answer in time.
    `kind="municipality"` asks for a commune's centre.
    """
    if settings.GEOCODER != "ban" or not query.strip():
        return None
    return _ban(query, citycode=citycode, postcode=postcode, kind=kind)
