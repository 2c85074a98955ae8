"""The importers of the national mediation data, data·inclusion and OpenStreetMap, on realistic files.

The fixture files were written from the public specifications: the mednum schema v1.0.2
(LaMednum/standard-mediation-num), data·inclusion's `Structure` v1.0.8
(gip-inclusion/data-inclusion-schema) and an Overpass API answer in JSON.
"""

import json
from pathlib import Path

import pytest

from workshops import importers
from workshops.importers import ImportFileError
from workshops.models import Equipment, Workshop, WorkshopSource

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parent / "fixtures"


def run(format, name, **options):
    return importers.import_file(format, FIXTURES / name, **options)


def skipped(report):
    return {entry.row: entry.code for entry in report.of("skipped")}


def noted(report):
    return {(entry.row, entry.code) for entry in report.of("suspicious")}


# The national data of digital mediation places (mednum-csv)


def test_it_keeps_the_fabrication_places_of_the_national_data_and_says_why_others_were_skipped():
    report = run("mednum-csv", "mednum-lieux.csv")

    assert report.created == 5
    assert skipped(report) == {5: "not_fabrication", 6: "not_fabrication", 8: "unknown_commune"}
    reasons = {entry.row: entry.reason for entry in report.of("skipped")}
    assert "tiers-lieu whose presentation names no machine" in reasons[5]
    assert "Typed “EPN|MUNI”" in reasons[6]
    assert set(Workshop.objects.values_list("source", flat=True)) == {"mednum"}


def test_it_maps_a_mednum_row_onto_the_profile():
    run("mednum-csv", "mednum-lieux.csv")

    demy = Workshop.objects.get(source_id="conseiller-numerique-6454a1f2")
    assert (demy.commune_id, demy.postal_code, demy.status) == ("44109", "44000", "published")
    assert demy.opening_hours == "Tu-Fr 14:00-18:00; Sa 10:00-17:00"
    assert demy.services == ["open_lab", "training"]
    assert demy.audiences == ["children", "seniors"]
    assert (demy.pricing, demy.access, demy.carrier_type) == ("free", "open", "public_digital_space")
    assert demy.acceslibre_url.startswith("https://acceslibre.beta.gouv.fr/app/44-nantes/")
    assert set(Equipment.objects.filter(workshop=demy).values_list("type__slug", flat=True)) == {
        "imprimante-3d-fdm",
        "decoupeuse-laser-co2",
        "brodeuse-numerique",
    }
    quincaillerie = Workshop.objects.get(source_id="hubik-0042")
    assert quincaillerie.labels == ["fabrique_de_territoire"]
    assert quincaillerie.siret == "43493312300029"
    assert quincaillerie.website == "https://quincaillerie.example.fr/"
    assert quincaillerie.pricing == ""  # "Payant" does not say which kind of paying: unknown, not guessed
    corsica = Workshop.objects.get(source_id="cartographie-2a-17")
    assert (corsica.commune_id, corsica.access) == ("2A004", "on_request")
    chalon = Workshop.objects.get(source_id="fabrique-chalon-1")
    assert (chalon.commune_id, chalon.rna, chalon.labels) == (
        "71076",
        "W711234567",
        ["fabrique_de_territoire", "france_services"],
    )


def test_it_leaves_out_unreadable_mednum_values_and_says_so():
    report = run("mednum-csv", "mednum-lieux.csv")

    assert {(7, "hours_unreadable"), (7, "pivot_invalid")} <= noted(report)
    reunion = Workshop.objects.get(source_id="reunion-fablab-1")
    assert (reunion.opening_hours, reunion.siret, reunion.commune_id) == ("", "", "97411")


def test_include_all_takes_every_mednum_place_with_a_known_commune():
    report = run("mednum-csv", "mednum-lieux.csv", include_all=True)

    assert report.created == 7
    assert skipped(report) == {8: "unknown_commune"}


# data·inclusion structures (data-inclusion-json)


def test_it_keeps_the_fabriques_and_fablabs_of_data_inclusion():
    report = run("data-inclusion-json", "data-inclusion-structures.json")

    assert report.created == 3
    assert skipped(report) == {3: "not_fabrication", 5: "not_an_object"}
    maurepas = Workshop.objects.get(source="data-inclusion", source_id="dora--fabrique-rennes-01")
    assert (maurepas.commune_id, maurepas.postal_code, maurepas.opening_hours) == (
        "35238",
        "35700",
        "Mo-Fr 09:00-17:00; PH off",
    )
    assert maurepas.labels == ["fabrique_de_territoire", "france_services"]
    assert maurepas.acceslibre_url.startswith("https://acceslibre.beta.gouv.fr/")
    assert set(maurepas.equipment.values_list("type__slug", flat=True)) == {"decoupeuse-laser-co2", "imprimante-3d-fdm"}
    lyon = Workshop.objects.get(source_id="soliguide--123456")
    assert lyon.acceslibre_url == ""
    assert (2, "acceslibre_unreadable") in noted(report)
    clermont = Workshop.objects.get(source_id="dora--fablab-clermont")
    # No coordinates: placed at its commune's centre, and said so.
    assert (clermont.commune_id, clermont.location_precision) == ("63113", "commune")


# OpenStreetMap makerspaces (osm-json)


def test_it_imports_the_makerspaces_of_an_overpass_answer():
    report = run("osm-json", "overpass-makerspaces.json")

    assert report.created == 3
    assert skipped(report) == {3: "not_a_makerspace", 5: "missing_name"}
    ping = Workshop.objects.get(source="osm", source_id="node/2817163452")
    assert (ping.commune_id, ping.postal_code, ping.street) == ("44109", "44200", "38 Rue de la Tour d'Auvergne")
    assert (ping.wheelchair, ping.opening_hours) == ("yes", "We 14:00-18:00; Sa 14:00-18:00")
    lfo = Workshop.objects.get(source_id="way/412345678")
    assert (lfo.commune_id, lfo.wheelchair, lfo.email) == ("13055", "limited", "contact@lfo.example.org")
    assert (lfo.latitude, lfo.longitude) == (43.3, 5.38)
    assert (ping.status, lfo.status) == ("published", "published")
    # Without addr:* tags only its position names the commune: held pending until someone looks.
    volcans = Workshop.objects.get(source_id="node/6677889900")
    assert (volcans.commune_id, volcans.wheelchair, volcans.status) == ("63113", "", "pending")
    assert [entry.row for entry in report.of("pending")] == [4]
    assert (4, "wheelchair_unknown") in noted(report)


# What every importer does


@pytest.mark.parametrize(
    ("format", "name"),
    [
        ("mednum-csv", "mednum-lieux.csv"),
        ("data-inclusion-json", "data-inclusion-structures.json"),
        ("osm-json", "overpass-makerspaces.json"),
    ],
)
def test_a_second_run_changes_nothing(format, name):
    first = run(format, name)
    workshops = list(Workshop.objects.order_by("pk").values())

    second = run(format, name)

    assert first.created > 0
    assert (second.created, second.updated, second.unchanged) == (0, 0, first.created)
    assert list(Workshop.objects.order_by("pk").values()) == workshops


@pytest.mark.parametrize(
    ("format", "name", "message"),
    [
        ("mednum-csv", "mednum-malformed.csv", "the columns id, nom, commune, code_postal, adresse are missing"),
        ("data-inclusion-json", "data-inclusion-malformed.json", "not valid JSON (line 2"),
        ("osm-json", "overpass-malformed.json", "not valid JSON (line 1"),
    ],
)
def test_a_malformed_file_is_refused_whole_and_nothing_is_written(format, name, message):
    with pytest.raises(ImportFileError) as error:
        run(format, name)

    assert message in str(error.value)
    assert not Workshop.objects.exists()
    assert not WorkshopSource.objects.exists()


def test_a_makerspace_with_no_address_and_no_commune_near_it_is_skipped():
    at_sea = {"type": "node", "id": 9, "lat": 46.5, "lon": -2.9, "tags": {"leisure": "hackerspace",
              "hackerspace": "makerspace", "name": "Fablab flottant"}}  # fmt: skip

    report = importers.import_file("osm-json", json.dumps({"elements": [at_sea]}).encode())

    assert skipped(report) == {1: "unknown_commune"}


def test_a_dry_run_writes_nothing():
    report = run("osm-json", "overpass-makerspaces.json", dry_run=True)

    assert report.created == 3
    assert not Workshop.objects.exists()
