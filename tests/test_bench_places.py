"""The place-suggestion benchmark asks what people type, over the whole COG."""

import pytest

from bench import scenarios

pytestmark = pytest.mark.django_db


def test_the_typed_places_cover_names_abbreviations_and_postal_codes_across_france():
    typed = scenarios._typed_places()
    assert len(typed) > 350
    assert any(t.startswith("st ") for t in typed)
    digits = [t for t in typed if t.isdigit()]
    assert {len(t) for t in digits} == {2, 3, 4, 5}
    assert {t[:2] for t in digits} >= {"01", "29", "97"}
