import pytest
from django.core.management import call_command

from tests.factories import UserFactory, WorkshopFactory
from workshops.vocabularies import Status

pytestmark = pytest.mark.django_db


def test_the_home_page_lists_the_demo_workshops(client):
    call_command("seed_demo", workshops=10)
    response = client.get("/")
    assert response.status_code == 200
    assert response.content.decode().count('class="card"') == 10


def test_unpublished_workshops_are_not_on_the_home_page(client):
    WorkshopFactory(name="Atelier en brouillon", status=Status.DRAFT)
    WorkshopFactory(name="Atelier publié")
    body = client.get("/").content.decode()
    assert "Atelier publié" in body
    assert "Atelier en brouillon" not in body


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
