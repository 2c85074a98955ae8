"""The fablabs.io importer, and linking a workshop seen in both sources."""

import pytest

from workshops.importers import ImportFileError, cget, fablabs
from workshops.importers.matching import Candidate, WorkshopIndex, similar_names
from workshops.models import Equipment, PossibleDuplicate, Workshop, WorkshopSource

from .conftest import cget_csv, cget_row, lab, labs_json

pytestmark = pytest.mark.django_db


def test_it_imports_a_french_lab_with_its_machines_and_status():
    report = fablabs.import_file(labs_json(lab()))

    assert report.created == 1
    workshop = Workshop.objects.get()
    assert (workshop.source, workshop.source_id, workshop.status) == ("fablabs-io", "1001", "published")
    assert (workshop.commune_id, workshop.website, workshop.phone) == (
        "44109",
        "https://ping.example.org",
        "+33 2 40 00 00 00",
    )
    assert workshop.labels == ["fab_charter"]
    assert workshop.description == "Machines, ateliers et entraide.\n\nOuvert le samedi."
    assert set(Equipment.objects.values_list("type__slug", flat=True)) == {
        "imprimante-3d-fdm",
        "decoupeuse-laser-co2",
        "plotter-decoupe-vinyle",
    }


@pytest.mark.parametrize("country", ["fr", "FR", "Fr", "re"])
def test_it_takes_french_labs_whatever_the_case(country):
    values = {"country_code": country}
    if country == "re":
        values.update(city="Le Tampon", postal_code="97430", latitude=-21.2779, longitude=55.5177)

    assert fablabs.import_file(labs_json(lab(**values), wrapped=False)).created == 1


def test_it_skips_labs_abroad_and_unknown_communes():
    abroad = lab(id=2, name="Fab Lab Barcelona", country_code="ES", city="Barcelona", postal_code="08005")
    nowhere = lab(id=3, name="Lab de nulle part", city="Atlantis", postal_code="99999")

    report = fablabs.import_file(labs_json(lab(), abroad, nowhere, "not a lab"))

    assert {e.row: e.code for e in report.of("skipped")} == {
        2: "not_in_france",
        3: "unknown_commune",
        4: "not_an_object",
    }


@pytest.mark.parametrize(
    ("values", "activity", "labels"),
    [
        ({"activity_status": "planned"}, "planned", ["fab_charter"]),
        ({"activity_status": "closed"}, "closed", ["fab_charter"]),
        ({"activity_status": None, "kind_name": "planned_fab_lab"}, "planned", []),
        ({"activity_status": "corona"}, "active", ["fab_charter"]),
    ],
)
def test_it_maps_activity_status_and_kind(values, activity, labels):
    report = fablabs.import_file(labs_json(lab(**values)))

    workshop = Workshop.objects.get()
    assert (workshop.activity_status, workshop.labels) == (activity, labels)
    assert [e.code for e in report.of("suspicious")] == (
        ["activity_status_unknown"] if "corona" in values.values() else []
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"{not json", "not valid JSON (line 1"),
        (b'{"results": []}', "not a fablabs.io list"),
        (b"[]", "empty"),
        (b"", "empty"),
    ],
)
def test_it_refuses_a_bad_file(data, message):
    with pytest.raises(ImportFileError, match=message.replace("(", r"\(")):
        fablabs.import_file(data)


def test_a_workshop_in_both_sources_is_linked_not_duplicated():
    cget.import_file(cget_csv(cget_row(NOM_TL="Ping Fablab", WEB="")))

    report = fablabs.import_file(labs_json(lab(name="Fab Lab Ping", latitude=47.2190, longitude=-1.5540)))

    assert Workshop.objects.count() == 1
    assert (report.linked, report.created) == (1, 0)
    entry = report.of("linked")[0]
    assert entry.code == "linked_nearby" and "m away" in entry.reason
    workshop = Workshop.objects.get()
    assert set(workshop.sources.values_list("source", "matched_by")) == {("cget-2019", ""), ("fablabs-io", "nearby")}
    # Empty fields are filled from the second source; fields already set keep the first's.
    assert (workshop.website, workshop.name, workshop.source) == (
        "https://ping.example.org",
        "Ping Fablab",
        "cget-2019",
    )
    assert workshop.equipment.count() == 3

    again = fablabs.import_file(labs_json(lab(name="Fab Lab Ping", latitude=47.2190, longitude=-1.5540)))
    assert (again.created, again.updated, again.linked, again.unchanged) == (0, 0, 0, 1)
    assert WorkshopSource.objects.count() == 2


def test_a_namesake_in_another_commune_is_not_linked():
    cget.import_file(cget_csv(cget_row(NOM_TL="Ping Fablab")))

    report = fablabs.import_file(
        labs_json(lab(name="Fab Lab Ping", city="Rezé", postal_code="44400", latitude=47.1800, longitude=-1.5500))
    )

    assert (report.created, report.linked) == (1, 0)


def test_a_namesake_farther_away_in_the_same_commune_is_listed_for_staff():
    cget.import_file(cget_csv(cget_row(NOM_TL="Ping Fablab")))

    report = fablabs.import_file(labs_json(lab(name="Fab Lab Ping", latitude=47.2450, longitude=-1.5536)))

    assert (report.created, report.linked) == (1, 0)
    [entry] = report.of("uncertain")
    assert "Maybe the same place as “Ping Fablab”" in entry.reason
    pair = PossibleDuplicate.objects.get()
    assert (pair.first.source, pair.second.source, pair.state) == ("cget-2019", "fablabs-io", "open")
    assert "Ping Fablab" in pair.reason and "%" not in pair.reason, "the figures are the pair's fields, not its reason"


def test_a_city_centre_position_in_the_same_commune_is_the_same_place():
    """fablabs.io often gives the city centre: a similar name in the same commune, 1.5 km away, is one place."""
    cget.import_file(cget_csv(cget_row(NOM_TL="FabLab du Clunisois", LAT="47.2184", LONG="-1.5536")))

    report = fablabs.import_file(labs_json(lab(name="Fablab Clunisois", latitude=47.2318, longitude=-1.5536)))

    assert (report.created, report.linked) == (0, 1)


def test_a_deleted_imported_machine_stays_deleted():
    fablabs.import_file(labs_json(lab()))
    Equipment.objects.filter(type__slug="decoupeuse-laser-co2").delete()

    report = fablabs.import_file(
        labs_json(lab(capabilities=["three_d_printing", "laser", "vinyl_cutting", "cnc_milling"]))
    )

    assert set(Equipment.objects.values_list("type__slug", flat=True)) == {
        "imprimante-3d-fdm",
        "plotter-decoupe-vinyle",
        "fraiseuse-cnc-grand-format",
    }
    assert report.updated == 1


def test_the_index_matches_the_same_siret_across_sources_and_one_place_listed_twice_by_one_source():
    index = WorkshopIndex([Candidate(7, "Atelier Z", "atelier-z", 48.85, 2.35, "73282932000074", {"cget-2019"})])

    assert index.match("fablabs-io", "Zeta Lab", siret="732 829 320 00074").how == "siret"
    assert index.match("cget-2019", "Zeta Lab", 48.86, 2.36, siret="73282932000074") is None
    # The same source naming a place twice 40 m apart: one place.
    assert index.match("cget-2019", "Atelier du Z", 48.8503, 2.3502).certain
    # Within one source, a similar name 1 km away is another place.
    assert index.match("cget-2019", "Atelier Z", 48.859, 2.35) is None


@pytest.mark.parametrize(
    ("first", "second", "similar"),
    [
        ("FabLab du Clunisois", "Fablab Clunisois", True),
        ("Ping Fablab", "Fab Lab Ping", True),
        ("Le Garage", "Garage Fablab", True),
        ("Ping Fablab", "La Fabrique du Coin", False),
        ("Fablab", "Makerspace", False),
    ],
)
def test_it_compares_names_of_places(first, second, similar):
    assert similar_names(first, second) is similar
