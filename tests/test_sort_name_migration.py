"""Workshops there before the sort key get theirs from the migration: the lists order them at once."""

import pytest

from tests.migration_states import migrate_to, migrate_to_latest

BEFORE = [("workshops", "0022_historicalphoto")]
AFTER = [("workshops", "0023_workshop_sort_name")]


@pytest.fixture
def before_the_sort_key(transactional_db):
    yield migrate_to(BEFORE)
    migrate_to_latest()


def test_the_workshops_already_there_are_given_their_sort_key(before_the_sort_key):
    old = before_the_sort_key.get_model("workshops", "Workshop")
    for slug, name in [("ecole", "École  de la Fab"), ("zbis", "zBis"), ("atelier", "Atelier")]:
        old.objects.create(slug=slug, name=name)

    new = migrate_to(AFTER).get_model("workshops", "Workshop")

    assert dict(new.objects.values_list("slug", "sort_name")) == {
        "ecole": "ecole de la fab",
        "zbis": "zbis",
        "atelier": "atelier",
    }
    assert list(new.objects.order_by("sort_name").values_list("slug", flat=True)) == ["atelier", "ecole", "zbis"]
