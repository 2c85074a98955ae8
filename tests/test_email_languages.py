"""What is sent later is written in the recipient's language, not in the language of whoever's
request sends it (a moderator reading the site in English, a timer): accounts.models.Preferences."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from accounts.models import Preferences
from moderation.models import AccessRequest, ProblemReport
from tests.factories import MembershipFactory, UserFactory, WorkshopFactory
from workshops.manage.reminders import send_reminders
from workshops.models import ClaimRequest
from workshops.vocabularies import Status

pytestmark = pytest.mark.django_db

IN_ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}
IN_FRENCH = {"HTTP_ACCEPT_LANGUAGE": "fr"}


def reading_in(language, **user):
    person = UserFactory(**user)
    Preferences.objects.create(user=person, language=language)
    return person


@pytest.fixture
def moderator(client):
    staff = UserFactory(is_staff=True)
    client.force_login(staff)
    return staff


def subjects():
    return {message.to[0]: message.subject for message in mail.outbox}


def test_a_decision_reaches_each_manager_in_their_language_whatever_the_moderators(client, moderator):
    workshop = WorkshopFactory(name="Fablab du Port", status=Status.PENDING)
    french = MembershipFactory(workshop=workshop, user=reading_in("fr", email="marie@example.org")).user
    english = MembershipFactory(workshop=workshop, user=reading_in("en", email="john@example.org")).user
    never_said = MembershipFactory(workshop=workshop, user=UserFactory(email="paul@example.org")).user
    MembershipFactory(workshop=workshop, user=UserFactory(email="gone@example.org", is_active=False))

    client.post(f"/moderation/workshops/{workshop.slug}/", {"action": "approve", "reason": ""}, **IN_ENGLISH)

    assert subjects() == {
        french.email: "Fablab du Port est publié",
        english.email: "Fablab du Port is published",
        never_said.email: "Fablab du Port est publié",  # the site's language
    }, "not to a deactivated account"
    assert all(len(message.to) == 1 for message in mail.outbox), "each manager gets their own"


def test_a_claims_and_an_access_requests_answers_follow_the_person_not_the_moderator(client, moderator):
    claimant = reading_in("en", email="claimant@example.org")
    claim = ClaimRequest.objects.create(workshop=WorkshopFactory(name="Atelier Nord"), user=claimant, message="moi")
    official = reading_in("fr", email="agent@region.fr")
    access = AccessRequest.objects.create(user=official, region_id="52", organisation="Région")

    client.post(f"/moderation/claims/{claim.pk}/", {"action": "approve", "reason": ""}, **IN_FRENCH)
    client.post(f"/moderation/access/{access.pk}/", {"action": "grant", "reason": ""}, **IN_ENGLISH)

    assert subjects() == {
        claimant.email: "Your claim on Atelier Nord",
        official.email: "Votre accès au tableau de bord de Pays de la Loire",
    }


def test_a_report_is_answered_in_the_language_it_was_made_in(client):
    workshop = WorkshopFactory(name="Atelier Sud")
    report = {"kind": "closed", "message": "Closed since March", "email": "visitor@example.org"}
    client.post(f"/workshops/{workshop.slug}/report/", report, **IN_ENGLISH)
    assert ProblemReport.objects.get().language == "en"

    client.force_login(UserFactory(is_staff=True))
    client.post(
        f"/moderation/reports/{ProblemReport.objects.get().pk}/", {"action": "resolve", "reason": "Merci"}, **IN_FRENCH
    )

    assert subjects() == {"visitor@example.org": "Your report about Atelier Sud"}


def test_reminders_are_written_in_each_managers_language():
    workshop = WorkshopFactory(name="Atelier Est")
    english = MembershipFactory(workshop=workshop, user=reading_in("en")).user
    french = MembershipFactory(workshop=workshop, user=reading_in("fr")).user

    with time_machine.travel(timezone.now() + timedelta(days=340), tick=False):
        assert send_reminders() == 1

    assert subjects() == {
        english.email: "Is the profile of Atelier Est still accurate?",
        french.email: "La fiche de « Atelier Est » est-elle toujours exacte ?",
    }


def test_the_language_is_the_one_chosen_on_the_account_page_or_with_the_switch(client):
    person = UserFactory()
    client.force_login(person)
    account = client.get("/accounts/").content.decode()
    assert '<option value="fr" selected>Français</option>' in account, "the site's language until they say"

    client.post("/accounts/", {"first_name": "A", "last_name": "B", "email": person.email, "language": "en"})
    assert Preferences.objects.get(user=person).language == "en"

    switch = {"language": "fr", "next": "/"}
    client.post("/i18n/setlang/", switch, HTTP_ORIGIN="https://evil.example")
    assert Preferences.objects.get(user=person).language == "en", "a switch sent from another site changes nothing"
    assert client.post("/i18n/setlang/", switch, HTTP_ORIGIN="http://[").status_code == 302, "junk is not a 500"
    assert Preferences.objects.get(user=person).language == "en"
    client.post("/i18n/setlang/", {"language": "de", "next": "/"}, HTTP_ORIGIN="http://testserver")
    assert Preferences.objects.get(user=person).language == "en", "not a language of the site"
    client.post("/i18n/setlang/", switch, HTTP_ORIGIN="http://testserver")
    assert Preferences.objects.get(user=person).language == "fr"

    response = client.post("/accounts/", {"first_name": "A", "last_name": "B", "email": person.email, "language": "xx"})
    assert response.status_code == 200 and "Sélectionnez un choix valide." in response.content.decode()
    assert Preferences.objects.get(user=person).language == "fr"


def test_signing_up_or_first_logging_in_keeps_the_language_they_came_in(client):
    password = "correct horse battery staple"
    signup = {"first_name": "Ann", "last_name": "Lee", "email": "ann@example.org", "password1": password}
    client.post("/accounts/signup/", {**signup, "password2": password}, **IN_ENGLISH)
    assert Preferences.objects.get(user__email="ann@example.org").language == "en"

    known = reading_in("en", username="known")
    known.set_password(password)
    known.save()
    newcomer = UserFactory(username="newcomer")
    newcomer.set_password(password)
    newcomer.save()
    for person in (known, newcomer):
        client.logout()
        response = client.post("/accounts/login/", {"email": person.email, "password": password}, **IN_FRENCH)
        assert response.status_code == 302

    assert Preferences.objects.language_of([known, newcomer]) == {known.pk: "en", newcomer.pk: "fr"}
    assert Preferences.objects.get(user=newcomer).language == "fr", "a login's guess is kept for an account"
