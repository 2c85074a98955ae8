"""Moving the officials' and the workshops' models out of accounts kept their tables and their rows."""

import pytest

from tests.migration_states import migrate_to, migrate_to_latest

BEFORE = [("accounts", "0003_exportlog"), ("officials", None), ("workshops", "0008_security_name_bidi")]
AFTER = [
    ("accounts", "0004_officials_move_models"),
    ("officials", "0001_initial"),
    ("workshops", "0009_officials_invitations_reminders"),
]


@pytest.fixture
def before_the_move(transactional_db):
    yield migrate_to(BEFORE)
    migrate_to_latest()


def test_rows_written_before_the_move_are_read_by_the_moved_models(before_the_move):
    old = before_the_move
    user = old.get_model("auth", "User").objects.create(username="official", email="o@example.org")
    region, _new = old.get_model("territories", "Region").objects.get_or_create(code="52", name="Pays de la Loire")
    old.get_model("accounts", "OfficialScope").objects.create(user=user, region=region)
    old.get_model("accounts", "ExportLog").objects.create(user=user, format="csv", via="page", filters={"a": ["1"]})
    workshop = old.get_model("workshops", "Workshop").objects.create(slug="w", name="W")
    old.get_model("accounts", "ManagerInvitation").objects.create(workshop=workshop, email="x@example.org", token="t1")
    ContentType = old.get_model("contenttypes", "ContentType")
    ContentType.objects.get_or_create(app_label="accounts", model="exportlog")

    new = migrate_to(AFTER)

    assert new.get_model("officials", "OfficialScope").objects.get().region_id == "52"
    assert new.get_model("officials", "ExportLog").objects.get().filters == {"a": ["1"]}
    assert new.get_model("workshops", "ManagerInvitation").objects.get().token == "t1"
    assert new.get_model("workshops", "ProfileReminder").objects.count() == 0
    content_types = new.get_model("contenttypes", "ContentType").objects
    assert content_types.filter(app_label="officials", model="exportlog").exists()
    assert not content_types.filter(app_label="accounts", model="exportlog").exists()
