"""The moderation queue: workshops, claims and problem reports; every decision logged and e-mailed."""

import time

import pytest
import time_machine
from django.core import mail
from django.utils import translation

from afn_directory import limits
from moderation.models import ModerationDecision, ProblemReport
from tests.factories import MembershipFactory, UserFactory, WorkshopFactory
from workshops.models import ClaimRequest, Membership
from workshops.vocabularies import Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    user = UserFactory(is_staff=True)
    client.force_login(user)
    return user


@pytest.mark.parametrize(
    ("action", "reason", "status"),
    [
        ("approve", "", Status.PUBLISHED),
        ("reject", "Pas un atelier", Status.REJECTED),
        ("more_info", "Adresse ?", Status.DRAFT),
    ],
)
def test_a_pending_workshop_is_decided_logged_and_its_managers_told(client, staff, action, reason, status):
    workshop = WorkshopFactory(status=Status.PENDING)
    manager = MembershipFactory(workshop=workshop).user
    response = client.post(f"/moderation/workshops/{workshop.slug}/", {"action": action, "reason": reason})
    assert response.status_code == 302
    workshop.refresh_from_db()
    assert workshop.status == status
    decision = ModerationDecision.objects.get()
    assert (decision.action, decision.reason, decision.moderator, decision.workshop) == (
        action,
        reason,
        staff,
        workshop,
    )
    assert mail.outbox[0].to == [manager.email]
    assert reason in mail.outbox[0].body
    assert workshop.history.first().history_user == staff


def test_a_rejection_needs_a_reason(client, staff):
    workshop = WorkshopFactory(status=Status.PENDING)
    response = client.post(f"/moderation/workshops/{workshop.slug}/", {"action": "reject", "reason": " "})
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    workshop.refresh_from_db()
    assert workshop.status == Status.PENDING
    assert not ModerationDecision.objects.exists()


def test_an_approved_claim_makes_the_claimant_a_manager(client, staff):
    workshop = WorkshopFactory(source="cget", source_id="42")
    claimant = UserFactory()
    claim = ClaimRequest.objects.create(workshop=workshop, user=claimant, message="Je suis le fab manager")
    response = client.post(f"/moderation/claims/{claim.pk}/", {"action": "approve", "reason": ""})
    assert response.status_code == 302
    assert Membership.objects.get(workshop=workshop, user=claimant).role == "owner"
    claim.refresh_from_db()
    assert (claim.decision, claim.decided_by) == ("approved", staff)
    assert mail.outbox[0].to == [claimant.email]
    assert ModerationDecision.objects.get().claim == claim


def test_a_claim_asked_for_more_information_stays_in_the_queue(client, staff):
    claim = ClaimRequest.objects.create(workshop=WorkshopFactory(), user=UserFactory(), message="moi")
    client.post(f"/moderation/claims/{claim.pk}/", {"action": "more_info", "reason": "Votre rôle ?"})
    assert list(client.get("/moderation/").context["claims"]) == [claim]
    assert "Votre rôle ?" in mail.outbox[0].body


def test_a_decision_without_a_choice_is_explained_not_failed(client, staff):
    claim = ClaimRequest.objects.create(workshop=WorkshopFactory(), user=UserFactory(), message="moi")
    response = client.post(f"/moderation/claims/{claim.pk}/", {"action": "explode"}, follow=True)
    assert response.status_code == 200
    claim.refresh_from_db()
    assert claim.decision == "pending"
    assert client.post("/moderation/claims/999999/", {"action": "approve"}).status_code == 404


def test_the_public_reports_a_problem_and_the_reporter_hears_back(client):
    workshop = WorkshopFactory()
    response = client.post(
        f"/workshops/{workshop.slug}/report/",
        {"kind": "closed", "message": "Fermé depuis mars", "email": "r@example.org"},
    )
    assert response.status_code == 302
    report = ProblemReport.objects.get()
    assert (report.workshop, report.state) == (workshop, "open")
    client.force_login(UserFactory(is_staff=True))
    assert list(client.get("/moderation/").context["reports"]) == [report]
    client.post(f"/moderation/reports/{report.pk}/", {"action": "resolve", "reason": "Fiche fermée"})
    report.refresh_from_db()
    assert report.state == "resolved"
    assert mail.outbox[0].to == ["r@example.org"]


def test_something_else_needs_a_word_on_what_is_wrong(client):
    workshop = WorkshopFactory()
    url = f"/workshops/{workshop.slug}/report/"
    response = client.post(url, {"kind": "other", "message": "  ", "email": "r@example.org"})
    assert response.status_code == 200
    with translation.override("fr"):  # a lazy message, read in the page's language
        assert response.context["form"].errors["message"] == [
            "Dites ce qui ne va pas : « Autre chose » seul ne donne rien à corriger aux responsables."
        ]
    assert 'value="r@example.org"' in response.content.decode()  # kept
    assert not ProblemReport.objects.exists()
    assert client.post(url, {"kind": "other", "message": "Le lien du site est mort."}).status_code == 302
    assert client.post(url, {"kind": "hours"}).status_code == 302  # the kind says it all


def test_problem_reports_are_limited_per_ip_and_the_limit_resets(client):
    workshop = WorkshopFactory()
    url = f"/workshops/{workshop.slug}/report/"
    for _ in range(limits.PROBLEM_REPORT_PER_IP.limit):
        assert client.post(url, {"kind": "other", "message": "x"}).status_code == 302
    assert client.post(url, {"kind": "other", "message": "x"}).status_code == 429
    with time_machine.travel(time.time() + limits.PROBLEM_REPORT_PER_IP.period + 1, tick=False):
        assert client.post(url, {"kind": "other", "message": "x"}).status_code == 302


def test_reports_are_only_for_published_workshops_and_junk_is_refused(client):
    draft = WorkshopFactory(status=Status.DRAFT)
    assert client.get(f"/workshops/{draft.slug}/report/").status_code == 404
    workshop = WorkshopFactory()
    response = client.post(f"/workshops/{workshop.slug}/report/", {"kind": "nonsense", "email": "nope"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"kind", "email"}


def test_the_queue_runs_in_constant_queries(client, staff, django_assert_max_num_queries):
    def add():
        ClaimRequest.objects.create(workshop=WorkshopFactory(), user=UserFactory(), message="m")
        ProblemReport.objects.create(workshop=WorkshopFactory(), kind="other")
        WorkshopFactory(status=Status.PENDING)

    add()
    with django_assert_max_num_queries(10) as few:
        client.get("/moderation/")
    for _ in range(4):
        add()
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/moderation/")
    assert len(response.context["claims"]) == 5


def test_the_public_page_links_to_report_and_claim(client):
    workshop = WorkshopFactory()
    html = client.get(workshop.get_absolute_url()).content.decode()
    assert f"/workshops/{workshop.slug}/report/" in html
    assert f"/manage/claim/{workshop.slug}/" in html


def test_a_workshops_earlier_decisions_give_their_reason_in_the_readers_typography(client, staff):
    workshop = WorkshopFactory(status=Status.PENDING)
    ModerationDecision.objects.create(
        subject="workshop", action="reject", reason="Pas un atelier", workshop=workshop, workshop_name=workshop.name
    )
    page = client.get(f"/moderation/workshops/{workshop.slug}/").content.decode()
    assert "Refuser : Pas un atelier" in page


@pytest.mark.parametrize(
    ("action", "heading"),
    [("more_info", "The moderators ask for more information:"), ("reject", "The moderators refused it:")],
)
def test_the_managers_read_the_moderators_word_where_they_work_not_only_in_the_email(client, staff, action, heading):
    workshop = WorkshopFactory(status=Status.PENDING)
    manager = MembershipFactory(workshop=workshop).user
    client.post(f"/moderation/workshops/{workshop.slug}/", {"action": action, "reason": "Quelle adresse exacte ?"})
    client.force_login(manager)
    english = {"HTTP_ACCEPT_LANGUAGE": "en"}
    word = f"<strong>{heading}</strong> “Quelle adresse exacte ?”"
    assert word in client.get("/manage/", **english).content.decode()
    assert word in client.get(f"/manage/{workshop.slug}/submit/", **english).content.decode()
    workshop.refresh_from_db()
    workshop.status = Status.PENDING  # sent again: the word was answered
    workshop.save()
    assert heading not in client.get("/manage/", **english).content.decode()


def test_a_claim_on_a_managed_workshop_says_who_manages_it_and_its_owners_are_told(client, staff):
    workshop = WorkshopFactory()
    owner = MembershipFactory(workshop=workshop, role="owner").user
    claimant = UserFactory(email="mallory@example.org")
    claim = ClaimRequest.objects.create(workshop=workshop, user=claimant, message="Claire est partie.")
    queue = client.get("/moderation/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"Already managed by: {owner.email} (owner)." in queue
    assert "Approving makes the claimant an editor and tells its owners." in queue
    client.post(f"/moderation/claims/{claim.pk}/", {"action": "approve", "reason": ""})
    assert Membership.objects.get(workshop=workshop, user=claimant).role == "editor"
    [to_claimant, to_owner] = mail.outbox
    assert to_owner.to == [owner.email]
    assert "mallory@example.org" in to_owner.body and f"/manage/{workshop.slug}/managers/" in to_owner.body
