"""A typed place (commune name or postal code) resolved to a point; the suggestion endpoint."""

import pytest
from django.test import override_settings
from django.utils import translation

from territories import places
from territories.models import Commune

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def french():
    # A page test's request may leave another language active in this thread.
    with translation.override("fr"):
        yield


def set_centre(code, lat, lon):
    Commune.objects.filter(code=code).update(latitude=lat, longitude=lon)


@pytest.fixture
def nantes():
    set_centre("44109", 47.2184, -1.5536)


def test_it_finds_a_commune_by_name_whatever_the_case(nantes):
    place = places.resolve("  nantes ")
    assert (place.label, place.commune_code) == ("Nantes (44)", "44109")
    assert (place.latitude, place.longitude) == (47.2184, -1.5536)


def test_a_ligature_is_found_as_keyboards_type_it():
    # "Vandoeuvre": the œ was dropped from the names compared ("vanduvre"), so the town of
    # 30,000 was "not found" and a manager there could not give their commune.
    for typed in ("Vandoeuvre-lès-Nancy", "vandoeuvre les nancy", "Vandœuvre-lès-Nancy"):
        assert places.matching_communes(typed)[0].code == "54547", typed
    assert [c.code for c in places.suggest("Vandoeu")][:1] == ["54547"]
    assert places.matching_communes("Coeuvres-et-Valsery")[0].code == "02201"
    assert places.normalise("Œuilly") == "oeuilly"


@pytest.mark.parametrize("typed", ["-", "’", "--", "' ,", "« »"])
def test_a_place_with_no_letter_of_a_name_is_not_found(typed):
    # "-" read as an empty name matched every commune: the search went to Marseille, the largest.
    assert places.matching_communes(typed) == []
    assert places.suggest(typed) == []
    with pytest.raises(places.PlaceError, match="No commune matches|Aucune commune ne correspond"):
        places.resolve(typed)


def test_a_postal_code_alone_still_gives_its_communes(nantes):
    assert places.matching_communes("44000")[0].code == "44109"
    assert places.suggest("44000")[0].code == "44109"


def test_it_finds_a_commune_by_postal_code(nantes):
    assert places.resolve("44300").commune_code == "44109"
    assert places.resolve("44000 Nantes").commune_code == "44109"


def test_the_department_in_brackets_chooses_between_homonyms():
    set_centre("93066", 48.9362, 2.3574)
    set_centre("97411", -20.8823, 55.4504)
    assert places.resolve("Saint-Denis (93)").commune_code == "93066"
    assert places.resolve("Saint-Denis (974)").commune_code == "97411"


def test_a_name_prefix_means_the_most_populous_match(nantes):
    assert places.resolve("Nante").commune_code == "44109"


def test_a_former_commune_leads_to_the_commune_it_was_merged_into():
    set_centre("49307", 47.4333, -0.3667)
    place = places.resolve("Bauné")
    assert (place.label, place.commune_code) == ("Loire-Authion (49)", "49307")
    assert [c.code for c in places.matching_communes("bauné 49140")] == ["49307"]


def test_a_current_commune_comes_before_a_former_one_of_the_same_name():
    # "Montaigu" is a former commune of Montaigu-Vendée (85) and the name of current communes.
    assert "85146" not in [c.code for c in places.matching_communes("Montaigu")]
    assert {c.name for c in places.matching_communes("Montaigu")} == {"Montaigu"}


def test_an_unknown_place_says_what_was_typed():
    with pytest.raises(places.PlaceError, match="Zzyzx"):
        places.resolve("Zzyzx")
    with pytest.raises(places.PlaceError):
        places.resolve("   ")


@override_settings(GEOCODER="none")
def test_without_a_geocoder_a_commune_is_found_at_its_loaded_position(fake_geocoder):
    place = places.resolve("Plouescat")  # no demo workshop there: the position came with the COG
    assert place.commune_code == "29185"
    assert (round(place.latitude, 1), round(place.longitude, 1)) == (48.7, -4.2)
    assert fake_geocoder.calls == []


@override_settings(GEOCODER="ban")
def test_the_address_service_failing_changes_nothing_for_a_commune(fake_geocoder):
    fake_geocoder.unavailable = True
    assert places.resolve("Brest").commune_code == "29019"
    assert places.resolve("29600").commune_code == "29151"  # Morlaix
    assert places.resolve("Paris 5e").commune_code == "75105"
    assert fake_geocoder.calls == []


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("besancon", "25056"),
        ("BESANÇON", "25056"),
        ("saint etienne", "42218"),
        ("st etienne", "42218"),
        ("St-Étienne", "42218"),
        ("ste maxime", "83115"),
        ("l'île-rousse", "2B134"),
        ("Aix en Provence", "13001"),
        ("aix-en-provence 13090", "13001"),
    ],
)
def test_accents_case_hyphens_apostrophes_and_abbreviations_are_forgiven(typed, code):
    assert places.resolve(typed).commune_code == code


def test_homonyms_are_offered_with_their_department_largest_first():
    place = places.resolve("st denis")
    alternatives = [c.code for c in place.alternatives]
    assert place.commune_code == "97411"  # Saint-Denis (La Réunion), the most populous
    assert alternatives[0] == "93066"  # then Saint-Denis (Seine-Saint-Denis)
    populations = [c.population for c in place.alternatives]
    assert populations == sorted(populations, reverse=True)
    assert all(c.name == "Saint-Denis" for c in place.alternatives)


def test_a_postal_code_shared_by_several_communes_offers_them_all():
    place = places.resolve("29600")
    assert place.commune_code == "29151"  # Morlaix
    assert {"29254", "29265"} <= {c.code for c in place.alternatives}  # Saint-Martin-des-Champs, Sainte-Sève


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("Lyon", "69123"),
        ("Paris", "75056"),
        ("Marseille", "13055"),
        ("Pari", "75056"),
        ("Paris 5e", "75105"),
        ("paris 5eme arrondissement", "75105"),
        ("Lyon 3", "69383"),
        ("Marseille 1er", "13201"),
        ("75005", "75105"),
        ("69003", "69383"),
    ],
)
def test_paris_lyon_and_marseille_are_found_as_cities_and_as_arrondissements(typed, code):
    assert places.resolve(typed).commune_code == code


def test_a_place_not_found_comes_with_close_names():
    with pytest.raises(places.PlaceError) as error:
        places.resolve("Plouescta")
    assert "29185" in [c.code for c in error.value.suggestions]


def test_the_suggestions_give_code_name_postal_codes_department_and_centre(client, nantes, django_assert_num_queries):
    with django_assert_num_queries(2):
        results = client.get("/places/suggest/", {"q": "Nantes"}).json()["results"]
    assert results[0] == {
        "code": "44109",
        "name": "Nantes",
        "label": "Nantes (44)",
        "postal_codes": ["44000", "44100", "44200", "44300"],
        "department": {"code": "44", "name": "Loire-Atlantique"},
        "latitude": 47.2184,
        "longitude": -1.5536,
    }


def test_the_suggestions_by_postal_code_put_the_largest_commune_first(client):
    results = client.get("/places/suggest/", {"q": "29600"}).json()["results"]
    assert [r["code"] for r in results][0] == "29151"
    assert results[0]["latitude"] is not None
    # An arrondissement's postal code means the arrondissement, not the whole city.
    assert [r["code"] for r in client.get("/places/suggest/", {"q": "75001"}).json()["results"]] == ["75101"]


def test_the_suggestions_forgive_accents_and_abbreviations_and_carry_coordinates(client):
    results = client.get("/places/suggest/", {"q": "st den"}).json()["results"]
    assert {"97411", "93066"} <= {r["code"] for r in results}
    assert all(r["latitude"] is not None and r["longitude"] is not None for r in results)
    assert client.get("/places/suggest/", {"q": "besanc"}).json()["results"][0]["name"] == "Besançon"
    assert client.get("/places/suggest/", {"q": "Lyon"}).json()["results"][0]["code"] == "69123"


def test_the_suggestions_need_two_characters_and_are_at_most_ten(client):
    assert client.get("/places/suggest/", {"q": "N"}).json() == {"results": []}
    assert len(client.get("/places/suggest/", {"q": "Sa"}).json()["results"]) == 10
    assert client.get("/places/suggest/", {"q": "x" * 5000}).status_code == 200
    assert client.post("/places/suggest/", {"q": "Nantes"}).status_code == 405


def test_the_suggestions_offer_the_commune_a_former_one_was_merged_into(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        results = client.get("/places/suggest/", {"q": "Baun"}).json()["results"]
    assert [r["label"] for r in results] == ["Loire-Authion (49)"]
    # Only when no current commune's name starts so: "Montaigu" suggests current communes only.
    montaigu = client.get("/places/suggest/", {"q": "Montaigu"}).json()["results"]
    assert montaigu and all(r["name"].startswith("Montaigu") for r in montaigu)


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("Lhay les roses", "94038"),  # the elision's apostrophe left out, the article glued
        ("lisle adam", "95313"),
        ("Haÿ-les-Roses", "94038"),  # the article left out
        ("isle adam", "95313"),
        ("Mans", "72181"),  # Le Mans, not Mansac or Mansigné, which start so but are far smaller
        ("Havre", "76351"),
        ("rochelle", "17300"),
    ],
)
def test_a_name_glued_to_its_article_or_without_it_is_found(typed, code):
    assert places.resolve(typed).commune_code == code


def test_the_suggestions_find_a_name_glued_to_its_article_or_without_it(client):
    for typed in ("Lhay les", "hay les roses", "l'hay"):
        labels = [r["label"] for r in client.get("/places/suggest/", {"q": typed}).json()["results"]]
        assert labels[:1] == ["L'Haÿ-les-Roses (94)"], (typed, labels)
    mans = [r["label"] for r in client.get("/places/suggest/", {"q": "Mans"}).json()["results"]]
    assert mans[0] == "Le Mans (72)" and "Mansac (19)" in mans  # both: the largest first
    # A name that is typed whole comes first, whatever is larger: "Hayange" is Hayange.
    assert client.get("/places/suggest/", {"q": "Hayange"}).json()["results"][0]["label"] == "Hayange (57)"


@pytest.mark.parametrize(("typed", "code"), [("75000", "75056"), ("69000", "69123"), ("13000", "13055")])
def test_the_codes_people_use_for_paris_lyon_and_marseille_mean_the_cities(client, typed, code):
    assert places.resolve(typed).commune_code == code
    assert places.resolve(f"{typed} {Commune.objects.get(code=code).name}").commune_code == code
    assert [c["code"] for c in client.get("/places/suggest/", {"q": typed}).json()["results"]] == [code]


def test_five_digits_no_commune_has_are_said_to_be_an_unknown_postal_code():
    with translation.override("en"), pytest.raises(places.PlaceError) as error:
        places.resolve("99999")
    assert str(error.value) == "No commune has the postal code “99999”. Check it, or type the commune’s name."
