"""Staff merge two workshops that are one place, or keep them apart; every decision in the log."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from moderation.models import ModerationDecision, ProblemReport
from tests.factories import EquipmentFactory, MembershipFactory, UserFactory, UserResponseFactory, WorkshopFactory
from workshops.manage.views import _unique_slug
from workshops.models import Membership, Photo, PossibleDuplicate, Workshop, WorkshopSource
from workshops.vocabularies import Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair():
    first = WorkshopFactory(name="FabLab du Clunisois", status=Status.PUBLISHED, website="", phone="03 85 59 00 00")
    second = WorkshopFactory(name="Fablab Clunisois", status=Status.PUBLISHED, website="http://fablab-clunisois.fr")
    WorkshopSource.objects.create(workshop=first, source="cget-2019", source_id="900", last_seen=timezone.now())
    WorkshopSource.objects.create(workshop=second, source="fablabs-io", source_id="1873", last_seen=timezone.now())
    return PossibleDuplicate.objects.create(first=first, second=second, similarity=0.9, reason="alike")


@pytest.fixture
def staff(client):
    user = UserFactory(is_staff=True)
    client.force_login(user)
    return user


def test_staff_merge_a_pair_and_nothing_of_the_other_is_lost(client, staff, pair, django_capture_on_commit_callbacks):
    first, second = pair.first, pair.second
    machine = EquipmentFactory(workshop=second)
    photos = [
        Photo.objects.create(
            workshop=workshop,
            image=default_storage.save("photos/p.jpg", ContentFile(b"\xff\xd8")),
            thumbnail=default_storage.save("photos/p-small.jpg", ContentFile(b"\xff\xd8")),
            width=8,
            height=6,
            alt_text=workshop.name,
        )
        for workshop in (first, second)
    ]
    shared_manager = MembershipFactory(workshop=first).user
    MembershipFactory(workshop=second, user=shared_manager)
    other_manager = MembershipFactory(workshop=second).user
    ProblemReport.objects.create(workshop=second, kind="hours")
    UserResponseFactory(workshop=second)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/moderation/duplicates/{pair.pk}/", {"action": "keep_first", "reason": "même lieu"})

    assert response.status_code == 302
    assert not Workshop.objects.filter(pk=second.pk).exists()
    first.refresh_from_db()
    assert set(first.sources.values_list("source", "source_id")) == {("cget-2019", "900"), ("fablabs-io", "1873")}
    assert first.equipment.count() == 1
    # The search by machine finds the kept workshop with the machine it received.
    assert first.equipment_types == [machine.type_id]
    assert list(Workshop.objects.with_any_equipment(types=[machine.type])) == [first]
    assert set(Membership.objects.filter(workshop=first).values_list("user", flat=True)) == {
        shared_manager.pk,
        other_manager.pk,
    }
    assert first.problem_reports.count() == 1 and first.survey_responses.count() == 1
    # The photos too, files and all, the kept workshop's own first.
    assert list(first.photos.all()) == photos
    assert all(default_storage.exists(photo.image.name) for photo in photos)
    # Empty fields are filled from the merged workshop; the kept one's own stay.
    assert (first.website, first.phone) == ("http://fablab-clunisois.fr", "03 85 59 00 00")
    decision = ModerationDecision.objects.get()
    assert (decision.action, decision.moderator, decision.workshop) == ("merge", staff, first)
    assert "Merged “Fablab Clunisois”" in decision.reason and "même lieu" in decision.reason
    pair.refresh_from_db()
    assert (pair.state, pair.decided_by) == ("merged", staff)
    assert first.history.first().history_change_reason == f"merged {second.slug}"


def test_staff_keep_a_pair_apart_and_it_leaves_the_list(client, staff, pair):
    client.post(f"/moderation/duplicates/{pair.pk}/", {"action": "keep_apart"})

    pair.refresh_from_db()
    assert pair.state == "kept_apart"
    assert Workshop.objects.count() == 2
    assert ModerationDecision.objects.get().action == "keep_apart"
    assert f"/moderation/duplicates/{pair.pk}/" not in client.get("/moderation/duplicates/").content.decode()


def test_the_list_shows_open_pairs_to_staff_only(client, pair):
    assert client.get("/moderation/duplicates/").status_code == 302  # anonymous: to the login page
    manager = MembershipFactory(workshop=pair.first).user
    client.force_login(manager)
    assert client.get("/moderation/duplicates/").status_code == 403
    assert client.post(f"/moderation/duplicates/{pair.pk}/", {"action": "keep_first"}).status_code == 403
    assert Workshop.objects.count() == 2
    client.force_login(UserFactory(is_staff=True))
    page = client.get("/moderation/duplicates/").content.decode()
    assert "FabLab du Clunisois" in page and "Fablab Clunisois" in page


def test_the_list_says_how_far_apart_how_alike_and_from_which_sources(client, staff, pair):
    PossibleDuplicate.objects.filter(pk=pair.pk).update(distance_m=323, similarity=0.82)

    page = client.get("/moderation/duplicates/").content.decode()

    assert "à 323 m" in page and "noms semblables à 82 %" in page
    assert "CGET / ANCT (Mission Coworking) #900" in page and "fablabs.io #1873" in page


def test_a_pair_whose_workshop_was_deleted_since_leaves_the_list(client, staff, pair):
    Workshop.objects.filter(pk=pair.second_id).delete()

    response = client.get("/moderation/duplicates/")

    assert response.status_code == 200 and "FabLab du Clunisois" not in response.content.decode()


def test_a_decision_without_a_choice_changes_nothing(client, staff, pair):
    client.post(f"/moderation/duplicates/{pair.pk}/", {"action": "merge_everything"})

    assert Workshop.objects.count() == 2 and PossibleDuplicate.objects.get().state == "open"


def test_the_merged_workshops_page_leads_to_the_kept_one_for_good(client, staff, pair):
    first, second = pair.first, pair.second
    client.post(f"/moderation/duplicates/{pair.pk}/", {"action": "keep_first", "reason": ""})
    client.logout()

    response = client.get(f"/workshops/{second.slug}/")

    assert response.status_code == 301
    assert response["Location"] == f"/workshops/{first.slug}/"
    assert client.get(response["Location"]).status_code == 200
    assert client.get("/workshops/never-existed/").status_code == 404


def test_the_api_answers_a_merged_workshop_with_a_permanent_redirect_to_the_kept_one(client, staff, pair):
    first, second = pair.first, pair.second
    client.post(f"/moderation/duplicates/{pair.pk}/", {"action": "keep_second", "reason": ""})
    client.logout()

    response = client.get(f"/api/v1/workshops/{first.slug}/", HTTP_ACCEPT="application/json")

    assert response.status_code == 301
    assert response["Location"] == f"http://testserver/api/v1/workshops/{second.slug}/"
    assert response.json()["slug"] == second.slug
    assert second.name in response.json()["detail"]
    followed = client.get(response["Location"], HTTP_ACCEPT="application/json")
    assert followed.json()["slug"] == second.slug
    assert client.get("/api/v1/workshops/never-existed/").status_code == 404


def test_a_second_merge_keeps_the_first_merged_address_leading_to_the_survivor(client, staff, pair):
    first, second = pair.first, pair.second
    third = WorkshopFactory(name="Fab Lab Cluny", status=Status.PUBLISHED)
    client.post(f"/moderation/duplicates/{pair.pk}/", {"action": "keep_first", "reason": ""})
    later = PossibleDuplicate.objects.create(first=first, second=third, similarity=0.8, reason="alike")
    client.post(f"/moderation/duplicates/{later.pk}/", {"action": "keep_second", "reason": ""})

    for old in (first.slug, second.slug):
        response = client.get(f"/workshops/{old}/")
        assert (response.status_code, response["Location"]) == (301, f"/workshops/{third.slug}/")


def test_a_new_workshop_never_takes_a_merged_workshops_address(client, staff, pair):
    second = pair.second
    client.post(f"/moderation/duplicates/{pair.pk}/", {"action": "keep_first", "reason": ""})

    assert _unique_slug(second.name) != second.slug
