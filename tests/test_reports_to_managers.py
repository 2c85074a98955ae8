"""A visitor reports a problem on a workshop's page: its managers hear of it at once, each in their
language, and their home lists it with a link to where it is corrected; a mail outage loses nothing."""

import smtplib

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import Preferences
from moderation.models import ProblemReport
from tests.factories import MembershipFactory, UserFactory, WorkshopFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshop():
    workshop = WorkshopFactory(slug="fab-lab-de-l-usine", name="Le Fab'Lab de l'Usine & Cie")
    workshop.photos.create(image="photos/a.jpg", thumbnail="photos/a-s.jpg", width=8, height=6)  # to report
    return workshop


def report(client, workshop, kind="hours", message="Fermé le mardi depuis septembre", email="visiteur@example.org"):
    return client.post(f"/workshops/{workshop.slug}/report/", {"kind": kind, "message": message, "email": email})


def test_each_manager_is_told_in_their_language_and_led_to_the_section_to_correct(client, workshop):
    french = MembershipFactory(workshop=workshop, user__email="gerante@example.org").user
    english = MembershipFactory(workshop=workshop, user__email="manager@example.org").user
    Preferences.objects.create(user=english, language="en")
    MembershipFactory(user__email="someone-else@example.org")  # manages another workshop

    assert report(client, workshop).status_code == 302

    assert ProblemReport.objects.get().workshop == workshop
    sent = {message.to[0]: message for message in mail.outbox}
    assert set(sent) == {french.email, english.email}
    to_her = sent[french.email]
    assert to_her.subject == "Un visiteur signale un problème sur la page de « Le Fab'Lab de l'Usine & Cie »"
    assert "Les horaires sont faux" in to_her.body
    assert "Selon ses mots : « Fermé le mardi depuis septembre »" in to_her.body
    assert f"http://127.0.0.1:8000/manage/{workshop.slug}/edit/access/" in to_her.body
    assert "visiteur@example.org" not in to_her.body  # the visitor's address is for the moderators' answer
    assert sent[english.email].subject == "A visitor reports a problem on the page of Le Fab'Lab de l'Usine & Cie"


@pytest.mark.parametrize(
    ("kind", "path"),
    [
        ("address", "edit/address/"),
        ("equipment", "equipment/"),
        ("photo", "photos/"),
        ("contact", "edit/"),
        ("other", "edit/"),
    ],
)
def test_each_kind_of_problem_leads_to_its_part_of_the_profile(client, workshop, kind, path):
    MembershipFactory(workshop=workshop)
    words = "Le lien du site est mort." if kind == "other" else ""  # "something else" must say what
    report(client, workshop, kind=kind, message=words)
    [message] = mail.outbox
    assert f"/manage/{workshop.slug}/{path}\n" in message.body
    assert ("Selon ses mots" in message.body) == bool(words)


def test_a_report_on_a_workshop_nobody_manages_goes_to_the_moderators_only(client, workshop):
    form = client.get(f"/workshops/{workshop.slug}/report/").content.decode()
    assert "un modérateur vérifie et corrige l’annuaire" in form and "responsables" not in form
    assert "Lues par les modérateurs : jamais publiées." in form
    response = report(client, workshop)
    assert response.status_code == 302
    assert ProblemReport.objects.count() == 1 and mail.outbox == []
    assert "Merci : un modérateur va examiner votre signalement." in client.get(response.url).content.decode()


def test_the_visitor_is_told_who_hears_of_the_report(client, workshop):
    MembershipFactory(workshop=workshop)
    form = client.get(f"/workshops/{workshop.slug}/report/").content.decode()
    assert "les responsables de l’atelier sont prévenus aussitôt, sans votre adresse e-mail" in form
    assert "Transmises aux responsables de l’atelier et lues par les modérateurs : jamais publiées." in form
    response = report(client, workshop)
    page = client.get(response.url).content.decode()
    assert "Merci : les responsables de l’atelier ont votre signalement, et un modérateur le suit." in page


def test_a_mail_outage_loses_no_report(client, workshop, monkeypatch, caplog):
    MembershipFactory(workshop=workshop)

    def refuses(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("the mail server went away")

    monkeypatch.setattr("accounts.emails.send_mail", refuses)
    response = report(client, workshop)
    assert response.status_code == 302
    assert ProblemReport.objects.filter(workshop=workshop, state="open").count() == 1
    assert "Could not tell the managers" in caplog.text


def test_the_managers_home_lists_open_reports_with_where_to_correct_them(
    client, workshop, django_assert_max_num_queries
):
    manager = MembershipFactory(workshop=workshop).user
    report(client, workshop)
    report(client, workshop, kind="photo", message="On me reconnaît <b>sans mon accord</b>")
    ProblemReport.objects.create(workshop=workshop, kind="address", state="resolved")
    for _ in range(3):
        other = WorkshopFactory()
        MembershipFactory(user=manager, workshop=other)
        ProblemReport.objects.create(workshop=other, kind="contact")
    client.force_login(manager)

    with django_assert_max_num_queries(9):
        page = client.get("/manage/").content.decode()

    assert "Des visiteurs signalent 2 problèmes :" in page
    assert f'<a href="/manage/{workshop.slug}/edit/access/">Les horaires sont faux</a>' in page
    assert f'<a href="/manage/{workshop.slug}/photos/">Une photo ne devrait pas être affichée' in page
    assert "« On me reconnaît &lt;b&gt;sans mon accord&lt;/b&gt; »" in page
    assert "L’adresse ou la position sur la carte est fausse" not in page  # resolved
    assert page.count("Un visiteur signale un problème :") == 3
    english = client.get("/manage/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    today = timezone.localdate()
    assert f"({today:%d/%m/%Y})" in english  # day first, as British English writes it
    assert "“On me reconnaît &lt;b&gt;sans mon accord&lt;/b&gt;”" in english and "«" not in english


def test_plain_text_emails_show_names_and_words_as_typed(client, workshop):
    # They were HTML-escaped: "Le Fab&#x27;Lab de l&#x27;Usine &amp; Cie" in every e-mail naming it.
    MembershipFactory(workshop=workshop)
    report(client, workshop, message="Le <laser> ne marche plus & l'imprimante non plus")
    [message] = mail.outbox
    assert "Le Fab'Lab de l'Usine & Cie" in message.subject and "Le Fab'Lab de l'Usine & Cie" in message.body
    assert "« Le <laser> ne marche plus & l'imprimante non plus »" in message.body
    assert "&#x27;" not in message.body and "&amp;" not in message.body


def test_the_moderators_answer_to_the_visitor_is_not_escaped_either(client, workshop):
    report(client, workshop)
    client.force_login(UserFactory(is_staff=True))
    [open_report] = ProblemReport.objects.all()
    client.post(f"/moderation/reports/{open_report.pk}/", {"action": "resolve", "reason": "C'est corrigé & vérifié"})
    [answer] = mail.outbox
    assert answer.to == ["visiteur@example.org"]
    assert "Le Fab'Lab de l'Usine & Cie" in answer.body and "C'est corrigé & vérifié" in answer.body
