"""The list page and the API near a place typed by a citizen, without any network."""

import re

import pytest
from django.test import override_settings

from tests.factories import WorkshopFactory, commune

pytestmark = [pytest.mark.django_db]


def names(response):
    return re.findall(r'<h3><a href="/workshops/[^"]+/">([^<]+)</a></h3>', response.content.decode())


def at(code, name, km_north=0.0):
    """A workshop in commune `code`, `km_north` km north of the commune's loaded position."""
    place = commune(code)
    postal_code = place.postal_code_list[0]
    return WorkshopFactory(
        name=name,
        commune=place,
        postal_code=postal_code,
        latitude=place.latitude + km_north / 111.2,
        longitude=place.longitude,
    )


@pytest.fixture
def finistere():
    at("29185", "Plouescat Lab", 0.5)  # Plouescat
    at("29151", "Morlaix Lab", 0.3)  # Morlaix
    at("29019", "Brest Lab", 0.2)  # Brest
    at("25056", "Besançon Lab", 0.1)


@override_settings(GEOCODER="none")
@pytest.mark.parametrize(
    ("place", "expected", "label"),
    [
        ("Plouescat", ["Plouescat Lab", "Morlaix Lab", "Brest Lab"], "Plouescat (29)"),
        ("29600", ["Morlaix Lab", "Plouescat Lab", "Brest Lab"], "Morlaix (29)"),
        ("besancon", ["Besançon Lab"], "Besançon (25)"),
    ],
)
def test_a_commune_or_postal_code_answers_workshops_by_distance_without_the_network(
    client, finistere, fake_geocoder, place, expected, label
):
    response = client.get("/workshops/", {"place": place, "radius_km": "100"})
    assert names(response) == expected
    assert f"à moins de 100 km de {label}, les plus proches d’abord" in response.content.decode()
    assert fake_geocoder.calls == []


def test_a_homonym_answers_the_largest_and_offers_the_others_with_their_department(client):
    at("97411", "Réunion Lab")
    at("93066", "Seine-Saint-Denis Lab")
    response = client.get("/workshops/", {"place": "st denis"})
    body = response.content.decode()
    assert names(response) == ["Réunion Lab"]
    assert "Autres communes pour « st denis »" in body
    assert '<a href="?place=Saint-Denis+%2893%29">Saint-Denis — Seine-Saint-Denis (93)</a>' in body
    assert names(client.get("/workshops/", {"place": "Saint-Denis (93)"})) == ["Seine-Saint-Denis Lab"]


def test_lyon_finds_the_workshops_of_its_arrondissements_by_distance_and_by_filter(client):
    at("69383", "Lyon 3e Lab", 0.5)  # filed under the arrondissement
    at("69123", "Lyon Lab", 0.1)
    at("69266", "Villeurbanne Lab")
    assert names(client.get("/workshops/", {"place": "Lyon", "radius_km": "10"})) == [
        "Lyon Lab",
        "Lyon 3e Lab",
        "Villeurbanne Lab",
    ]
    assert names(client.get("/workshops/", {"commune": "69123"})) == ["Lyon Lab", "Lyon 3e Lab"]
    assert names(client.get("/workshops/", {"commune": "69383"})) == ["Lyon 3e Lab"]


def test_the_home_search_submitted_empty_or_with_a_place_shows_no_form_error(client):
    at("44109", "Nantes Lab")
    for query in (
        {"place": "", "equipment": ""},
        {"place": "Nantes", "equipment": ""},
        {"place": "", "equipment": "", "lat": "47.2", "lon": "-1.55"},
    ):
        body = client.get("/workshops/", query).content.decode()
        assert 'class="error"' not in body, query
        assert "Nantes Lab" in body


def test_the_api_sorts_by_distance_from_a_commune_and_names_one_it_cannot_locate(client):
    at("29019", "Brest Lab", 1)
    at("29185", "Plouescat Lab", 1)
    at("29151", "Morlaix Lab", 1)
    results = client.get("/api/v1/workshops/", {"commune": "29019", "radius_km": "45"}).json()["results"]
    assert [r["name"] for r in results] == ["Brest Lab", "Plouescat Lab"]  # Morlaix is 50 km away
    assert results[0]["distance_km"] == 1.0 and 30 < results[1]["distance_km"] < 45
    response = client.get("/api/v1/workshops/", {"commune": "15031", "radius_km": "30"})  # Celles (15)
    assert response.status_code == 400
    assert "Celles (15031)" in response.json()["commune"][0]
    # Without a distance, its workshops are simply listed.
    assert client.get("/api/v1/workshops/", {"commune": "15031"}).json()["count"] == 0
    assert client.get("/api/v1/workshops/", {"commune": "15031", "ordering": "distance"}).status_code == 400


def test_the_api_finds_an_arrondissements_workshop_by_its_city(client):
    at("13201", "Marseille 1er Lab")
    at("13055", "Marseille Lab")
    results = client.get("/api/v1/workshops/", {"commune": "13055"}).json()["results"]
    assert {r["name"] for r in results} == {"Marseille 1er Lab", "Marseille Lab"}
    assert all(r["distance_km"] is not None for r in results)
    assert commune("13201").epci_id == commune("13055").epci_id  # officials' EPCI counts take it in too


@pytest.mark.parametrize(
    ("place", "kind", "code"),
    [
        ("Bretagne", "region", "53"),  # not the village of that name near Belfort
        ("pays de la loire", "region", "52"),
        ("Loire-Atlantique", "department", "44"),
        ("loire atlantique", "department", "44"),
        ("2A", "department", "2A"),
        ("44", "department", "44"),
    ],
)
def test_a_region_or_department_typed_as_the_place_gives_its_list_with_the_filter_set(client, place, kind, code):
    at("35238", "Rennes Lab")
    at("44109", "Nantes Lab")
    at("2A004", "Ajaccio Lab")
    response = client.get("/workshops/", {"place": place, "radius_km": "50", "open_now": "on", "page": "2"})
    assert response.status_code == 302
    assert response.url == f"/workshops/?open_now=on&{kind}={code}"
    expected = {"53": ["Rennes Lab"], "52": ["Nantes Lab"], "44": ["Nantes Lab"], "2A": ["Ajaccio Lab"]}[code]
    followed = client.get("/workshops/", {kind: code})
    assert names(followed) == expected
    assert f'<option value="{code}" selected>' in followed.content.decode()


@pytest.mark.parametrize("place", ["Mayenne", "Paris", "Nantes", "44000"])
def test_a_commune_bearing_a_departments_name_stays_a_search_around_the_commune(client, place):
    response = client.get("/workshops/", {"place": place})
    assert response.status_code == 200
    assert "les plus proches d’abord" in response.content.decode()


def test_the_heading_elides_de_before_a_vowel_in_french(client):
    at("49007", "Angers Lab")
    body = client.get("/workshops/", {"place": "Angers"}).content.decode()
    assert "à moins de 50 km d’Angers (49), les plus proches d’abord" in body
    english = client.get("/workshops/", {"place": "Angers"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "within 50 km of Angers (49), nearest first" in english
