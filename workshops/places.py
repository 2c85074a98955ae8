"""A place typed by a person (a commune name or a postal code) turned into a point on the map.

The territories tables say which commune is meant; its centre comes from the commune when it
is known, else from the configured geocoder, and is then stored on the commune so that the
geocoder is asked once per commune. With `GEOCODER=none` only communes whose centre is already
known can be found.
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from territories.models import Commune
from territories.places import matching_communes

from . import geocoding


@dataclass(frozen=True)
class Place:
    label: str
    latitude: float
    longitude: float
    commune_code: str


class PlaceError(Exception):
    """The place cannot be resolved; the message says why, for the person who typed it."""


def _place(commune: Commune) -> Place:
    return Place(
        label=f"{commune.name} ({commune.department_id})",
        latitude=commune.latitude,
        longitude=commune.longitude,
        commune_code=commune.code,
    )


def resolve(text: str) -> Place:
    """The centre of the commune a person meant by `text`.

    Raises PlaceError with a message naming what was typed and what to do about it.
    """
    text = (text or "").strip()
    if not text:
        raise PlaceError(_("Type a commune name or a postal code."))
    candidates = matching_communes(text)
    if not candidates:
        raise PlaceError(
            _("No commune matches “%(text)s”. Check the spelling or type a five-digit postal code.") % {"text": text}
        )
    best = candidates[0]
    if best.latitude is not None:
        return _place(best)
    located = [c for c in candidates if c.latitude is not None]
    if settings.GEOCODER == "none":
        if located:
            return _place(located[0])
        raise PlaceError(
            _("The position of %(commune)s is not known yet. Try a larger town nearby.") % {"commune": best.name}
        )
    try:
        result = geocoding.geocode(best.name, citycode=best.code, kind="municipality")
    except geocoding.GeocoderUnavailable as exc:
        raise PlaceError(
            _(
                "The address service did not answer, so %(commune)s cannot be placed on the map right now. "
                "Try again in a moment, or search by region or department."
            )
            % {"commune": best.name}
        ) from exc
    if result is None:
        raise PlaceError(_("The address service does not know %(commune)s.") % {"commune": best.name})
    best.latitude, best.longitude = result.latitude, result.longitude
    best.save(update_fields=["latitude", "longitude"])
    return _place(best)
