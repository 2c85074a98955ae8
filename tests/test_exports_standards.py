"""Open Know-Where and OpenStreetMap exports, and the national mediation data's round trip."""

import csv
import io
import json

import jsonschema
import pytest
from django.conf import settings
from django.core.management import call_command

from tests.factories import EquipmentFactory, WorkshopFactory, commune, equipment_type
from workshops import exports, importers, mednum, okw
from workshops.models import EquipmentType, Workshop

pytestmark = pytest.mark.django_db


def _row(content):
    return next(csv.reader(io.StringIO(content.splitlines()[1])))


def _content(fmt, queryset=None):
    export = exports.build(fmt, queryset if queryset is not None else Workshop.objects.published(), private=True)
    return export, "".join(export.chunks)


@pytest.fixture
def fablab():
    workshop = WorkshopFactory(
        name="Fablab des Olivettes",
        slug="fablab-des-olivettes",
        street="38 rue de la Tour d'Auvergne",
        postal_code="44200",
        email="bonjour@olivettes.example.org",
        phone="02 40 00 00 00",
        website="https://olivettes.example.org",
        wheelchair="limited",
        acceslibre_url="https://acceslibre.beta.gouv.fr/app/44-nantes/a/fablab/erp/olivettes/",
        siret="43493312300029",
        surface_m2=180,
    )
    EquipmentFactory(workshop=workshop, type=equipment_type("decoupeuse-laser-co2"), requires_training=True, power_w=60)
    EquipmentFactory(workshop=workshop, type=equipment_type("tour-cnc"), brand="", model="", quantity=2)
    return workshop


# Open Know-Where v1.0


def test_the_okw_export_validates_against_the_schema_kept_from_the_specification(fablab):
    WorkshopFactory(name="Sans position", latitude=None, longitude=None, street="", email="", website="")
    WorkshopFactory(name="Projet", activity_status="planned", access="members")

    _export, content = _content("okw")
    document = json.loads(content)

    jsonschema.Draft202012Validator(okw.schema(), format_checker=jsonschema.FormatChecker()).validate(document)
    assert len(document["facilities"]) == 3


def test_an_okw_facility_carries_its_machines_references_and_access(fablab):
    _export, content = _content("okw")

    facility = next(f for f in json.loads(content)["facilities"] if f["name"] == "Fablab des Olivettes")
    assert facility["facilityStatus"] == "Active"
    assert facility["accessType"] == "Public"
    assert facility["location"]["address"]["city"] == "Nantes"
    assert facility["location"]["address"]["region"] == "Pays de la Loire"
    assert facility["location"]["gpsCoordinates"] == "47.218400, -1.553600"
    assert facility["wheelchairAccessibility"] == "Partly wheelchair accessible"
    lathe, laser = facility["equipment"]  # by category: CNC milling, then laser cutting
    assert laser["equipmentType"] == "https://en.wikipedia.org/wiki/Laser_cutting"
    assert laser["accessType"] == "Restricted"  # training first
    assert laser["equipmentTypeWikidata"] == "http://www.wikidata.org/entity/Q593053"  # laser cutting
    assert lathe["equipmentTypeWikidata"] == "http://www.wikidata.org/entity/Q187833"
    assert (lathe["quantity"], lathe["accessType"]) == (2, "Public")
    assert "https://en.wikipedia.org/wiki/Laser_cutting" in facility["manufacturingProcesses"]
    assert laser["manufacturingProcess"] == "https://en.wikipedia.org/wiki/Laser_cutting"


def test_an_okw_machine_whose_type_has_no_checked_wikidata_item_leaves_it_out(fablab):
    EquipmentType.objects.filter(slug="decoupeuse-laser-co2").update(wikidata_id="")
    _export, content = _content("okw")

    facility = next(f for f in json.loads(content)["facilities"] if f["name"] == "Fablab des Olivettes")
    _lathe, laser = facility["equipment"]
    assert "equipmentTypeWikidata" not in laser  # left out, not guessed


def test_okw_keys_are_the_specification_labels_in_camel_case(fablab):
    document = json.loads(_content("okw")[1])

    def keys(value):
        if isinstance(value, dict):
            return set(value) | {k for v in value.values() for k in keys(v)}
        return {k for v in value for k in keys(v)} if isinstance(value, list) else set()

    assert not {key for key in keys(document) if "-" in key or "_" in key}
    assert {"name", "location", "facilityStatus"} <= set(document["facilities"][0])


def test_the_schema_refuses_what_the_specification_forbids(fablab):
    _export, content = _content("okw")
    document = json.loads(content)
    document["facilities"][0]["facilityStatus"] = "Open"
    validator = jsonschema.Draft202012Validator(okw.schema())

    assert [e.message for e in validator.iter_errors(document)] == [
        "'Open' is not one of ['Active', 'Planned', 'Temporary Closure', 'Closed']"
    ]


def test_the_okw_export_reads_a_fixed_number_of_queries(fablab, django_assert_num_queries):
    for number in range(5):
        EquipmentFactory(workshop=WorkshopFactory(name=f"Atelier {number}"))

    with django_assert_num_queries(2):  # the workshops (with commune and region), their machines
        _content("okw")


# OpenStreetMap tags


def test_the_osm_export_carries_the_tags_a_mapper_would_add(fablab):
    WorkshopFactory(name="Sans position", latitude=None, longitude=None)

    _export, content = _content("osm-geojson")
    document = json.loads(content)

    assert [f["id"] for f in document["features"]] == ["fablab-des-olivettes"]  # a mapper needs a position
    feature = document["features"][0]
    assert feature["geometry"] == {"type": "Point", "coordinates": [-1.5536, 47.2184]}
    assert feature["properties"] == {
        "leisure": "hackerspace",
        "hackerspace": "makerspace",
        "name": "Fablab des Olivettes",
        "addr:housenumber": "38",
        "addr:street": "rue de la Tour d'Auvergne",
        "addr:postcode": "44200",
        "addr:city": "Nantes",
        "website": "https://olivettes.example.org",
        "email": "bonjour@olivettes.example.org",
        "phone": "+33240000000",
        "opening_hours": "Tu-Sa 10:00-18:00",
        "wheelchair": "limited",
        "description": "Un atelier de fabrication numérique ouvert à tous.",
        "source:url": settings.SITE_URL + "/workshops/fablab-des-olivettes/",
    }


def test_the_osm_export_reads_back_through_the_osm_importer(fablab, tmp_path):
    """What we export for mappers is what the osm-json importer understands."""
    _export, content = _content("osm-geojson")
    elements = [
        {
            "type": "node",
            "id": index + 1,
            "lon": f["geometry"]["coordinates"][0],
            "lat": f["geometry"]["coordinates"][1],
            "tags": f["properties"],
        }
        for index, f in enumerate(json.loads(content)["features"])
    ]
    Workshop.objects.all().delete()

    report = importers.import_file("osm-json", json.dumps({"elements": elements}).encode())

    workshop = Workshop.objects.get()
    assert report.created == 1
    assert (workshop.name, workshop.commune_id, workshop.wheelchair, workshop.street) == (
        "Fablab des Olivettes",
        "44109",
        "limited",
        "38 rue de la Tour d'Auvergne",
    )


def test_export_workshops_writes_the_standard_formats(fablab, tmp_path):
    for fmt, name in (("okw", "facilities.json"), ("osm-geojson", "osm.geojson")):
        call_command("export_workshops", "--format", fmt, "-o", str(tmp_path / name), stderr=io.StringIO())

    assert json.loads((tmp_path / "facilities.json").read_text())["facilities"][0]["name"] == "Fablab des Olivettes"
    assert json.loads((tmp_path / "osm.geojson").read_text())["type"] == "FeatureCollection"


# The national mediation data, both ways


def test_the_mednum_export_reimported_into_an_empty_directory_gives_the_same_workshops():
    WorkshopFactory(
        name="Fablab de Rezé",
        commune=commune("44143"),
        postal_code="44400",
        street="1 rue Jean Jaurès",
        siret="43493312300029",
        opening_hours="Tu-Fr 14:00-19:00; Sa 10:00-18:00; PH off",
        services=["open_lab", "training", "digital_inclusion"],
        acceslibre_url="https://acceslibre.beta.gouv.fr/app/44-reze/a/fablab/erp/fablab-reze/",
        labels=["fabrique_de_territoire", "france_services"],
    )
    WorkshopFactory(
        name="Atelier du Vieux-Port",
        commune=commune("13055"),
        postal_code="13002",
        street="41 rue Jobin",
        latitude=43.3,
        longitude=5.38,
        rna="W131234567",
        opening_hours="Mo-Fr 10:00-18:00",
        services=["training"],
        pricing="free",
    )
    WorkshopFactory(
        name="Fab'Ajacciu",
        commune=commune("2A004"),
        postal_code="20000",
        street="3 avenue Napoléon III",
        latitude=41.923,
        longitude=8.736,
        siret="43493312300029",
        opening_hours="We,Sa 14:00-19:00",
        services=["open_lab"],
    )
    fields = ("name", "commune_id", "postal_code", "street", "opening_hours", "services", "labels", "acceslibre_url")
    before = sorted(Workshop.objects.values_list(*fields))
    _export, content = _content("mednum-csv")
    assert not _export.report
    Workshop.objects.all().delete()

    report = importers.import_file("mednum-csv", content.encode("utf-8"))

    assert (report.created, report.skipped) == (3, 0)
    assert sorted(Workshop.objects.values_list(*fields)) == before


def test_mednum_services_without_a_one_to_one_reading_come_back_as_the_standard_says_them():
    """open_lab, fabrication and prototyping are all "Loisirs et créations numériques" in the standard."""
    WorkshopFactory(name="Atelier", services=["fabrication", "prototyping", "school_programs"], siret="43493312300029")
    _export, content = _content("mednum-csv")
    Workshop.objects.all().delete()

    importers.import_file("mednum-csv", content.encode("utf-8"))
    _again, content_again = _content("mednum-csv")

    assert Workshop.objects.get().services == ["open_lab", "training"]
    column = mednum.FIELDS.index("services")
    assert (
        _row(content_again)[column]
        == _row(content)[column]
        == ("Loisirs et créations numériques|Compréhension du monde numérique")
    )
