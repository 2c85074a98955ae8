from datetime import datetime, timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from tests.factories import UserFactory, WorkshopFactory

pytestmark = pytest.mark.django_db


def test_the_admin_works_for_a_superuser(client):
    admin = UserFactory(username="admin", is_staff=True, is_superuser=True)
    client.force_login(admin)
    WorkshopFactory()
    for url in [
        "/admin/",
        "/admin/workshops/workshop/",
        "/admin/workshops/workshop/?region__code__exact=52",
        "/admin/territories/commune/?q=Nantes",
        "/admin/workshops/workshop/add/",
    ]:
        assert client.get(url).status_code == 200, url


def test_the_admin_refuses_anonymous_visitors(client):
    response = client.get("/admin/workshops/workshop/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_healthz_answers_without_authentication(client):
    assert client.get("/healthz").json() == {"status": "ok"}


def test_readyz_reports_the_database_and_cache(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "cache": "ok"}


def test_a_form_address_opened_by_itself_gets_a_page_that_says_so_and_changes_nothing(client):
    user = UserFactory()
    client.force_login(user)
    for url in ("/accounts/logout/", "/accounts/token/"):
        response = client.get(url)
        assert response.status_code == 405, url
        assert "POST" in response["Allow"] and "GET" not in response["Allow"], url
        page = response.content.decode()
        assert "Cette adresse ne s’ouvre pas ainsi" in page and "Rien n’a été modifié" in page, url
        assert 'href="/manage/"' in page, "the manager's way back"
    assert client.get("/accounts/").status_code == 200, "still logged in: the log-out was not done by a GET"
    english = client.get("/accounts/logout/", HTTP_ACCEPT_LANGUAGE="en")
    assert "This address is not for opening" in english.content.decode()


def test_the_api_keeps_its_own_405(client):
    response = client.post("/api/v1/regions/", {})
    assert response.status_code == 405
    assert response["Content-Type"].startswith("application/json") and "detail" in response.json()


def test_pages_name_their_icon_and_it_exists(client):
    from django.contrib.staticfiles import finders

    page = client.get("/about/").content.decode()
    assert 'rel="icon" href="/static/img/favicon.svg"' in page
    assert finders.find("img/favicon.svg")


def test_a_forms_errors_are_summed_up_first_each_linked_to_its_field_in_the_readers_language(client):
    workshop = WorkshopFactory(status="published")
    french = client.post(f"/workshops/{workshop.slug}/report/", {"message": "Fermé ?"}).content.decode()
    assert '<a href="#id_kind_0">Ce qui ne va pas</a> — Ce champ est obligatoire.' in french
    english = client.post(f"/workshops/{workshop.slug}/report/", {"message": ""}, HTTP_ACCEPT_LANGUAGE="en")
    english = english.content.decode()
    assert '<a href="#id_kind_0">What is wrong</a> — This field is required.' in english


@override_settings(CONTACT_EMAIL="securite@exemple.fr", SITE_URL="https://annuaire.exemple.fr")
def test_security_txt_says_whom_to_tell_of_a_vulnerability(client):
    response = client.get("/.well-known/security.txt")
    assert response.status_code == 200 and response["Content-Type"] == "text/plain; charset=utf-8"
    fields = dict(line.split(": ", 1) for line in response.content.decode().splitlines())
    assert fields["Contact"] == "mailto:securite@exemple.fr"
    assert fields["Canonical"] == "https://annuaire.exemple.fr/.well-known/security.txt"
    assert fields["Policy"] == "https://annuaire.exemple.fr/legal/#security"
    expires = datetime.fromisoformat(fields["Expires"])
    assert timezone.now() < expires < timezone.now() + timedelta(days=365), "RFC 9116: less than a year ahead"
    legal = client.get("/legal/").content.decode()
    assert 'id="security"' in legal and "/.well-known/security.txt" in legal


@override_settings(CONTACT_EMAIL="")
def test_no_security_txt_without_a_contact(client):
    assert client.get("/.well-known/security.txt").status_code == 404


def test_favicon_ico_leads_to_the_sites_icon(client):
    from django.contrib.staticfiles import finders
    from django.contrib.staticfiles.storage import staticfiles_storage

    response = client.get("/favicon.ico")
    assert response.status_code == 302, "not permanent: the icon's address changes with its content"
    assert response["Location"] == staticfiles_storage.url("img/favicon.svg")
    assert finders.find("img/favicon.svg"), "the icon it leads to exists"


def test_the_about_page_names_the_census_every_imported_profile_comes_from(client):
    french = client.get("/about/").content.decode()
    assert "Recensement des tiers-lieux CGET / ANCT (Mission Coworking)</cite>, état de janvier 2019" in french
    english = client.get("/about/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "CGET / ANCT census of tiers-lieux (Mission Coworking)</cite>" in english
    assert "as of January 2019" in english
