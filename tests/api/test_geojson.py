import json

import orjson
import pytest
import time_machine
from django.db import connection
from django.urls import reverse

from tests.factories import EquipmentFactory, WorkshopFactory, commune, equipment_type
from workshops import geojson
from workshops.generation import bump_generation
from workshops.models import Workshop
from workshops.vocabularies import Status

pytestmark = pytest.mark.django_db

URL = reverse("api:workshop-geojson")
# A Tuesday at 11:00 in Paris: the factory's "Tu-Sa 10:00-18:00" workshops are open.
TUESDAY_MORNING = "2026-03-03T10:00:00+00:00"


def get(client, query="", **headers):
    return client.get(URL + ("?" + query if query else ""), **headers)


def test_it_is_an_rfc7946_feature_collection_with_longitude_first(anonymous):
    workshop = WorkshopFactory(
        slug="plateforme-c", name="Plateforme C", latitude=47.2184, longitude=-1.5536, location_precision="address"
    )
    workshop.archetype = 3
    workshop.save()
    EquipmentFactory(workshop=workshop, type=equipment_type("decoupeuse-laser-co2"))
    EquipmentFactory(workshop=workshop, type=equipment_type("imprimante-3d-fdm"))
    with time_machine.travel(TUESDAY_MORNING, tick=False):
        response = get(anonymous)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    body = response.json()
    assert body["type"] == "FeatureCollection"
    [feature] = body["features"]
    assert feature["type"] == "Feature"
    assert feature["geometry"] == {"type": "Point", "coordinates": [-1.5536, 47.2184]}
    assert feature["properties"] == {
        "slug": "plateforme-c",
        "name": "Plateforme C",
        "commune": "Nantes",
        "department": "44",
        "archetype": 3,
        "archetype_provisional": False,
        "equipment_categories": ["3d_printing", "laser_cutting"],
        "open_now": True,
        "location_precision": "address",
        "url": "http://testserver/workshops/plateforme-c/",
    }


def test_it_shows_only_published_located_workshops(anonymous):
    WorkshopFactory(slug="public")
    WorkshopFactory(slug="draft", status=Status.DRAFT)
    WorkshopFactory(slug="nowhere", latitude=None, longitude=None)
    slugs = [f["id"] for f in get(anonymous).json()["features"]]
    assert slugs == ["public"]


def test_the_staff_override_wins_over_the_computed_archetype(anonymous):
    WorkshopFactory(archetype=1, archetype_override=5)
    [feature] = get(anonymous).json()["features"]
    assert feature["properties"]["archetype"] == 5


def test_an_archetype_inferred_from_open_data_says_so(anonymous):
    """A census typed it: the map's popup says « (provisoire) » after the archetype, as its page does."""
    for slug in ("census", "declared", "overridden", "unknown"):
        WorkshopFactory(slug=slug)
    Workshop.objects.update(archetype=3, archetype_provisional=True)
    Workshop.objects.filter(slug="declared").update(archetype_provisional=False)
    Workshop.objects.filter(slug="overridden").update(archetype_override=2)
    Workshop.objects.filter(slug="unknown").update(archetype=None)
    bump_generation()
    provisional = {f["id"]: f["properties"]["archetype_provisional"] for f in get(anonymous).json()["features"]}
    assert provisional == {"census": True, "declared": False, "overridden": False, "unknown": False}


def test_a_workshop_placed_at_its_commune_only_says_so(anonymous):
    """Its marker is the commune's, not the door's: the map shows it paler and its popup says so."""
    WorkshopFactory(slug="a-la-porte", location_precision="address")
    WorkshopFactory(slug="a-la-mairie", location_precision="commune")
    WorkshopFactory(slug="on-ne-sait-pas", location_precision="")
    precision = {f["id"]: f["properties"]["location_precision"] for f in get(anonymous).json()["features"]}
    assert precision == {"a-la-porte": "address", "a-la-mairie": "commune", "on-ne-sait-pas": ""}


def test_unknown_hours_give_a_null_open_now(anonymous):
    WorkshopFactory(opening_hours="")
    [feature] = get(anonymous).json()["features"]
    assert feature["properties"]["open_now"] is None


def test_it_takes_the_list_filters(anonymous):
    WorkshopFactory(slug="nantes")
    WorkshopFactory(slug="bastia", commune=commune("2B033"), postal_code="20200", latitude=42.69, longitude=9.45)
    assert [f["id"] for f in get(anonymous, "region=94").json()["features"]] == ["bastia"]
    assert [f["id"] for f in get(anonymous, "department=44").json()["features"]] == ["nantes"]


def test_around_a_point_features_carry_their_distance(anonymous):
    WorkshopFactory(slug="centre", latitude=47.2184, longitude=-1.5536)
    WorkshopFactory(slug="paris", commune=commune("75056"), postal_code="75004", latitude=48.8566, longitude=2.3522)
    features = get(anonymous, "lat=47.2184&lon=-1.5536&radius_km=10").json()["features"]
    assert [f["id"] for f in features] == ["centre"]
    assert features[0]["properties"]["distance_km"] == 0


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("region=99", "region"),
        ("equipment=teleporteur", "equipment"),
        ("lat=47.2", "lon"),
        ("archetype=x", "archetype"),
        ("open_now=maybe", "open_now"),
        ("closed=2", "closed"),
    ],
)
def test_bad_filter_values_are_400_naming_the_parameter(anonymous, query, parameter):
    response = get(anonymous, query)
    assert response.status_code == 400
    assert parameter in response.json()


def test_it_answers_from_the_cache_until_the_directory_changes(anonymous, django_assert_num_queries):
    workshop = WorkshopFactory(name="Avant")
    assert get(anonymous).json()["features"][0]["properties"]["name"] == "Avant"
    with django_assert_num_queries(0):
        assert get(anonymous).status_code == 200
    workshop.name = "Après"
    workshop.save()
    assert get(anonymous).json()["features"][0]["properties"]["name"] == "Après"


def test_an_equipment_change_invalidates_the_cache(anonymous):
    workshop = WorkshopFactory()
    assert get(anonymous).json()["features"][0]["properties"]["equipment_categories"] == []
    equipment = EquipmentFactory(workshop=workshop, type=equipment_type("decoupeuse-laser-co2"))
    assert get(anonymous).json()["features"][0]["properties"]["equipment_categories"] == ["laser_cutting"]
    equipment.delete()
    assert get(anonymous).json()["features"][0]["properties"]["equipment_categories"] == []


def test_the_cache_key_depends_on_the_filters(anonymous):
    WorkshopFactory(slug="nantes")
    assert len(get(anonymous).json()["features"]) == 1
    assert len(get(anonymous, "department=75").json()["features"]) == 0
    assert len(get(anonymous, "department=44").json()["features"]) == 1


def test_open_now_follows_the_clock_despite_the_cache(anonymous):
    WorkshopFactory(opening_hours="Tu-Sa 10:00-18:00")
    with time_machine.travel(TUESDAY_MORNING, tick=False):
        assert get(anonymous).json()["features"][0]["properties"]["open_now"] is True
    with time_machine.travel("2026-03-03T20:00:00+00:00", tick=False):
        assert get(anonymous).json()["features"][0]["properties"]["open_now"] is False


def test_the_query_count_does_not_grow_with_the_workshops(anonymous, django_assert_num_queries):
    for _ in range(3):
        EquipmentFactory(workshop=WorkshopFactory())
    # The layer, and the directory's distinct opening hours (read once per generation for "open now").
    with django_assert_num_queries(2):
        get(anonymous)
    for _ in range(10):
        EquipmentFactory(workshop=WorkshopFactory())
    with django_assert_num_queries(2):
        assert len(get(anonymous).json()["features"]) == 13


def test_a_bump_makes_new_keys():
    before = geojson.cache_key([], "")
    geojson.bump_generation()
    assert geojson.cache_key([], "") != before


def test_it_allows_cross_origin_reads(anonymous):
    WorkshopFactory()
    response = get(anonymous, HTTP_ORIGIN="https://carto.example.org")
    assert response["Access-Control-Allow-Origin"] == "*"


def test_it_honours_an_accept_header_for_geojson(anonymous):
    response = get(anonymous, HTTP_ACCEPT="application/geo+json")
    assert response.status_code == 200


def test_postgresql_writes_the_features_python_writes(anonymous):
    """The layer's cold path on PostgreSQL (each feature written by the database) says what
    `feature_collection` says, member by member and in the same order, for every kind of value."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite builds the layer in Python (feature_collection)")
    names = ['Le "Lab" \\ de C:\\ et d’ailleurs', "Ligne\nsuivante\tet\x01contrôle", "Fab 🛠 </script>", "Ébène"]
    for index, name in enumerate(names):
        WorkshopFactory(name=name, opening_hours=["Tu-Sa 10:00-18:00", "Mo 08:00-09:00", "", "n’importe quoi"][index])
    WorkshopFactory(
        name="Sans commune",
        commune=None,
        latitude=48.0,
        longitude=0.00001,
        archetype=None,
        location_precision="commune",
    )
    WorkshopFactory(name="Corrigé", archetype=2, archetype_override=6, opening_hours="Tu-Sa 10:00-18:00; PH off")
    EquipmentFactory(workshop=WorkshopFactory(name="Équipé", commune=commune("29019"), latitude=48.39, longitude=-4.49))
    EquipmentFactory(workshop=Workshop.objects.get(name="Équipé"), type=equipment_type("decoupeuse-laser-co2"))
    workshops = Workshop.objects.published()
    ordered_pairs = {"object_pairs_hook": list}  # member order counts
    with time_machine.travel(TUESDAY_MORNING, tick=False):
        for base_url in ("", "https://annuaire.example.fr"):
            written = geojson.encoded(workshops, base_url)
            python = orjson.dumps(geojson.feature_collection(workshops, base_url))
            assert json.loads(written, **ordered_pairs) == json.loads(python, **ordered_pairs)
        features = json.loads(written)["features"]
    assert len(features) == 7
    assert {f["properties"]["name"]: f["properties"]["open_now"] for f in features} == {
        names[0]: True,
        names[1]: False,
        names[2]: None,
        names[3]: None,
        "Sans commune": True,
        "Corrigé": True,
        "Équipé": True,
    }
    nowhere = next(f for f in features if f["properties"]["name"] == "Sans commune")
    assert nowhere["geometry"]["coordinates"] == [0.00001, 48.0]
    assert nowhere["properties"]["commune"] is None
    assert nowhere["properties"]["archetype"] is None
    assert nowhere["properties"]["location_precision"] == "commune"
    assert next(f for f in features if f["properties"]["name"] == "Corrigé")["properties"]["archetype"] == 6
    assert (
        next(f for f in features if f["properties"]["name"] == "Équipé")["properties"]["url"]
        == "https://annuaire.example.fr/workshops/" + Workshop.objects.get(name="Équipé").slug + "/"
    )
