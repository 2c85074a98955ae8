"""Equipment types, archetypes, regions, departments: public, read-only, counted over published workshops."""

import pytest
from django.urls import reverse

from tests.factories import WorkshopFactory, commune
from workshops.vocabularies import Status

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "manager", "other_manager", "staff"]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", ["equipment-type", "archetype", "region", "department"])
def test_every_persona_reads_and_nobody_writes(personas, persona, name):
    client = personas[persona]
    url = reverse(f"api:{name}-list")
    assert client.get(url).status_code == 200
    assert client.post(url, {}, format="json").status_code in (401, 403, 405)


def test_equipment_types_carry_their_category_and_filter_by_it(anonymous):
    body = anonymous.get(reverse("api:equipment-type-list") + "?category=laser_cutting&page_size=200").json()
    assert body["count"] >= 1
    assert {t["category"] for t in body["results"]} == {"laser_cutting"}
    assert "decoupeuse-laser-co2" in [t["slug"] for t in body["results"]]
    assert anonymous.get(reverse("api:equipment-type-list") + "?category=magic").status_code == 400


def test_an_equipment_type_by_slug(anonymous):
    body = anonymous.get(reverse("api:equipment-type-detail", args=["decoupeuse-laser-co2"])).json()
    assert body["category"] == "laser_cutting"
    assert anonymous.get(reverse("api:equipment-type-detail", args=["teleporteur"])).status_code == 404


def test_archetypes_have_names_definitions_and_published_counts(anonymous):
    WorkshopFactory(archetype_override=3)
    WorkshopFactory(archetype_override=3, status=Status.DRAFT)
    body = anonymous.get(reverse("api:archetype-list"), HTTP_ACCEPT_LANGUAGE="en").json()
    assert [a["number"] for a in body["results"]] == [1, 2, 3, 4, 5, 6]
    generic = body["results"][2]
    assert generic["name"] == "Generic fablabs"
    assert generic["definition"].startswith("The maker-community fablab")
    assert generic["workshop_count"] == 1


def test_archetype_names_follow_the_language(anonymous):
    body = anonymous.get(reverse("api:archetype-list"), HTTP_ACCEPT_LANGUAGE="fr").json()
    assert body["results"][2]["name"] == "Fablabs génériques"


def test_regions_and_departments_count_published_workshops(anonymous):
    WorkshopFactory()
    WorkshopFactory(status=Status.DRAFT)
    WorkshopFactory(commune=commune("2B033"), postal_code="20200", latitude=42.69, longitude=9.45)
    regions = {r["code"]: r for r in anonymous.get(reverse("api:region-list")).json()["results"]}
    assert len(regions) == 18
    assert regions["52"]["workshop_count"] == 1
    assert regions["04"]["overseas"] is True
    departments = anonymous.get(reverse("api:department-list") + "?region=52").json()["results"]
    assert [(d["code"], d["workshop_count"]) for d in departments] == [
        ("44", 1),
        ("49", 0),
        ("53", 0),
        ("72", 0),
        ("85", 0),
    ]
    assert anonymous.get(reverse("api:department-list") + "?region=99").status_code == 400
    assert anonymous.get(reverse("api:department-detail", args=["2B"])).json()["name"] == "Haute-Corse"


def test_departments_page_through_all_101(anonymous):
    body = anonymous.get(reverse("api:department-list") + "?page_size=200").json()
    assert body["count"] == 101


@pytest.mark.parametrize(
    ("name", "queries"), [("equipment-type", 2), ("archetype", 1), ("region", 2), ("department", 2)]
)
def test_query_counts_do_not_depend_on_the_page_size(anonymous, django_assert_num_queries, name, queries):
    for size in (2, 200):
        with django_assert_num_queries(queries):
            assert anonymous.get(reverse(f"api:{name}-list") + f"?page_size={size}").status_code == 200
