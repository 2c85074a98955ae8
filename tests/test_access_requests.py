"""An official without a scope is told why in French and can ask for one; staff grant it from the queue."""

import pytest
from django.core import mail

from moderation.models import AccessRequest
from officials.models import OfficialScope
from territories.models import Department, Region
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_officials_without_a_scope_get_a_french_403_offering_to_ask(client):
    client.force_login(UserFactory())
    response = client.get("/officials/")
    assert response.status_code == 403
    body = response.content.decode()
    assert "Accès réservé" in body
    assert '<a class="button-primary" href="/moderation/access/">Demander un accès</a>' in body


def test_other_403s_do_not_offer_dashboard_access(client):
    client.force_login(UserFactory())
    body = client.get("/moderation/").content.decode()
    assert "Accès réservé" in body
    assert "Demander un accès" not in body


def test_asking_files_one_request_that_staff_see_and_grant(client):
    official = UserFactory(email="agent@region.fr")
    client.force_login(official)
    form = {"region": "52", "department": "", "organisation": "Région Pays de la Loire", "message": "Suivi"}
    assert client.post("/moderation/access/", form).status_code == 302
    assert client.post("/moderation/access/", {**form, "message": "Suivi des tiers-lieux"}).status_code == 302
    request = AccessRequest.objects.get()  # asking again updates the pending request
    assert request.message == "Suivi des tiers-lieux"
    assert "Votre demande pour Pays de la Loire a été envoyée" in client.get("/moderation/access/").content.decode()

    staff = UserFactory(is_staff=True)
    client.force_login(staff)
    queue = client.get("/moderation/").content.decode()
    assert "Acteurs publics demandant un accès" in queue
    assert "Région Pays de la Loire" in queue
    response = client.post(f"/moderation/access/{request.pk}/", {"action": "grant", "reason": ""})
    assert response.status_code == 302
    assert OfficialScope.objects.get(user=official).region == Region.objects.get(code="52")
    assert "agent@region.fr" in mail.outbox[-1].to
    client.force_login(official)
    assert client.get("/officials/").status_code == 200


def test_a_request_names_exactly_one_territory(client):
    client.force_login(UserFactory())
    both = {"region": "52", "department": "44", "organisation": "Nantes Métropole"}
    response = client.post("/moderation/access/", both)
    assert response.status_code == 200
    assert "Choisissez une région, ou un département." in response.content.decode()
    response = client.post("/moderation/access/", {"region": "", "department": "", "organisation": "X"})
    assert "Choisissez une région, ou un département." in response.content.decode()
    assert not AccessRequest.objects.exists()


def test_refusing_needs_a_reason_and_tells_the_requester(client):
    official = UserFactory(email="agent@dep.fr")
    request = AccessRequest.objects.create(
        user=official, department=Department.objects.get(code="44"), organisation="Département"
    )
    client.force_login(UserFactory(is_staff=True))
    client.post(f"/moderation/access/{request.pk}/", {"action": "refuse", "reason": ""})
    request.refresh_from_db()
    assert request.state == AccessRequest.State.PENDING
    client.post(f"/moderation/access/{request.pk}/", {"action": "refuse", "reason": "Adresse personnelle"})
    request.refresh_from_db()
    assert request.state == AccessRequest.State.REFUSED
    assert not OfficialScope.objects.filter(user=official).exists()
    assert "Adresse personnelle" in mail.outbox[-1].body


@pytest.mark.parametrize("who", ["anonymous", "official", "manager"])
def test_only_staff_decide(client, who):
    request = AccessRequest.objects.create(
        user=UserFactory(), region=Region.objects.get(code="52"), organisation="Région"
    )
    if who != "anonymous":
        client.force_login(UserFactory())
    response = client.post(f"/moderation/access/{request.pk}/", {"action": "grant"})
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert "/accounts/login/" in response.url
    assert not OfficialScope.objects.exists()


def test_asking_needs_an_account(client):
    response = client.get("/moderation/access/")
    assert response.status_code == 302 and "/accounts/login/" in response.url


@pytest.mark.parametrize(
    ("path", "french", "english"),
    [
        ("/about/", "Qu’est-ce qu’un AFN", "What is an AFN?"),
        ("/legal/", "Responsable du traitement", "Data controller"),
        ("/accessibility/", "non conforme", "not compliant"),
        ("/contact/", "demandez l’accès au tableau de bord", "ask for access to your territory"),
    ],
)
def test_the_trust_pages_exist_in_both_languages(client, settings, path, french, english):
    settings.PUBLISHER_NAME = "Agence nationale de la cohésion des territoires"
    assert french in client.get(path).content.decode()
    body = client.get(path, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert english in body


def test_the_legal_notice_names_the_data_controller_or_says_it_is_not_configured(client, settings):
    settings.PUBLISHER_NAME = ""
    assert "pas encore renseigné (PUBLISHER_NAME)" in client.get("/legal/").content.decode()
    settings.PUBLISHER_NAME = "ANCT"
    settings.PUBLISHER_ADDRESS = "20 avenue de Ségur, 75007 Paris"
    body = client.get("/legal/").content.decode()
    assert "<strong>Responsable du traitement</strong>&nbsp;: ANCT, 20 avenue de Ségur, 75007 Paris." in body
