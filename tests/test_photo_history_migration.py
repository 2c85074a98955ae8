"""Photos added before photos had a history get their creation on it, when and by whom."""

from datetime import UTC, datetime

import pytest

from tests.migration_states import migrate_to, migrate_to_latest

BEFORE = [("workshops", "0021_photo")]
AFTER = [("workshops", "0022_historicalphoto")]


@pytest.fixture
def before_the_history(transactional_db):
    yield migrate_to(BEFORE)
    migrate_to_latest()


def test_a_photo_added_before_its_history_began_is_on_it_as_added(before_the_history):
    old = before_the_history
    user = old.get_model("auth", "User").objects.create(username="camille", email="c@example.org")
    workshop = old.get_model("workshops", "Workshop").objects.create(slug="w", name="W")
    added = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
    photo = old.get_model("workshops", "Photo").objects.create(
        workshop=workshop,
        image="photos/a.jpg",
        thumbnail="photos/a-s.jpg",
        width=8,
        height=6,
        alt_text="The main room",
        credit="Camille",
        position=0,
        added_by=user,
    )
    old.get_model("workshops", "Photo").objects.filter(pk=photo.pk).update(added_at=added)

    new = migrate_to(AFTER)

    [record] = new.get_model("workshops", "HistoricalPhoto").objects.all()
    assert (record.id, record.workshop_id, record.alt_text, record.credit) == (
        photo.pk,
        workshop.pk,
        "The main room",
        "Camille",
    )
    assert (record.history_type, record.history_date, record.history_user_id) == ("+", added, user.pk)
