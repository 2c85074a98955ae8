"""The yearly manager questionnaire, the profile confirmation and the results pages."""

from decimal import Decimal

import pytest
import qrcode
import qrcode.image.svg
from django.test import override_settings
from django.utils import timezone

from officials.models import OfficialScope
from surveys.models import Questionnaire, Response
from territories.models import Region
from tests.factories import MembershipFactory, UserFactory, UserResponseFactory, WorkshopFactory
from workshops.vocabularies import Status

pytestmark = pytest.mark.django_db

QUESTIONNAIRE = "/manage/fablab-nantes/questionnaire/"
CONFIRM = "/manage/fablab-nantes/questionnaire/confirm/"
RESULTS = "/manage/fablab-nantes/results/"


@pytest.fixture
def workshop():
    return WorkshopFactory(slug="fablab-nantes", carrier_type="association", access="open", pricing="membership")


@pytest.fixture
def manager(workshop):
    return MembershipFactory(workshop=workshop, user=UserFactory(username="gerante")).user


def manager_answers(**extra):
    data = {
        "q_origin": "citizens",
        "q_carrier_type": "local_authority",
        "q_purpose": "community",
        "q_audiences": ["general_public", "students"],
        "q_access": "open",
        "q_pricing": "free",
        "q_equipment_level": "intermediate",
        "q_staff_fte": "2,5",
        "q_volunteers": "12",
        "q_yearly_budget_eur": "85000",
        "q_revenue_public_pct": "60",
        "q_revenue_own_pct": "30",
        "q_revenue_private_pct": "10",
        "q_partners_companies": "yes",
        "q_partner_company_kinds": ["smes"],
        "q_labels": ["fabrique_de_territoire"],
    }
    data.update(extra)
    return data


def test_it_prefills_the_questionnaire_from_the_profile(client, workshop, manager):
    client.force_login(manager)
    body = client.get(QUESTIONNAIRE).content.decode()
    assert 'name="q_carrier_type" value="association" checked' in body
    assert 'name="q_access" value="open" checked' in body


def test_answers_are_saved_but_the_profile_waits_for_confirmation(client, workshop, manager):
    client.force_login(manager)
    response = client.post(QUESTIONNAIRE, manager_answers())
    assert response.status_code == 302
    assert response["Location"] == CONFIRM
    workshop.refresh_from_db()
    assert workshop.carrier_type == "association"
    assert workshop.pricing == "membership"
    stored = Response.objects.get()
    assert stored.respondent == manager
    assert stored.profile_applied_at is None
    assert stored.answers["partner_company_kinds"] == ["smes"]

    page = client.get(CONFIRM).content.decode()
    assert "Collectivité territoriale" in page  # the new carrier type, shown before it applies
    assert "Gratuit" in page
    assert "<td>2,5</td>" in page and "<td>85\xa0000</td>" in page  # numbers as French writes them


def test_confirming_updates_the_profile_through_save_profile(client, workshop, manager):
    client.force_login(manager)
    client.post(QUESTIONNAIRE, manager_answers())
    version = workshop.version
    response = client.post(CONFIRM, {"apply": "1", "version": version})
    assert response.status_code == 302
    workshop.refresh_from_db()
    assert workshop.carrier_type == "local_authority"
    assert workshop.pricing == "free"
    assert workshop.audiences == ["general_public", "students"]
    assert workshop.staff_fte == Decimal("2.5")
    assert workshop.volunteers == 12
    assert workshop.revenue_public_pct == 60
    assert workshop.labels == ["fabrique_de_territoire"]
    assert workshop.version == version + 1
    latest = workshop.history.first()
    assert latest.history_user == manager
    assert latest.history_change_reason.startswith("Questionnaire responsable")
    assert Response.objects.get().profile_applied_at is not None


def test_leaving_the_profile_as_it_is_changes_nothing(client, workshop, manager):
    client.force_login(manager)
    client.post(QUESTIONNAIRE, manager_answers())
    client.post(CONFIRM, {"skip": "1", "version": workshop.version})
    workshop.refresh_from_db()
    assert workshop.carrier_type == "association"
    assert Response.objects.get().profile_applied_at is None


def test_a_stale_confirmation_is_refused(client, workshop, manager):
    client.force_login(manager)
    client.post(QUESTIONNAIRE, manager_answers())
    response = client.post(CONFIRM, {"apply": "1", "version": workshop.version - 1 or 99})
    assert response.status_code == 200
    assert "Quelqu’un a modifié la fiche" in response.content.decode()
    workshop.refresh_from_db()
    assert workshop.carrier_type == "association"


def test_revenue_shares_over_100_are_refused_on_the_last_share(client, workshop, manager):
    client.force_login(manager)
    response = client.post(QUESTIONNAIRE, manager_answers(q_revenue_private_pct="20"))
    assert response.status_code == 200
    assert "totalisent 110 %" in response.content.decode()
    assert not Response.objects.exists()


def test_a_profile_the_answers_would_make_invalid_is_refused_naming_the_field(client, workshop, manager):
    workshop.revenue_own_pct = 80
    workshop.save()
    client.force_login(manager)
    data = manager_answers(q_revenue_public_pct="50")
    del data["q_revenue_own_pct"], data["q_revenue_private_pct"]
    client.post(QUESTIONNAIRE, data)
    response = client.post(CONFIRM, {"apply": "1", "version": workshop.version})
    assert response.status_code == 200
    assert (
        "Financements publics (% des ressources): La somme des parts de ressources est de 130"
        in response.content.decode()
    )
    workshop.refresh_from_db()
    assert workshop.revenue_public_pct is None


def test_one_response_per_workshop_and_year(client, workshop, manager):
    client.force_login(manager)
    client.post(QUESTIONNAIRE, manager_answers())
    client.post(QUESTIONNAIRE, manager_answers(q_volunteers="15"))
    assert Response.objects.get().answers["volunteers"] == 15
    assert "un nouvel envoi remplace ces réponses" in client.get(QUESTIONNAIRE).content.decode()


def test_the_confirmation_page_without_answers_sends_to_the_questionnaire(client, workshop, manager):
    client.force_login(manager)
    assert client.get(CONFIRM)["Location"] == QUESTIONNAIRE


def five_responses(workshop, **answers):
    base = {"age_band": "26_35", "situation": "employee", "frequency": "weekly", "reasons": ["repair"]}
    return [
        UserResponseFactory(workshop=workshop, answers={**base, "satisfaction": s, **answers}) for s in (5, 4, 4, 3, 5)
    ]


def test_results_are_hidden_below_five_responses(client, workshop, manager):
    UserResponseFactory.create_batch(4, workshop=workshop)
    client.force_login(manager)
    body = client.get(RESULTS).content.decode()
    assert "4 réponses à ce jour." in body
    assert "à partir de 5 réponses" in body
    assert "result-satisfaction" not in body


def test_results_show_counts_percentages_and_only_approved_free_text(
    client, workshop, manager, django_assert_max_num_queries
):
    responses = five_responses(workshop)
    responses[0].answers["missing"] = "Une scie à ruban"
    responses[0].free_text_status = Response.Moderation.APPROVED
    responses[0].save()
    responses[1].answers["missing"] = "Texte non modéré"
    responses[1].free_text_status = Response.Moderation.PENDING
    responses[1].save()
    client.force_login(manager)
    with django_assert_max_num_queries(12):
        body = client.get(RESULTS).content.decode()
    assert "5 réponses à ce jour." in body
    assert 'id="result-satisfaction"' in body
    assert '<td class="percent">40&nbsp;%</td>' in body  # never "40" on one line and "%" on the next
    assert "Une scie à ruban" in body
    assert "Texte non modéré" not in body


@pytest.mark.parametrize(
    "url",
    [
        QUESTIONNAIRE,
        CONFIRM,
        RESULTS,
        RESULTS + "responses.csv",
        RESULTS + "responses.xlsx",
        RESULTS + "poster/",
        RESULTS + "poster.svg",
    ],
)
def test_only_the_workshops_managers_and_staff_get_in(client, workshop, manager, url):
    five_responses(workshop)
    assert client.get(url).status_code == 302  # anonymous: to the login page
    other_manager = MembershipFactory(user=UserFactory(username="autre")).user
    client.force_login(other_manager)
    assert client.get(url).status_code == 403  # published: they may claim it (a draft would be 404)
    official = UserFactory(username="agent")
    OfficialScope.objects.create(user=official, region=Region.objects.get(code="11"))
    client.force_login(official)
    assert client.get(url).status_code == 403
    client.force_login(UserFactory(username="staff", is_staff=True))
    assert client.get(url).status_code in (200, 302)
    client.force_login(manager)
    assert client.get(url).status_code in (200, 302)


def test_exports_need_five_responses(client, workshop, manager):
    UserResponseFactory.create_batch(4, workshop=workshop)
    client.force_login(manager)
    assert client.get(RESULTS + "responses.csv").status_code == 404


def test_origin_governance_purpose_level_and_funders_reach_the_profile_and_the_classifier(client, workshop, manager):
    client.force_login(manager)
    answers = manager_answers(
        q_origin="third_place",
        q_carrier_type="third_place",
        q_governance="cooperative",
        q_purpose="territory",
        q_equipment_level="advanced",
        q_services=["coworking", "events"],
        q_funders=["region", "eu", "foundations"],
        q_labels=["france_tiers_lieux", "familles_rurales"],
        q_revenue_public_pct="40",
        q_revenue_own_pct="40",
        q_revenue_private_pct="20",
    )
    assert client.post(QUESTIONNAIRE, answers).status_code == 302
    page = client.get(CONFIRM).content.decode()
    assert "Un tiers-lieu existant" in page and "Réseau France Tiers-Lieux" in page
    client.post(CONFIRM, {"apply": "1", "version": workshop.version})
    workshop.refresh_from_db()
    assert (workshop.initiative_origin, workshop.carrier_type, workshop.governance) == (
        "third_place",
        "third_place",
        "cooperative",
    )
    assert (workshop.purpose, workshop.declared_equipment_level) == ("territory", "advanced")
    assert workshop.funders == ["region", "eu", "foundations"]
    assert workshop.archetype == 2  # a village square, from the first criterion as much as the others
    facts = [reason["en"] for reason in workshop.archetype_reasons]
    assert "started by an existing third place" in facts
    assert "governed as a cooperative (SCIC, SCOP)" in facts


def test_a_manager_finds_the_yearly_questionnaire_and_the_users_feedback_from_their_pages(
    client, workshop, manager, django_assert_max_num_queries
):
    UserResponseFactory.create_batch(3, workshop=workshop)
    draft = WorkshopFactory(slug="brouillon", status=Status.DRAFT)
    MembershipFactory(workshop=draft, user=manager)
    client.force_login(manager)
    year = timezone.localdate().year

    with django_assert_max_num_queries(10):
        home = client.get("/manage/").content.decode()

    assert f'<a href="{QUESTIONNAIRE}">Répondre au questionnaire annuel des responsables ({year})</a>' in home
    assert f'<a class="row-link" href="{RESULTS}">Avis des usagers (3)</a>' in home
    assert "/manage/brouillon/questionnaire/" not in home, "a draft registers first"
    for url in ("/manage/fablab-nantes/edit/", "/manage/fablab-nantes/equipment/", QUESTIONNAIRE, RESULTS):
        page = client.get(url).content.decode()
        assert f'<a href="{QUESTIONNAIRE}"' in page and f'<a href="{RESULTS}"' in page, url
    assert (
        f'<a href="{QUESTIONNAIRE}" aria-current="page">Questionnaire annuel</a>'
        in client.get(QUESTIONNAIRE).content.decode()
    )
    assert f'<a href="{RESULTS}" aria-current="page">Avis des usagers</a>' in client.get(RESULTS).content.decode()

    client.post(QUESTIONNAIRE, manager_answers())

    assert "Répondre au questionnaire annuel" not in client.get("/manage/").content.decode(), "answered this year"


def test_without_an_open_questionnaire_its_tab_says_so_and_nothing_is_due(client, workshop, manager):
    Questionnaire.objects.filter(slug="manager").update(is_active=False)
    client.force_login(manager)

    response = client.get(QUESTIONNAIRE)

    assert response.status_code == 200
    assert "Aucun questionnaire des responsables d’atelier n’est ouvert en ce moment." in response.content.decode()
    assert "Répondre au questionnaire annuel" not in client.get("/manage/").content.decode()
    client.force_login(MembershipFactory(user=UserFactory(username="autre")).user)
    assert client.get(QUESTIONNAIRE).status_code == 403, "still only for the workshop's managers"


@override_settings(SITE_URL="https://ateliers.example.fr")
def test_the_poster_carries_the_questionnaires_link_and_its_qr_code(client, workshop, manager):
    client.force_login(manager)
    assert (
        f'<a href="{RESULTS}poster/">une affiche à imprimer, avec son QR code</a>'
        in client.get(RESULTS).content.decode()
    )

    poster = client.get(RESULTS + "poster/").content.decode()

    survey = "https://ateliers.example.fr/workshops/fablab-nantes/survey/"
    assert f'<p class="poster-url">{survey}</p>' in poster
    assert f'<img class="poster-code" src="{RESULTS}poster.svg" alt="QR code du questionnaire"' in poster
    code = client.get(RESULTS + "poster.svg")
    assert code["Content-Type"] == "image/svg+xml"
    expected = qrcode.make(
        survey, image_factory=qrcode.image.svg.SvgPathImage, error_correction=qrcode.constants.ERROR_CORRECT_M
    )
    assert code.content == expected.to_string(), "the code of the questionnaire's address, nothing else"
    assert client.get(survey.removeprefix("https://ateliers.example.fr")).status_code == 200


def test_a_draft_has_no_poster_yet_its_questionnaire_being_closed(client, manager):
    draft = WorkshopFactory(slug="brouillon", status=Status.DRAFT)
    MembershipFactory(workshop=draft, user=manager)
    client.force_login(manager)

    poster = client.get("/manage/brouillon/results/poster/")

    assert poster.status_code == 200
    assert "Vos usagers pourront répondre une fois l’atelier publié" in poster.content.decode()
    assert "poster.svg" not in poster.content.decode()
    assert client.get("/manage/brouillon/results/poster.svg").status_code == 404
    assert client.get("/workshops/brouillon/survey/").status_code == 404, "why: its questionnaire is closed"
    results = client.get("/manage/brouillon/results/").content.decode()
    assert "Vos usagers pourront répondre une fois l’atelier publié." in results
    assert "/workshops/brouillon/survey/" not in results, "no link to a closed questionnaire"
