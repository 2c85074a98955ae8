"""`{{ workshop|distance_in_words }}`: how far a found workshop is (its `distance_km`) from the place
searched, or `{{ other|distance_in_words:workshop }}` from another workshop, as a visitor reads it;
`{% same_address workshop other %}`: two workshops at one door."""

from django import template

from .. import public

register = template.Library()


@register.filter
def distance_in_words(found, origin=None) -> str:
    approximate = public.approximately_located(found) or (origin is not None and public.approximately_located(origin))
    return public.distance_in_words(found.distance_km, approximate=approximate)


@register.simple_tag
def same_address(workshop, other) -> bool:
    """Both give the same street address in the same commune and stand within 100 m of each other (two
    workshops of one building, one third place): `other` carries its `distance_km` from `workshop`."""
    street = " ".join(workshop.street.casefold().split())
    return (
        bool(street)
        and other.distance_km < SAME_DOOR_KM
        and workshop.commune_id == other.commune_id
        and street == " ".join(other.street.casefold().split())
    )


SAME_DOOR_KM = 0.1
