"""/workshops/<slug>/survey/: anonymous responses, consent, and the anti-abuse measures."""

import pytest
import time_machine
from django.utils import timezone

from afn_directory.limits import SURVEY_PER_IP
from surveys.models import Questionnaire, Response
from tests.factories import UserResponseFactory, WorkshopFactory
from workshops.vocabularies import Status

pytestmark = pytest.mark.django_db


def answers(**extra):
    data = {
        "consent": "on",
        "website": "",
        "submission_key": "key-1",
        "q_age_band": "26_35",
        "q_situation": "employee",
        "q_frequency": "weekly",
        "q_reasons": ["personal_project", "repair"],
        "q_satisfaction": "4",
    }
    data.update(extra)
    return data


@pytest.fixture
def workshop():
    return WorkshopFactory(slug="fablab-nantes", name="Fablab de Nantes")


URL = "/workshops/fablab-nantes/survey/"


def test_it_shows_the_questionnaire_and_the_processing_notice_in_french(client, workshop):
    body = client.get(URL).content.decode()
    assert "Votre avis sur l’atelier" in body
    assert 'name="q_satisfaction"' in body
    for heading in ("Finalité", "Conservation", "Responsable du traitement"):
        assert heading in body
    assert 'name="submission_key"' in body


def test_it_stores_an_anonymous_response_and_thanks(client, workshop):
    response = client.post(URL, answers(), REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 302
    assert response["Location"] == "/workshops/fablab-nantes/survey/thanks/"
    stored = Response.objects.get()
    assert stored.workshop == workshop
    assert stored.questionnaire == Questionnaire.objects.current("user")
    assert stored.answers == {
        "age_band": "26_35",
        "situation": "employee",
        "frequency": "weekly",
        "reasons": ["personal_project", "repair"],
        "satisfaction": 4,
    }
    assert stored.consent_at is not None
    assert stored.free_text_status == Response.Moderation.NONE
    stored_text = str([getattr(stored, f.attname) for f in Response._meta.fields])
    assert "203.0.113.9" not in stored_text
    assert len(stored.duplicate_token) == 64
    assert client.get(response["Location"]).status_code == 200


def test_it_stores_nothing_without_consent(client, workshop):
    data = answers()
    del data["consent"]
    response = client.post(URL, data)
    assert response.status_code == 200
    assert "Merci d’accepter le traitement de vos réponses avant de les envoyer." in response.content.decode()
    assert not Response.objects.exists()


def test_it_explains_each_wrong_answer_and_keeps_the_others(client, workshop):
    response = client.post(URL, answers(q_satisfaction="9", q_frequency=""))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Veuillez corriger 2 réponses." in body
    assert "Choisissez une valeur de 1 à 5." in body
    assert "Cette question est obligatoire." in body
    assert 'value="repair" checked' in body
    assert not Response.objects.exists()


def test_it_refuses_no_machine_together_with_a_machine(client, workshop):
    response = client.post(URL, answers(q_machines=["none", "laser"]), HTTP_ACCEPT_LANGUAGE="en")
    body = response.content.decode()
    assert response.status_code == 200
    assert "The answer “None” excludes the other answers to “Which machines do you use?”" in body
    assert not Response.objects.exists()


def test_a_question_hidden_by_its_rule_is_not_stored(client, workshop):
    client.post(URL, answers(q_business_stage="young"))
    assert "business_stage" not in Response.objects.get().answers


def test_a_question_shown_by_its_rule_is_stored(client, workshop):
    client.post(URL, answers(q_situation="self_employed", q_business_stage="young"))
    assert Response.objects.get().answers["business_stage"] == "young"


def test_free_text_waits_for_moderation(client, workshop):
    client.post(URL, answers(q_missing="Une scie à ruban"))
    assert Response.objects.get().free_text_status == Response.Moderation.PENDING


def test_a_form_without_its_submission_key_still_stores_the_response(client, workshop):
    data = answers()
    del data["submission_key"]
    assert client.post(URL, data).status_code == 302
    assert Response.objects.get().submission_key


def test_the_honeypot_pretends_and_stores_nothing(client, workshop):
    response = client.post(URL, answers(website="http://spam.example"))
    assert response.status_code == 302
    assert not Response.objects.exists()


def test_a_double_submission_stores_one_response(client, workshop):
    first = client.post(URL, answers())
    client.cookies.clear()  # even without the anti-duplicate cookie, the same form counts once
    second = client.post(URL, answers())
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"]
    assert Response.objects.count() == 1


def test_the_same_browser_cannot_answer_twice_within_30_days(client, workshop):
    client.post(URL, answers())
    again = client.post(URL, answers(submission_key="key-2"))
    assert again.status_code == 200
    assert "Vous avez déjà répondu" in again.content.decode()
    assert "Vous avez déjà répondu" in client.get(URL).content.decode()
    assert Response.objects.count() == 1


def test_another_browser_can_answer(client, workshop):
    client.post(URL, answers())
    client.cookies.clear()
    client.post(URL, answers(submission_key="key-2"))
    assert Response.objects.count() == 2


def test_the_anti_duplicate_token_expires_after_30_days(client, workshop):
    with time_machine.travel(timezone.now() - timezone.timedelta(days=31), tick=False):
        client.post(URL, answers())
    assert client.get(URL).status_code == 200
    assert 'name="q_satisfaction"' in client.get(URL).content.decode()


def test_a_forged_cookie_is_ignored(client, workshop):
    client.cookies[f"afn_survey_{workshop.pk}"] = "forged"
    assert 'name="q_satisfaction"' in client.get(URL).content.decode()


def test_the_token_is_per_workshop(client, workshop):
    other = WorkshopFactory(slug="atelier-rezé")
    other = WorkshopFactory(slug="atelier-reze")
    client.post(URL, answers())
    response = client.post(f"/workshops/{other.slug}/survey/", answers(submission_key="key-2"))
    assert response.status_code == 302
    assert Response.objects.filter(workshop=other).count() == 1


def test_the_rate_limit_refuses_with_429_and_stores_nothing(client, workshop):
    for _ in range(SURVEY_PER_IP.limit):
        SURVEY_PER_IP.hit("198.51.100.7")
    response = client.post(URL, answers(), REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert not Response.objects.exists()
    assert client.post(URL, answers(), REMOTE_ADDR="198.51.100.8").status_code == 302


def test_unpublished_or_unknown_workshops_have_no_survey(client):
    WorkshopFactory(slug="brouillon", status=Status.DRAFT)
    assert client.get("/workshops/brouillon/survey/").status_code == 404
    assert client.get("/workshops/nowhere/survey/").status_code == 404
    assert client.post("/workshops/nowhere/survey/", answers()).status_code == 404


def test_without_an_active_questionnaire_the_survey_is_not_found(client, workshop):
    Questionnaire.objects.update(is_active=False)
    assert client.get(URL).status_code == 404


def test_garbage_posts_never_fail(client, workshop):
    response = client.post(URL, {"q_reasons": ["x" * 5000], "q_satisfaction": ["1", "2"], "submission_key": "k" * 300})
    assert response.status_code == 200
    assert not Response.objects.exists()


def test_a_new_version_leaves_old_responses_intact(client, workshop):
    old = UserResponseFactory(workshop=workshop)
    new = Questionnaire.objects.current("user").new_version()
    new.questions.filter(code="recommend").delete()
    new.publish()
    client.post(URL, answers())
    old.refresh_from_db()
    assert old.questionnaire.version == 1
    assert Response.objects.exclude(pk=old.pk).get().questionnaire == new
    assert old.answers == {"age_band": "26_35", "situation": "employee", "satisfaction": 4}
