"""The directory's text search (`?q=`) as people type: words in any order, any case, with or
without accents, machines by their name; the same on SQLite and PostgreSQL."""

import re

import pytest

from tests.factories import EquipmentFactory, WorkshopFactory, commune, equipment_type
from workshops.models import Workshop
from workshops.search import fold, words

pytestmark = pytest.mark.django_db


def found(text):
    return sorted(Workshop.objects.published().search(text).values_list("name", flat=True))


@pytest.fixture
def directory():
    rennes = WorkshopFactory(name="FabLab de l’Université", commune=commune("35238"), summary="Ouvert aux étudiants.")
    WorkshopFactory(name="Fablab Nantais", summary="Électronique et impression 3D pour tous.")
    WorkshopFactory(name="Atelier Cœur de ville", commune=commune("44036"), summary="Un lieu de création.")
    EquipmentFactory(workshop=rennes, type=equipment_type("decoupeuse-laser-co2"), brand="Trotec", model="Speedy")
    return rennes


def test_words_are_folded_and_small_words_left_out():
    assert fold("Œuvre ÉLECTRONIQUE à Châteaubriant") == "oeuvre electronique a chateaubriant"
    assert words("FabLab de  Rennes, fablab") == ["fablab", "rennes"]
    assert words("la") == ["la"], "a search of small words only still looks for them"
    assert words("Atelier 2 à Lyon") == ["atelier", "2", "lyon"], "a digit is kept, a letter is not"
    assert words("'") == []


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("fablab rennes", ["FabLab de l’Université"]),
        ("Rennes FABLAB", ["FabLab de l’Université"]),
        ("fablab de rennes", ["FabLab de l’Université"]),
        ("fablab", ["FabLab de l’Université", "Fablab Nantais"]),
        ("fablab brest", []),  # every word must be found
        ("chateaubriant", ["Atelier Cœur de ville"]),  # the commune, without its accent
        ("CHÂTEAUBRIANT", ["Atelier Cœur de ville"]),
        ("coeur", ["Atelier Cœur de ville"]),  # a ligature
        ("electronique", ["Fablab Nantais"]),  # the summary, without its accent
        ("université", ["FabLab de l’Université"]),
        ("universite", ["FabLab de l’Université"]),
        ("etudiants", ["FabLab de l’Université"]),
    ],
)
def test_a_search_finds_every_word_in_any_case_with_or_without_accents(directory, text, names):
    assert found(text) == names


def test_a_workshop_is_found_by_its_carrier_services_audiences_and_labels(directory):
    directory.carrier_type = "association"
    directory.services = ["repair"]
    directory.audiences = ["children"]
    directory.labels = ["fabrique_de_territoire"]
    directory.save()
    for text in ["repair cafe", "association rennes", "enfants", "children", "fabrique de territoire"]:
        assert found(text) == ["FabLab de l’Université"], text


@pytest.mark.parametrize("text", ["laser", "découpeuse laser", "decoupe laser", "laser cutter", "laser rennes"])
def test_a_machine_is_found_by_its_type_or_category_in_french_or_english(directory, text):
    assert found(text) == ["FabLab de l’Université"]


def test_a_machine_removed_is_no_longer_found(directory):
    directory.equipment.all().delete()
    assert found("laser") == []


def test_the_searched_text_follows_the_name_the_commune_and_the_machines(directory):
    directory.name = "Atelier Électron"
    directory.commune = commune("29019")  # Brest
    directory.save()
    assert found("electron brest") == ["Atelier Électron"] and found("universite") == []
    EquipmentFactory(workshop=directory, type=equipment_type("brodeuse-numerique"))
    assert found("brodeuse") == found("embroidery") == found("textile") == ["Atelier Électron"]


def test_the_migration_and_the_seeders_fold_as_the_saves_do(directory):
    from workshops.classification import reclassify

    stored = Workshop.objects.get(pk=directory.pk).search_text
    Workshop.objects.filter(pk=directory.pk).update(search_text="")
    assert reclassify(Workshop.objects.get(pk=directory.pk)) is True
    assert Workshop.objects.get(pk=directory.pk).search_text == stored
    assert stored.split("\n")[:3] == ["fablab de l'universite", "ouvert aux etudiants.", "rennes"]


def test_the_list_page_and_the_api_search_alike(client, directory, django_assert_max_num_queries):
    page = client.get("/workshops/", {"q": "fablab rennes"})
    html = page.content.decode()
    assert re.findall(r'<h3><a href="/workshops/[^"]+/">([^<]+)</a></h3>', html) == ["FabLab de l’Université"]
    assert 'aria-describedby="id_q-help"' in html and 'id="id_q-help"' in html
    assert "Un nom, une ville, une machine" in html
    api = client.get("/api/v1/workshops/", {"q": "CHATEAUBRIANT"}).json()
    assert [w["name"] for w in api["results"]] == ["Atelier Cœur de ville"]
    with django_assert_max_num_queries(4):
        client.get("/api/v1/workshops/", {"q": "laser cutter rennes"})


def test_the_benchmarks_seeder_stores_the_text_a_save_would():
    from bench.seed import seed_workshops
    from workshops.classification import search_text

    seed_workshops(5)
    for workshop in Workshop.objects.filter(source="bench").select_related("commune"):
        assert workshop.search_text == search_text(workshop, set(workshop.equipment_types)), workshop.slug


def test_a_workshop_is_found_by_its_archetype_department_region_and_its_name_without_spaces():
    from workshops.importers.inference import infer

    # As the 2019 census gives them: no "fablab" in the name, a generic fablab by what it does.
    labfab = WorkshopFactory(
        name="LabFab Rennes Métropole",
        commune=commune("35238"),
        access="",
        provisional_profile=infer("LabFab", fablab=True),
    )
    WorkshopFactory(name="Le Fab-Lab du Pays", commune=commune("29019"), summary="")
    assert labfab.effective_archetype == 3  # "Fablabs génériques" (provisional)
    assert "LabFab Rennes Métropole" in found("fablab rennes")
    assert found("fablab ille-et-vilaine") == found("generic fablabs bretagne") == ["LabFab Rennes Métropole"]
    assert "Le Fab-Lab du Pays" in found("fablab finistere")  # "Fab-Lab" written as one word
    labfab.archetype_override = 5  # staff's word replaces the classifier's
    labfab.save()
    assert found("fablab rennes") == [] and found("prototypage ille et vilaine") == ["LabFab Rennes Métropole"]
