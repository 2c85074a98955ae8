"""The moderation queue: workshops, claims and problem reports; every decision logged and e-mailed."""

import time

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from afn_directory import limits
from moderation.models import ModerationDecision, ProblemReport
from territories.models import Commune
from tests.factories import MembershipFactory, UserFactory, WorkshopFactory
from tests.importers.conftest import cget_csv, cget_row
from workshops.importers import cget
from workshops.models import ClaimRequest, Membership, Workshop, WorkshopSource
from workshops.vocabularies import LocationPrecision, Status

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
    assert client.get("/moderation/").context["reported"] == [{"workshop": workshop, "reports": [report]}]
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


def test_a_position_at_the_communes_centre_is_not_called_a_geocoded_address(client, staff):
    # The register step falls back on the commune's centre when the address cannot be placed: the
    # review said "(Adresse géocodée)" beside "the pin marks the commune".
    placed = WorkshopFactory(status=Status.PENDING, location_source="geocoder", location_precision="address")
    approximate = WorkshopFactory(status=Status.PENDING, location_source="geocoder", location_precision="commune")
    assert "(Adresse géocodée)" in client.get(f"/moderation/workshops/{placed.slug}/").content.decode()
    page = client.get(f"/moderation/workshops/{approximate.slug}/").content.decode()
    assert "Adresse géocodée" not in page
    assert "(centre de sa commune : l’adresse n’a pas été placée)" in page


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


def test_the_review_of_a_workshop_an_import_held_says_why_in_the_moderators_language(client, staff):
    Commune.objects.filter(code="44109").update(latitude=47.2181, longitude=-1.5528)
    with translation.override("fr"):  # the import runs in French; the moderator may read English
        cget.import_file(cget_csv(cget_row(), cget_row(ID="2", NOM_TL="Far", LAT="47.9", LONG="-2.9")))
    held, published = Workshop.objects.get(source_id="2"), Workshop.objects.get(source_id="1")
    assert held.status == Status.PENDING
    reason = {
        "en": "Held by the import from CGET / ANCT census of tiers-lieux (Mission Coworking): The position 47.9, -2.9"
        " is 126 km from the centre of Nantes (44109) (department 44), the commune the other evidence names;"
        " check the address before publishing.",
        "fr": "La position 47.9, -2.9 est à 126 km du centre de Nantes (44109) (département 44)",
    }
    for language, words in reason.items():
        review = client.get(f"/moderation/workshops/{held.slug}/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
        assert words in review
        assert words in client.get("/moderation/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert "Held by the import" not in client.get(f"/moderation/workshops/{published.slug}/").content.decode()
    held.status = Status.PUBLISHED  # decided: the import's word no longer stands over it
    held.save()
    assert "Held by the import" not in client.get(f"/moderation/workshops/{held.slug}/").content.decode()


def test_a_name_like_a_formula_says_so_on_the_review_until_the_source_no_longer_holds_it(client, staff):
    cget.import_file(cget_csv(cget_row(NOM_TL="=HYPERLINK(1)")))
    workshop = Workshop.objects.get()
    url = f"/moderation/workshops/{workshop.slug}/"
    words = "The name starts like a spreadsheet formula: held for a moderator, not published."
    assert words in client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    cget.import_file(cget_csv(cget_row(NOM_TL="=HYPERLINK(1)")))  # imported again: still held, still said
    assert words in client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    Workshop.objects.filter(pk=workshop.pk).update(name="Ping Fablab")  # a moderator corrected the name
    cget.import_file(cget_csv(cget_row(NOM_TL="Ping Fablab")))
    assert "Held by the import" not in client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_a_workshop_held_before_the_reasons_were_kept_is_reviewed_as_before(client, staff):
    workshop = WorkshopFactory(status=Status.PENDING, source="cget-2019")
    WorkshopSource.objects.create(workshop=workshop, source="cget-2019", source_id="7", last_seen=workshop.created_at)
    WorkshopSource.objects.create(
        workshop=workshop, source="fablabs-io", source_id="8", last_seen=workshop.created_at, holds=[{"code": "gone"}]
    )
    for url in (f"/moderation/workshops/{workshop.slug}/", "/moderation/"):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200
        assert "Held by the import" not in response.content.decode()


@pytest.mark.parametrize(
    ("precision", "approximate"), [(LocationPrecision.COMMUNE, True), (LocationPrecision.ADDRESS, False)]
)
def test_the_review_s_marker_and_words_say_a_position_at_the_commune_as_the_public_page_does(
    client, staff, precision, approximate
):
    workshop = WorkshopFactory(location_precision=precision)
    words = "Approximate position: the marker shows the commune, not the workshop’s door."
    public = client.get(workshop.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    review = client.get(f"/moderation/workshops/{workshop.slug}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for page in (public, review):
        assert (words in page) is approximate
        assert f'"approximate": {str(approximate).lower()}' in page


def _report(workshop, kind="hours", **fields):
    return ProblemReport.objects.create(workshop=workshop, kind=kind, **fields)


def test_the_reports_on_one_workshop_make_one_row_with_their_count_reasons_and_dates(client, staff):
    closed = WorkshopFactory(name="Fablab Fermé")
    first = _report(closed, "closed", message="Porte close depuis mars")
    second = _report(closed, "hours", message="Horaires faux le samedi", email="r@example.org")
    alone = _report(WorkshopFactory(name="Lab Seul"), "contact")
    response = client.get("/moderation/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.context["reported"] == [
        {"workshop": closed, "reports": [first, second]},
        {"workshop": alone.workshop, "reports": [alone]},
    ]
    page = response.content.decode()
    assert page.count("Fablab Fermé</a> — 2 open reports") == 1
    assert "Lab Seul</a> — 1 open report" in page
    for text in ("Porte close depuis mars", "Horaires faux le samedi", "The opening hours are wrong"):
        assert text in page
    assert f'action="/moderation/reports/workshop/{closed.slug}/"' in page
    assert f'action="/moderation/reports/{first.pk}/"' in page  # each one still decided alone, if need be
    assert f'action="/moderation/reports/workshop/{alone.workshop.slug}/"' not in page


def test_one_decision_resolves_every_report_on_a_workshop_the_moderator_was_shown(client, staff):
    workshop = WorkshopFactory()
    shown = [_report(workshop, email="a@example.org", language="en"), _report(workshop, email="b@example.org")]
    other = _report(WorkshopFactory())
    later = _report(workshop)  # sent after the queue was read
    url = f"/moderation/reports/workshop/{workshop.slug}/"
    response = client.post(
        url, {"action": "resolve", "reason": "Horaires corrigés", "reports": [r.pk for r in shown]}, follow=True
    )
    assert response.status_code == 200
    assert f"Décision enregistrée pour 2 signalements sur « {workshop.name} »." in [
        str(m) for m in response.context["messages"]
    ]
    assert [r.state for r in ProblemReport.objects.filter(pk__in=[r.pk for r in shown])] == ["resolved", "resolved"]
    assert ProblemReport.objects.get(pk=later.pk).state == ProblemReport.State.OPEN
    assert ProblemReport.objects.get(pk=other.pk).state == ProblemReport.State.OPEN
    assert ModerationDecision.objects.filter(report__in=shown, action="resolve", moderator=staff).count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", "b@example.org"]
    assert all("Horaires corrigés" in m.body for m in mail.outbox)
    # Already decided, or another workshop's: nothing is decided, and the moderator is told why.
    again = client.post(url, {"action": "dismiss", "reports": [shown[0].pk, later.pk]}, follow=True)
    assert ProblemReport.objects.get(pk=later.pk).state == ProblemReport.State.OPEN
    assert "L’un de ces signalements a été traité entre-temps" in str(list(again.context["messages"])[0])
    client.post(url, {"action": "dismiss", "reports": [other.pk]})
    assert ProblemReport.objects.get(pk=other.pk).state == ProblemReport.State.OPEN
    for junk in ({"action": "dismiss", "reports": ["x"]}, {"action": "explode", "reports": [later.pk]}, {}):
        assert client.post(url, junk).status_code == 302
    assert ProblemReport.objects.get(pk=later.pk).state == ProblemReport.State.OPEN
    assert client.post("/moderation/reports/workshop/nowhere/", {"action": "dismiss"}).status_code == 404


def test_only_staff_decide_a_workshop_s_reports_at_once(client):
    workshop = WorkshopFactory()
    report = _report(workshop)
    manager = MembershipFactory(workshop=workshop).user
    url = f"/moderation/reports/workshop/{workshop.slug}/"
    data = {"action": "resolve", "reports": [report.pk]}
    anonymous = client.post(url, data)
    assert anonymous.status_code == 302 and anonymous.url.startswith("/accounts/login/")
    client.force_login(manager)
    assert client.post(url, data).status_code == 403
    assert client.get("/moderation/").status_code == 403
    client.force_login(UserFactory(is_staff=True))
    assert client.get(url).status_code == 405
    assert ProblemReport.objects.get().state == ProblemReport.State.OPEN
    assert client.post(url, data).status_code == 302
    assert ProblemReport.objects.get().state == ProblemReport.State.RESOLVED


def test_the_queue_s_queries_do_not_grow_with_the_reports(client, staff, django_assert_num_queries):
    crowded = WorkshopFactory()
    _report(crowded)
    held = WorkshopFactory(status=Status.PENDING)
    WorkshopSource.objects.create(
        workshop=held,
        source="cget-2019",
        source_id="1",
        last_seen=held.created_at,
        holds=[{"code": "formula_like_name"}],
    )
    client.get("/moderation/")  # what a first page loads once (sessions, caches)
    with CaptureQueriesContext(connection) as few:
        client.get("/moderation/")
    for _ in range(9):
        _report(crowded, "closed")
    for _ in range(3):
        _report(WorkshopFactory())
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get("/moderation/")
    assert [len(row["reports"]) for row in response.context["reported"]] == [10, 1, 1, 1]
