"""Wheelchair access and the Acceslibre page: edited by managers, shown on the page and in the API."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.urls import reverse

from tests.factories import MembershipFactory, UserFactory, WorkshopFactory
from workshops import taxonomy
from workshops.models import EquipmentType, Workshop

pytestmark = pytest.mark.django_db
ACCESLIBRE = "https://acceslibre.beta.gouv.fr/app/44-nantes/a/fablab/erp/fablab-ping/"


@pytest.fixture
def manager(client):
    user = UserFactory(username="gerante")
    client.force_login(user)
    return user


def _access(**extra):
    return {"version": 1, "access": "open", "pricing": "free", "opening_hours": "Tu-Sa 10:00-18:00", **extra}


def test_a_manager_gives_the_wheelchair_access_and_the_acceslibre_page(client, manager):
    workshop = WorkshopFactory()
    MembershipFactory(user=manager, workshop=workshop)

    response = client.post(
        f"/manage/{workshop.slug}/edit/access/", _access(wheelchair="limited", acceslibre_url=ACCESLIBRE)
    )

    assert response.status_code == 302
    workshop.refresh_from_db()
    assert (workshop.wheelchair, workshop.acceslibre_url) == ("limited", ACCESLIBRE)


def test_a_page_that_is_not_acceslibre_is_refused_by_name(client, manager):
    workshop = WorkshopFactory()
    MembershipFactory(user=manager, workshop=workshop)

    response = client.post(f"/manage/{workshop.slug}/edit/access/", _access(acceslibre_url="https://example.org/"))

    assert response.status_code == 200
    assert "Acceslibre" in str(response.context["form"].errors["acceslibre_url"])
    assert Workshop.objects.get(pk=workshop.pk).acceslibre_url == ""


def test_the_page_shows_the_access_or_says_it_is_unknown(client):
    known = WorkshopFactory(wheelchair="yes", acceslibre_url=ACCESLIBRE)
    unknown = WorkshopFactory()

    with_access = client.get(known.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    without = client.get(unknown.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Wheelchair accessible" in with_access and f'href="{ACCESLIBRE}"' in with_access
    assert 'Wheelchair access</dt><dd><span class="unknown">' in without


def test_the_api_shows_and_takes_the_accessibility(client):
    workshop = WorkshopFactory(wheelchair="no")
    user = UserFactory(username="api-gerant")
    MembershipFactory(user=user, workshop=workshop)
    client.force_login(user)
    url = reverse("api:workshop-detail", args=[workshop.slug])

    assert client.get(url).json()["wheelchair"] == "no"
    response = client.patch(
        url, {"version": 1, "wheelchair": "yes", "acceslibre_url": ACCESLIBRE}, content_type="application/json"
    )

    assert response.status_code == 200, response.content
    assert (response.json()["wheelchair"], response.json()["acceslibre_url"]) == ("yes", ACCESLIBRE)
    bad = client.patch(url, {"version": 2, "wheelchair": "maybe"}, content_type="application/json")
    assert bad.status_code == 400 and "wheelchair" in bad.json()


def test_equipment_types_carry_their_wikipedia_article_and_wikidata_item(client):
    body = client.get(reverse("api:equipment-type-detail", args=["tour-cnc"])).json()

    assert body["wikipedia_url"] == "https://en.wikipedia.org/wiki/Lathe"
    assert body["wikidata_id"] == "Q187833"
    every = client.get(reverse("api:equipment-type-list") + "?page_size=200").json()["results"]
    assert all(t["wikipedia_url"].startswith("https://en.wikipedia.org/wiki/") for t in every)


def test_the_api_gives_every_checked_wikidata_item_and_leaves_the_others_empty(client):
    every = client.get(reverse("api:equipment-type-list") + "?page_size=200").json()["results"]
    items = {t["slug"]: t["wikidata_id"] for t in every}

    assert items["kit-microcontroleurs"] == "Q165678"
    assert items["scanner-3d"] == items["scanner-3d-portable"] == "Q1775257"
    assert items["decoupeuse-laser-co2"] == "Q593053"  # laser cutting, as its Wikipedia article
    assert items["graveur-laser-fibre"] == ""  # not confirmed yet: listed in docs/data-quality.md
    assert {slug for slug, item in items.items() if item} == {
        slug for slug, (item, _article) in taxonomy.REFERENCES.items() if item
    }


def test_the_standards2_migration_gives_existing_databases_the_checked_items(client):
    EquipmentType.objects.update(wikidata_id="")
    migration = importlib.import_module("workshops.migrations.0014_equipment_wikidata_standards2")

    migration.add_checked_wikidata_items(django_apps, None)

    body = client.get(reverse("api:equipment-type-detail", args=["casque-realite-virtuelle"])).json()
    assert body["wikidata_id"] == "Q19600329"
    laser = client.get(reverse("api:equipment-type-detail", args=["decoupeuse-laser-co2"])).json()
    assert laser["wikidata_id"] == "Q593053"


def test_a_data_migration_never_blanks_an_item_the_taxonomy_has_no_checked_value_for():
    """An item filled since (resolve_wikidata, staff in the admin) survives the next taxonomy reload."""
    assert taxonomy.REFERENCES["imprimante-3d-fdm"][0] == ""
    EquipmentType.objects.filter(slug="imprimante-3d-fdm").update(wikidata_id="Q900001")
    EquipmentType.objects.filter(slug="tour-cnc").update(wikidata_id="Q900009")
    EquipmentType.objects.filter(slug="surjeteuse").delete()
    migration = importlib.import_module("workshops.migrations.0014_equipment_wikidata_standards2")

    migration.add_checked_wikidata_items(django_apps, None)

    items = dict(EquipmentType.objects.values_list("slug", "wikidata_id"))
    assert items["imprimante-3d-fdm"] == "Q900001"  # kept, not blanked
    assert items["tour-cnc"] == "Q187833"  # a checked value in REFERENCES still wins
    assert items["surjeteuse"] == ""  # a type created again starts empty
