"""Staff: versioning in the admin, moderation, loading the questionnaires, purging old free text."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from surveys import loader
from surveys.models import Question, Questionnaire, Response
from tests.factories import UserFactory, UserResponseFactory, WorkshopFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(username="admin", is_staff=True, is_superuser=True))
    return client


def test_the_study_questionnaires_are_loaded_and_published():
    assert Questionnaire.objects.current("user").audience == "user"
    manager = Questionnaire.objects.current("manager")
    assert manager.questions.filter(profile_field="carrier_type").exists()
    choices = manager.questions.get(code="access").choices
    assert {"code": "open", "fr": "Ouvert à tous", "en": "Open to all"} in choices


def test_loading_again_changes_nothing(capsys):
    call_command("load_questionnaires")
    assert "manager v1: unchanged" in capsys.readouterr().out
    assert Questionnaire.objects.count() == 2


def test_a_changed_file_publishes_a_new_version(tmp_path, capsys):
    text = (loader.DIRECTORY / "user.toml").read_text(encoding="utf-8").replace("Votre âge", "Votre tranche d’âge")
    (tmp_path / "user.toml").write_text(text, encoding="utf-8")
    old = Questionnaire.objects.current("user")
    UserResponseFactory(questionnaire=old)
    call_command("load_questionnaires", path=str(tmp_path))
    assert "user v2: published" in capsys.readouterr().out
    new = Questionnaire.objects.current("user")
    assert new.version == 2 and new.questions.get(code="age_band").text_fr == "Votre tranche d’âge"
    old.refresh_from_db()
    assert not old.is_active and old.questions.get(code="age_band").text_fr == "Votre âge"


def test_the_admin_pages_open(staff_client):
    questionnaire = Questionnaire.objects.current("user")
    UserResponseFactory()
    for url in [
        "/admin/surveys/questionnaire/",
        f"/admin/surveys/questionnaire/{questionnaire.pk}/change/",
        "/admin/surveys/questionnaire/add/",
        "/admin/surveys/response/",
        f"/admin/surveys/response/{Response.objects.get().pk}/change/",
    ]:
        assert staff_client.get(url).status_code == 200, url


def test_a_published_version_is_read_only_in_the_admin(staff_client):
    questionnaire = Questionnaire.objects.current("user")
    page = staff_client.get(f"/admin/surveys/questionnaire/{questionnaire.pk}/change/").content.decode()
    assert "Modifier dans une nouvelle version" in page
    assert 'name="title_fr"' not in page
    assert 'name="questions-0-text_fr"' not in page
    staff_client.post(f"/admin/surveys/questionnaire/{questionnaire.pk}/change/", {"title_fr": "Changé"})
    questionnaire.refresh_from_db()
    assert questionnaire.title_fr == "Votre avis sur l’atelier"


def test_editing_a_published_version_makes_a_draft_copy_then_publishing_replaces_it(staff_client):
    published = Questionnaire.objects.current("user")
    response = staff_client.post(f"/admin/surveys/questionnaire/{published.pk}/new-version/")
    draft = Questionnaire.objects.get(slug="user", version=2)
    assert response["Location"] == f"/admin/surveys/questionnaire/{draft.pk}/change/"
    assert not draft.is_published and draft.questions.count() == published.questions.count()
    assert draft.sections.count() == published.sections.count()
    assert set(draft.questions.values_list("section__questionnaire", flat=True)) == {draft.pk}
    page = staff_client.get(f"/admin/surveys/questionnaire/{draft.pk}/change/").content.decode()
    assert 'name="title_fr"' in page and 'name="questions-0-text_fr"' in page
    staff_client.post("/admin/surveys/questionnaire/", {"action": "publish", "_selected_action": [draft.pk]})
    assert Questionnaire.objects.current("user") == draft
    published.refresh_from_db()
    assert not published.is_active


def test_publishing_an_unsound_draft_is_refused_naming_the_question(staff_client):
    draft = Questionnaire.objects.current("user").new_version()
    Question.objects.filter(questionnaire=draft, code="age_band").update(show_if={"question": "nowhere", "equals": 1})
    response = staff_client.post(
        "/admin/surveys/questionnaire/", {"action": "publish", "_selected_action": [draft.pk]}, follow=True
    )
    assert "age_band: show-if refers to “nowhere”" in response.content.decode()
    assert Questionnaire.objects.current("user").version == 1


def test_a_questionnaire_with_responses_cannot_be_deleted(staff_client):
    response = UserResponseFactory()
    page = staff_client.get(f"/admin/surveys/questionnaire/{response.questionnaire.pk}/delete/")
    assert page.status_code == 403


def test_staff_approve_free_text(staff_client):
    pending = UserResponseFactory(answers={"missing": "Un tour à bois"}, free_text_status=Response.Moderation.PENDING)
    without_text = UserResponseFactory()
    staff_client.post(
        "/admin/surveys/response/",
        {"action": "approve_free_text", "_selected_action": [pending.pk, without_text.pk]},
    )
    pending.refresh_from_db()
    without_text.refresh_from_db()
    assert pending.free_text_status == Response.Moderation.APPROVED
    assert without_text.free_text_status == Response.Moderation.NONE


def test_purge_removes_old_free_text_and_expired_tokens_only(capsys, settings):
    settings.SURVEY_TEXT_RETENTION_DAYS = 365
    workshop = WorkshopFactory()
    old = UserResponseFactory(
        workshop=workshop,
        submitted_at=timezone.now() - timedelta(days=400),
        answers={"satisfaction": 4, "missing": "Une découpeuse laser"},
        duplicate_token="a" * 64,
    )
    recent = UserResponseFactory(
        workshop=workshop,
        submitted_at=timezone.now() - timedelta(days=10),
        answers={"satisfaction": 5, "missing": "Plus d’horaires"},
        duplicate_token="b" * 64,
    )
    call_command("purge_survey_data", dry_run=True)
    assert "would remove the free text of 1 response(s)" in capsys.readouterr().out
    old.refresh_from_db()
    assert "missing" in old.answers
    call_command("purge_survey_data")
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.answers == {"satisfaction": 4}
    assert old.free_text_purged_at is not None and old.duplicate_token == ""
    assert recent.answers["missing"] == "Plus d’horaires" and recent.duplicate_token == "b" * 64
