"""What a person reads along the way: hours in words, a review that leads back, a preview, the site's own address."""

import json
import re

import pytest
from django.core import mail
from django.utils import translation

from tests.factories import EquipmentFactory, MembershipFactory, UserFactory, WorkshopFactory
from workshops import public
from workshops.models import ClaimRequest
from workshops.vocabularies import LocationPrecision, Status

pytestmark = pytest.mark.django_db


@translation.override("fr")
def test_hours_in_words_group_the_days_and_never_show_the_syntax():
    assert public.hours_in_words("Mo-Fr 09:00-17:30; PH off") == (
        "lundi – vendredi : 09:00–17:30 · fermé les jours fériés"
    )
    assert public.hours_in_words("Tu,Th 14:00-18:00; Sa 10:00-12:00,14:00-17:00") == (
        "mardi : 14:00–18:00 · jeudi : 14:00–18:00 · samedi : 10:00–12:00, 14:00–17:00"
    )
    assert public.hours_in_words("") == ""
    assert public.hours_in_words("n'importe quoi") == ""


def test_the_review_shows_hours_in_words_and_links_each_missing_item_to_its_step(client):
    manager = UserFactory()
    workshop = WorkshopFactory(
        status=Status.DRAFT, latitude=None, longitude=None, carrier_type="", opening_hours="Mo-Fr 09:00-17:30"
    )
    MembershipFactory(user=manager, workshop=workshop)
    client.force_login(manager)
    body = client.get(f"/manage/{workshop.slug}/submit/").content.decode()
    assert "lundi – vendredi : 09:00–17:30" in body
    assert "Mo-Fr" not in body
    assert f'<a href="/manage/{workshop.slug}/edit/address/">La position sur la carte</a>' in body
    assert f'<a href="/manage/{workshop.slug}/edit/">Le type de structure porteuse</a>' in body


def test_a_manager_previews_a_pending_workshop_that_the_public_cannot_see(client):
    manager = UserFactory()
    workshop = WorkshopFactory(status=Status.PENDING, name="Atelier en attente")
    EquipmentFactory(workshop=workshop)
    MembershipFactory(user=manager, workshop=workshop)
    assert client.get(workshop.get_absolute_url()).status_code == 404
    client.force_login(manager)
    response = client.get(f"/manage/{workshop.slug}/preview/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Aperçu : voici la page telle qu’elle sera une fois publiée. État actuel : En attente" in body
    assert '<meta name="robots" content="noindex, nofollow">' in body
    assert "<h1>Atelier en attente</h1>" in body


def test_a_claim_proved_by_e_mail_reads_as_waiting_for_a_moderator(client):
    user = UserFactory()
    workshop = WorkshopFactory()
    ClaimRequest.objects.create(
        workshop=workshop, user=user, message="Je suis le fabmanager", email_domain_verified=True
    )
    client.force_login(user)
    body = client.get("/manage/").content.decode()
    assert "votre adresse e-mail à l’atelier est vérifiée ; un modérateur vous donne accès sous peu." in body
    assert "la compléter" not in body


def test_the_moderation_review_shows_description_rna_contact_map_and_the_duplicate_check(client):
    staff = UserFactory(is_staff=True)
    workshop = WorkshopFactory(
        status=Status.PENDING, description="Un grand atelier.", rna="W442000123", email="contact@atelier.fr"
    )
    client.force_login(staff)
    body = client.get(f"/moderation/workshops/{workshop.slug}/").content.decode()
    for text in (
        "Un grand atelier.",
        "W442000123",
        "mailto:contact@atelier.fr",
        'id="map-point"',
        "Vérification des doublons",
    ):
        assert text in body


def _map_point(body):
    return json.loads(re.search(r'<script id="map-point" type="application/json">(.*?)</script>', body).group(1))


def test_the_moderation_review_s_marker_is_paler_for_a_workshop_placed_at_its_commune_only(client):
    client.force_login(UserFactory(is_staff=True))
    at_door = WorkshopFactory(status=Status.PENDING, location_precision=LocationPrecision.ADDRESS)
    at_commune = WorkshopFactory(status=Status.PENDING, location_precision=LocationPrecision.COMMUNE)
    for workshop, approximate in ((at_door, False), (at_commune, True)):
        point = _map_point(client.get(f"/moderation/workshops/{workshop.slug}/").content.decode())
        assert point == {
            "lat": workshop.latitude,
            "lon": workshop.longitude,
            "name": workshop.name,
            "approximate": approximate,
        }


def test_without_site_url_in_development_links_follow_the_server_s_own_address(client, settings):
    settings.SITE_URL_FROM_REQUEST = True
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    body = client.get("/", HTTP_HOST="127.0.0.1:8104").content.decode()
    assert '<link rel="canonical" href="http://127.0.0.1:8104/">' in body
    client.post(
        "/accounts/signup/",
        {"email": "new@example.org", "password1": "un mot de passe long", "password2": "un mot de passe long"},
        HTTP_HOST="127.0.0.1:8104",
    )
    assert "http://127.0.0.1:8104/accounts/" in mail.outbox[0].body


def test_with_site_url_set_links_use_it_whatever_the_host(client, settings):
    settings.SITE_URL_FROM_REQUEST = False
    settings.SITE_URL = "https://annuaire.example.fr"
    body = client.get("/").content.decode()
    assert '<link rel="canonical" href="https://annuaire.example.fr/">' in body


def test_the_admin_names_the_authenticator_devices_in_french(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    index = client.get("/admin/").content.decode()
    assert "Authentification à deux facteurs" in index
    assert "OTP_TOTP" not in index
    form = client.get("/admin/otp_totp/totpdevice/add/").content.decode()
    assert "Utilisateur" in form
    assert "User :" not in form
