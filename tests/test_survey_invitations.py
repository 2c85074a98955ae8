"""Each year, the managers of every published workshop are invited once to answer the managers'
questionnaire, in their own language (surveys.invitations, `invite_managers`)."""

import io
import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from accounts.models import Preferences
from surveys.invitations import send_invitations
from surveys.models import Questionnaire, QuestionnaireInvitation, Response
from tests.factories import MembershipFactory, UserFactory, WorkshopFactory
from workshops.vocabularies import Status

pytestmark = pytest.mark.django_db

MARCH_2026 = datetime(2026, 3, 2, 9, tzinfo=UTC)


@pytest.fixture
def listed():
    """Workshops created in January 2026: listed for over a month by March."""
    with time_machine.travel(datetime(2026, 1, 5, tzinfo=UTC), tick=False):
        yield


def test_managers_are_invited_once_a_year_each_in_their_language(client, listed):
    workshop = WorkshopFactory(name="Fablab des Quais", slug="fablab-des-quais")
    french = MembershipFactory(workshop=workshop, user=UserFactory(email="marie@example.org")).user
    english = MembershipFactory(workshop=workshop, user=UserFactory(email="john@example.org")).user
    Preferences.objects.create(user=english, language="en")
    answered = WorkshopFactory()
    MembershipFactory(workshop=answered)
    Response.objects.create(
        questionnaire=Questionnaire.objects.current("manager"), workshop=answered, year=2026, answers={}
    )
    MembershipFactory(workshop=WorkshopFactory(status=Status.DRAFT))
    WorkshopFactory()  # no manager to invite

    with time_machine.travel(MARCH_2026, tick=False):
        assert send_invitations() == 1
        assert send_invitations() == 0, "once a year"

    assert {message.to[0]: message.subject for message in mail.outbox} == {
        french.email: "Fablab des Quais : le questionnaire des responsables 2026",
        english.email: "Fablab des Quais: the 2026 managers' questionnaire",
    }
    link = re.search(r"https?://[^/\s]+(/manage/\S+/questionnaire/)", mail.outbox[0].body)[1]
    client.force_login(french)
    assert client.get(link).status_code == 200
    assert QuestionnaireInvitation.objects.get().recipients == 2

    with time_machine.travel(MARCH_2026 + timedelta(days=365), tick=False):
        assert send_invitations() == 2, "the next year, both (nobody answered for 2027)"


def test_a_workshop_listed_last_week_or_with_no_open_questionnaire_is_not_invited():
    with time_machine.travel(MARCH_2026 - timedelta(days=7), tick=False):
        MembershipFactory(workshop=WorkshopFactory())
    with time_machine.travel(MARCH_2026, tick=False):
        assert send_invitations() == 0
    with time_machine.travel(MARCH_2026 + timedelta(days=30), tick=False):
        Questionnaire.objects.filter(slug="manager").update(is_active=False)
        assert send_invitations() == 0
    assert not mail.outbox and not QuestionnaireInvitation.objects.exists()


def test_the_command_says_how_many_workshops_it_invited(listed):
    MembershipFactory(workshop=WorkshopFactory())
    out = io.StringIO()
    with time_machine.travel(MARCH_2026, tick=False):
        call_command("invite_managers", stdout=out)
    assert out.getvalue().strip() == "invited the managers of 1 workshop(s)"


class BrokenMailServer(Exception):
    pass


def test_a_mail_server_that_fails_leaves_the_invitation_to_the_next_run(listed, monkeypatch):
    MembershipFactory(workshop=WorkshopFactory())

    def refuse(*args, **kwargs):
        raise BrokenMailServer

    with time_machine.travel(MARCH_2026, tick=False):
        monkeypatch.setattr("accounts.emails.send_mail", refuse)
        with pytest.raises(BrokenMailServer):
            send_invitations()
        assert not QuestionnaireInvitation.objects.exists(), "not marked invited"
        monkeypatch.undo()
        assert send_invitations() == 1
    assert len(mail.outbox) == 1
