"""Checking a source's coordinates against France and against the commune it names."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from .. import geo, validators
from .cleaning import area_of, expected_area
from .gazetteer import Place

# Beyond this distance from the commune's centre, a position is worth a look. Communes are
# rarely more than 15 km across in metropolitan France; French Guiana's are huge.
FAR_FROM_COMMUNE_KM = 20
FAR_FROM_COMMUNE_KM_BY_DEPARTMENT = {"973": 150, "974": 40}


@dataclass(frozen=True)
class PositionCheck:
    latitude: float | None
    longitude: float | None
    notes: tuple[tuple[str, str], ...] = ()
    checked: bool = True
    outside_france: str = ""  # the reason, when the row must be skipped


def check_position(latitude: float | None, longitude: float | None, place: Place) -> PositionCheck:
    if latitude is None or longitude is None or (latitude == 0 and longitude == 0):
        return PositionCheck(
            None, None, (("no_coordinates", _("No usable coordinates; the workshop is placed by its commune only.")),)
        )
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180) or not validators.in_france(latitude, longitude):
        return PositionCheck(
            None,
            None,
            outside_france=_("The coordinates %(lat)s, %(lon)s are outside France (metropolitan and overseas).")
            % {"lat": latitude, "lon": longitude},
        )
    if area_of(latitude, longitude) != expected_area(place.department):
        note = _(
            "The coordinates %(lat)s, %(lon)s are far from %(commune)s (%(department)s), in another part of France; "
            "they were left out."
        ) % {"lat": latitude, "lon": longitude, "commune": place.name, "department": place.department}
        return PositionCheck(None, None, (("far_from_commune", note),))
    if not place.has_centre:
        return PositionCheck(latitude, longitude, checked=False)
    distance = geo.haversine_km(latitude, longitude, place.latitude, place.longitude)
    limit = FAR_FROM_COMMUNE_KM_BY_DEPARTMENT.get(place.department, FAR_FROM_COMMUNE_KM)
    if distance > limit:
        note = _("The position is %(distance)d km from the centre of %(commune)s (%(code)s); check the address.") % {
            "distance": round(distance),
            "commune": place.name,
            "code": place.code,
        }
        return PositionCheck(latitude, longitude, (("far_from_commune", note),))
    return PositionCheck(latitude, longitude)
