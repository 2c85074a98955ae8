"""Suggesting a workshop's SIRET from the public companies directory (a fake directory: no network)."""

import pytest

from tests.factories import MembershipFactory, UserFactory, WorkshopFactory
from workshops import companies

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory(settings, monkeypatch):
    asked = []

    def fake(name, postal_code):
        asked.append((name, postal_code))
        return [companies.Company("73282932000074", "ASSOCIATION PING", "2 RUE DE LA GARE 44000 NANTES")]

    monkeypatch.setitem(companies.PROVIDERS, "fake", fake)
    settings.COMPANY_LOOKUP = "fake"
    return asked


def test_a_manager_without_an_identifier_sees_the_directorys_suggestions(client, directory):
    workshop = WorkshopFactory(name="Ping", postal_code="44000")
    client.force_login(MembershipFactory(workshop=workshop).user)

    page = client.get(f"/manage/{workshop.slug}/edit/").content.decode()

    assert "73282932000074" in page and "ASSOCIATION PING" in page
    assert directory == [("Ping", "44000")]


def test_no_suggestion_once_the_identifier_is_known_nor_for_a_stranger(client, directory):
    workshop = WorkshopFactory(name="Ping", siret="73282932000074")
    client.force_login(MembershipFactory(workshop=workshop).user)
    client.get(f"/manage/{workshop.slug}/edit/")
    client.force_login(UserFactory())

    assert client.get(f"/manage/{WorkshopFactory(name='Autre').slug}/edit/").status_code in (403, 404)
    assert directory == []


def test_an_unreachable_directory_suggests_nothing(settings, monkeypatch):
    def down(name, postal_code):
        raise OSError("network unreachable")

    monkeypatch.setitem(companies.PROVIDERS, "down", down)
    settings.COMPANY_LOOKUP = "down"

    assert companies.suggestions("Ping", "44000") == []


def test_by_default_nothing_is_asked(settings):
    settings.COMPANY_LOOKUP = "none"
    assert companies.suggestions("Ping", "44000") == []


def test_a_manager_is_offered_to_publish_a_private_imported_contact(client):
    workshop = WorkshopFactory(
        email="", phone="", private_email="jean.dupont@gmail.com", private_phone="06 12 34 56 78"
    )
    client.force_login(MembershipFactory(workshop=workshop).user)

    page = client.get(f"/manage/{workshop.slug}/edit/").content.decode()

    assert "jean.dupont@gmail.com" in page and "06 12 34 56 78" in page
    assert "jean.dupont" not in client.get(workshop.get_absolute_url()).content.decode()
