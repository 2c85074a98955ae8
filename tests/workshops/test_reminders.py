"""Reminders to confirm a profile: sent once per unconfirmed period, to the managers only."""

import io
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from tests.factories import MembershipFactory, WorkshopFactory
from workshops.editing import save_profile
from workshops.manage.reminders import send_reminders
from workshops.models import ProfileReminder

pytestmark = pytest.mark.django_db


def test_reminders_go_once_to_managers_of_profiles_unconfirmed_for_eleven_months():
    stale = WorkshopFactory()
    manager = MembershipFactory(workshop=stale).user
    fresh = WorkshopFactory()
    MembershipFactory(workshop=fresh)
    orphan = WorkshopFactory()
    with time_machine.travel(timezone.now() + timedelta(days=200), tick=False):
        save_profile(fresh, {"verified_at": timezone.now()}, expected_version=1)
    later = timezone.now() + timedelta(days=340)
    with time_machine.travel(later, tick=False):
        assert send_reminders() == 1
        assert [m.to for m in mail.outbox] == [[manager.email]]
        out = io.StringIO()
        call_command("remind_managers", stdout=out)
        assert out.getvalue().strip() == "reminded 0 workshop(s)"
        assert send_reminders() == 0
        assert len(mail.outbox) == 1
    assert ProfileReminder.objects.get().workshop == stale
    assert not ProfileReminder.objects.filter(workshop=orphan).exists()
    # Confirmed again, then stale again: one new reminder.
    with time_machine.travel(later, tick=False):
        save_profile(stale, {"verified_at": timezone.now()}, expected_version=stale.version)
    with time_machine.travel(later + timedelta(days=340), tick=False):
        assert send_reminders() == 2  # `fresh` is stale by then too
    assert ProfileReminder.objects.filter(workshop=stale).count() == 2


class BrokenMailServer(Exception):
    pass


def test_a_mail_server_that_fails_leaves_the_reminder_to_the_next_run(monkeypatch):
    MembershipFactory(workshop=WorkshopFactory())

    def refuse(*args, **kwargs):
        raise BrokenMailServer

    with time_machine.travel(timezone.now() + timedelta(days=340), tick=False):
        monkeypatch.setattr("accounts.emails.send_mail", refuse)
        with pytest.raises(BrokenMailServer):
            send_reminders()
        assert not ProfileReminder.objects.exists(), "not marked reminded"
        monkeypatch.undo()
        assert send_reminders() == 1
    assert len(mail.outbox) == 1 and ProfileReminder.objects.get().recipients == 1
