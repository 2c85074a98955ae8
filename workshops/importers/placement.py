"""Choosing a row's commune from the evidence that agrees, and holding the rows whose places disagree.

A source says where a place is in several ways: an INSEE code, a postal code, a commune name,
coordinates, a department. They often disagree (the census's INSEE code and commune name come from
geocoding its address, and the geocoder sometimes picked the next town: Liffab in Rennes instead of
Liffré, Eirlab in Pessac instead of Talence; SICTIAM's code is that of a commune 838 km from its
hand-placed position). So each commune named by some evidence gets the weight of the evidence
pointing at it, and the heaviest wins. A row whose coordinates are far from the chosen commune,
or whose commune only its position names, is held pending with the reason: it is never published
until someone has looked.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from .. import geo, validators
from .cleaning import area_of, expected_area
from .gazetteer import Gazetteer, Place
from .holds import Hold

WEIGHTS = {"code": 1.0, "name": 1.0, "postal_code": 1.0, "department": 0.25}
PRECISE_POSITION, ROUGH_POSITION = 1.0, 0.5


@dataclass(frozen=True)
class Evidence:
    code: str = ""  # the source's INSEE code (a name derived from it is the same evidence)
    other_code: str = ""  # another code of the commune the source gives (the census's INSEEMETRO)
    declared_names: tuple[str, ...] = ()  # the commune as the place itself named it
    postal_code: str = ""
    department: str = ""
    latitude: float | None = None
    longitude: float | None = None
    precise: bool = False  # placed by hand, or a geocoder sure of the address
    precision: str = ""  # what the position is: "address", "street" or "commune"


@dataclass(frozen=True)
class Placement:
    place: Place | None
    latitude: float | None = None
    longitude: float | None = None
    precision: str = ""
    notes: tuple[tuple[str, str], ...] = ()
    hold: Hold | None = None
    checked: bool = True
    outside_france: str = ""

    def position_fields(self) -> dict:
        """The workshop's position as the source gives it; unknown (empty) when it gives none."""
        located = self.latitude is not None
        return {
            "latitude": self.latitude,
            "longitude": self.longitude,
            "location_source": "import" if located else "",
            "location_precision": self.precision if located else "",
        }


def far_km(place: Place) -> float:
    return geo.FAR_KM_BY_DEPARTMENT.get(place.department, geo.FAR_KM)


def _distance(place: Place, latitude, longitude) -> float | None:
    if latitude is None or not place.has_centre:
        return None
    return geo.haversine_km(latitude, longitude, place.latitude, place.longitude)


def _label(place: Place) -> str:
    return f"{place.name} ({place.code})"


def _supports(evidence: Evidence, gazetteer: Gazetteer, latitude, longitude) -> dict[str, tuple[Place, dict]]:
    """Each commune some evidence names → (the commune, {kind of evidence: weight})."""
    found: dict[str, tuple[Place, dict]] = {}

    def support(place, kind, weight):
        if place is not None:
            found.setdefault(place.code, (place, {}))[1][kind] = weight

    if evidence.code and evidence.code != "0":
        by_code = gazetteer.by_code(evidence.code)
        former = gazetteer.former(evidence.code)
        support(by_code or (former[1] if former else None), "code", WEIGHTS["code"])
    if evidence.other_code:
        support(gazetteer.by_code(evidence.other_code), "other_code", WEIGHTS["code"])
    for name in evidence.declared_names:
        if name:
            support(gazetteer.find(evidence.postal_code, name, evidence.department), "name", WEIGHTS["name"])
    if evidence.postal_code:
        support(gazetteer.find(evidence.postal_code), "postal_code", WEIGHTS["postal_code"])
    weight = PRECISE_POSITION if evidence.precise else ROUGH_POSITION
    if latitude is not None:
        nearest = gazetteer.nearest(latitude, longitude)
        if nearest is not None and evidence.precise and nearest[1] <= far_km(nearest[0]):
            support(nearest[0], "position", weight)
    for place, kinds in found.values():
        if evidence.postal_code and gazetteer.has_postal_code(place, evidence.postal_code):
            kinds["postal_code"] = WEIGHTS["postal_code"]
        if evidence.department and place.department == evidence.department:
            kinds["department"] = WEIGHTS["department"]
        distance = _distance(place, latitude, longitude)
        if distance is not None and distance <= far_km(place):
            kinds["position"] = weight
    return found


def place_row(evidence: Evidence, gazetteer: Gazetteer) -> Placement:
    """The commune, position and precision a row gets, what is worth a look, and why to hold it."""
    latitude, longitude = evidence.latitude, evidence.longitude
    if latitude is not None and longitude is not None and (latitude, longitude) != (0, 0):
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180) or not validators.in_france(latitude, longitude):
            reason = _("The coordinates %(lat)s, %(lon)s are outside France (metropolitan and overseas).") % {
                "lat": latitude,
                "lon": longitude,
            }
            return Placement(None, outside_france=reason)
    else:
        latitude = longitude = None
    found = _supports(evidence, gazetteer, latitude, longitude)
    if not found:
        return Placement(None)
    order = ("code", "name", "postal_code")
    place, kinds = max(found.values(), key=lambda item: (sum(item[1].values()), *(kind in item[1] for kind in order)))
    notes = []
    code_place = next((p for p, k in found.values() if "code" in k), None)
    if code_place is not None and _is_arrondissement_of(code_place, place):
        place, kinds = code_place, {**kinds, **found[code_place.code][1]}  # Paris 16e rather than Paris
    if code_place is not None and code_place != place:
        notes.append(
            (
                "commune_disagrees",
                _(
                    "The INSEE code %(code)s is that of %(given)s, but %(evidence)s point at %(chosen)s; "
                    "%(chosen)s was chosen."
                )
                % {
                    "code": evidence.code,
                    "given": _label(code_place),
                    "evidence": ", ".join(_kind_label(kind) for kind in kinds if kind != "department"),
                    "chosen": _label(place),
                },
            )
        )
    if latitude is None:
        notes.append(("no_coordinates", _("No usable coordinates; the workshop is placed by its commune only.")))
        return _at_centre(place, notes, hold=None)
    if area_of(latitude, longitude) != expected_area(place.department):
        hold = Hold(
            "other_area", {"lat": latitude, "lon": longitude, "commune": _label(place), "dep": place.department}
        )
        return _at_centre(place, notes, hold)
    distance = _distance(place, latitude, longitude)
    if distance is None:
        return Placement(place, latitude, longitude, evidence.precision, tuple(notes), checked=False)
    if distance > far_km(place):
        hold = Hold(
            "far_from_commune",
            {
                "lat": latitude,
                "lon": longitude,
                "distance": round(distance),
                "commune": _label(place),
                "dep": place.department,
            },
        )
        return _at_centre(place, notes, hold)
    if set(kinds) <= {"position", "department"}:  # no name, no code: a position alone is not enough
        hold = Hold("position_only", {"commune": _label(place)})
        return Placement(place, latitude, longitude, evidence.precision, tuple(notes), hold)
    return Placement(place, latitude, longitude, evidence.precision, tuple(notes))


def _is_arrondissement_of(part: Place, city: Place) -> bool:
    """Whether `part` is one of the municipal arrondissements of Paris, Lyon or Marseille that `city` is."""
    return part.department == city.department and part.name.startswith(f"{city.name} ") and "rrondissement" in part.name


def _at_centre(place: Place, notes, hold: Hold | None) -> Placement:
    """At the commune's centre (precision "commune"), when the source's position cannot be used."""
    if place.has_centre:
        return Placement(place, place.latitude, place.longitude, "commune", tuple(notes), hold)
    return Placement(place, None, None, "", tuple(notes), hold)


def _kind_label(kind: str) -> str:
    return {
        "name": _("the commune name"),
        "postal_code": _("the postal code"),
        "position": _("the position"),
        "code": _("the INSEE code"),
        "other_code": _("another INSEE code of the source"),
    }.get(kind, kind)
