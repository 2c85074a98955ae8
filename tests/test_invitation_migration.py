"""Invitations of one address made before they were renewed: the latest waiting one is kept."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from tests.migration_states import migrate_to, migrate_to_latest

BEFORE = [("workshops", "0028_archetype_provisional")]
AFTER = [("workshops", "0029_one_waiting_invitation_per_address")]


@pytest.fixture
def before_the_constraint(transactional_db):
    yield migrate_to(BEFORE)
    migrate_to_latest()


def test_the_latest_waiting_invitation_of_an_address_is_kept(before_the_constraint):
    old_apps = before_the_constraint
    Workshop = old_apps.get_model("workshops", "Workshop")
    Invitation = old_apps.get_model("workshops", "ManagerInvitation")
    port, quai = Workshop.objects.create(slug="port", name="Port"), Workshop.objects.create(slug="quai", name="Quai")
    now = timezone.now()

    def invite(workshop, email, days_ago, token, accepted=False):
        invitation = Invitation.objects.create(
            workshop=workshop, email=email, token=token, accepted_at=now if accepted else None
        )
        Invitation.objects.filter(pk=invitation.pk).update(created_at=now - timedelta(days=days_ago))

    invite(port, "zoe@example.org", 20, "old")
    invite(port, "Zoe@Example.org", 3, "latest")  # the same address, typed otherwise
    invite(port, "zoe@example.org", 30, "accepted", accepted=True)  # accepted: history, kept
    invite(quai, "zoe@example.org", 25, "other-workshop")
    invite(port, "max@example.org", 10, "another-address")

    new = migrate_to(AFTER).get_model("workshops", "ManagerInvitation")

    assert set(new.objects.values_list("token", flat=True)) == {
        "latest",
        "accepted",
        "other-workshop",
        "another-address",
    }
    with pytest.raises(IntegrityError), transaction.atomic():
        new.objects.create(workshop_id=port.pk, email="ZOE@example.org", token="again")
