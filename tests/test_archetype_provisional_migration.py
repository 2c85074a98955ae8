"""Workshops classified before the column get it from the reasons the classifier stored."""

import pytest

from tests.migration_states import migrate_to, migrate_to_latest

BEFORE = [("workshops", "0027_workshopsource_holds")]
AFTER = [("workshops", "0028_archetype_provisional")]


@pytest.fixture
def before_the_column(transactional_db):
    yield migrate_to(BEFORE)
    migrate_to_latest()


def test_the_workshops_already_classified_are_told_provisional_from_their_reasons(before_the_column):
    old = before_the_column.get_model("workshops", "Workshop")
    old.objects.create(slug="census", name="Census", archetype=3, archetype_reasons=[{"fr": "…", "provisional": True}])
    old.objects.create(slug="declared", name="Declared", archetype=3, archetype_reasons=[{"fr": "…"}])
    old.objects.create(slug="unknown", name="Unknown", archetype=None, archetype_reasons=[])

    new = migrate_to(AFTER).get_model("workshops", "Workshop")

    assert dict(new.objects.values_list("slug", "archetype_provisional")) == {
        "census": True,
        "declared": False,
        "unknown": False,
    }
