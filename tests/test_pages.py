import pytest

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
