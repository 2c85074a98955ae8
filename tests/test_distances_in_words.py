"""How far a workshop is, as a visitor reads it (workshops.public.distance_in_words)."""

import pytest
from django.utils import translation

from workshops.public import distance_in_words


@pytest.mark.parametrize(
    ("km", "approximate", "english", "french"),
    [
        (0.0, False, "less than 100 m", "moins de 100 m"),
        (0.049, False, "less than 100 m", "moins de 100 m"),
        (0.05, False, "100 m", "100 m"),
        (0.45, False, "500 m", "500 m"),
        (0.949, False, "900 m", "900 m"),
        (0.95, False, "1.0 km", "1,0 km"),
        (7.25, False, "7.3 km", "7,3 km"),
        (12.0, False, "12.0 km", "12,0 km"),
        # Placed at its commune: no better than a kilometre.
        (0.0, True, "about 1 km", "environ 1 km"),
        (2.5, True, "about 3 km", "environ 3 km"),
        (14.4, True, "about 14 km", "environ 14 km"),
    ],
)
def test_a_distance_is_said_as_a_person_says_it(km, approximate, english, french):
    with translation.override("en"):
        assert distance_in_words(km, approximate) == english
    with translation.override("fr"):
        assert distance_in_words(km, approximate) == french
