"""Changes made outside a workshop's own save — a machine type renamed or moved, the archetypes
computed again, the territories reloaded — reach the public answers (their ETags, the kept
answers) and the search at once, not at the next edit of some workshop."""

import pytest
from django.core.management import call_command

from territories.models import Commune, Region
from tests.factories import EquipmentFactory, UserFactory, WorkshopFactory, equipment_type
from workshops.models import EquipmentType, Workshop
from workshops.vocabularies import EquipmentCategory

pytestmark = pytest.mark.django_db

READS = [
    "/api/v1/workshops/fablab-public/",
    "/api/v1/workshops/",
    "/api/v1/workshops/geojson/",
    "/workshops/",
    "/workshops/fablab-public/",
]


@pytest.fixture
def workshop():
    workshop = WorkshopFactory(slug="fablab-public", name="Fablab public")
    EquipmentFactory(workshop=workshop, type=equipment_type("imprimante-3d-fdm"))
    return workshop


def etags(client):
    return {url: client.get(url)["ETag"] for url in READS}


def still_kept(client, before):
    """The reads answered 304 to the ETag they gave before the change: nothing in front would learn of it."""
    return [url for url, etag in before.items() if client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304]


def machine_name(client):
    return client.get("/api/v1/workshops/fablab-public/").json()["equipment"][0]["type_name"]


def found(client, words):
    return [w["slug"] for w in client.get("/api/v1/workshops/", {"q": words}).json()["results"]]


def test_a_machine_type_renamed_by_staff_shows_and_is_searched_at_once(client, workshop):
    before = etags(client)
    assert machine_name(client) != "Imprimante 3D filament"
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    kind = equipment_type("imprimante-3d-fdm")
    response = client.post(
        f"/admin/workshops/equipmenttype/{kind.pk}/change/",
        {
            "slug": kind.slug,
            "name": "Imprimante 3D filament",
            "name_en": "Filament 3D printer",
            "category": kind.category,
            "fablabs_capability": kind.fablabs_capability,
            "wikidata_id": kind.wikidata_id,
            "wikipedia_url": kind.wikipedia_url,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()

    assert still_kept(client, before) == []
    assert machine_name(client) == "Imprimante 3D filament"
    assert found(client, "filament") == ["fablab-public"]


def test_a_machine_type_moved_to_another_category_moves_its_workshops_on_the_map(client, workshop):
    before = etags(client)
    kind = equipment_type("imprimante-3d-fdm")
    kind.category = EquipmentCategory.OTHER
    kind.save()

    assert still_kept(client, before) == []
    assert Workshop.objects.get(pk=workshop.pk).equipment_categories == [EquipmentCategory.OTHER]
    [feature] = client.get("/api/v1/workshops/geojson/").json()["features"]
    assert feature["properties"]["equipment_categories"] == [EquipmentCategory.OTHER]


def test_the_archetypes_computed_again_show_at_once(client, workshop):
    Workshop.objects.filter(pk=workshop.pk).update(archetype=6)  # as rules of another version left it
    before = etags(client)
    call_command("reclassify_workshops", verbosity=0)
    assert Workshop.objects.get(pk=workshop.pk).archetype != 6
    assert still_kept(client, before) == []


def test_a_reclassification_that_changes_nothing_keeps_every_answer(client, workshop):
    before = etags(client)
    call_command("reclassify_workshops", verbosity=0)
    assert still_kept(client, before) == READS


def test_a_commune_renamed_in_the_official_geography_shows_and_is_searched_at_once(client, workshop):
    Commune.objects.filter(code="44109").update(name="Nantes-la-Vieille")
    Workshop.objects.select_related("commune").get(pk=workshop.pk).save()  # its search text holds the old name
    assert found(client, "vieille") == ["fablab-public"]
    before = etags(client)

    call_command("load_territories", verbosity=0)  # the COG names it Nantes

    assert still_kept(client, before) == []
    assert found(client, "vieille") == []
    assert found(client, "nantes") == ["fablab-public"]
    assert "Nantes (44)" in client.get("/workshops/").content.decode()


def test_a_type_saved_unchanged_reclassifies_nobody(workshop, django_assert_max_num_queries):
    kind = equipment_type("imprimante-3d-fdm")
    with django_assert_max_num_queries(2):  # what it was, then the row: no workshop read again
        kind.save()
    assert EquipmentType.objects.get(pk=kind.pk).name == kind.name


def test_a_commune_renamed_by_staff_is_found_searched_and_shown_by_its_new_name(client, workshop):
    before = etags(client)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    nantes = Commune.objects.get(code="44109")
    form = client.get(f"/admin/territories/commune/{nantes.pk}/change/").context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(
        {
            "name": "Naoned",
            "postal_codes-TOTAL_FORMS": 0,
            "postal_codes-INITIAL_FORMS": 0,
        }
    )
    response = client.post(f"/admin/territories/commune/{nantes.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    client.logout()

    assert still_kept(client, before) == []
    assert found(client, "naoned") == ["fablab-public"]
    assert "Naoned (44)" in client.get("/workshops/").content.decode()
    assert [place["code"] for place in client.get("/places/suggest/", {"q": "naoned"}).json()["results"]] == ["44109"]


def test_a_region_renamed_by_staff_has_every_answer_built_anew(client, workshop):
    before = etags(client)
    region = Region.objects.get(code="52")
    region.name = "Pays-de-la-Loire-Atlantique"
    region.save()
    assert still_kept(client, before) == []
