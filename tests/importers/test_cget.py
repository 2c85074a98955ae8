"""The CGET census importer on small files: each skip reason, bad files, transaction, idempotence."""

import pytest

from territories.models import Commune
from tests.factories import UserFactory
from workshops.editing import save_profile
from workshops.importers import ImportFileError, base, cget
from workshops.models import Workshop

from .conftest import COWORKING, cget_csv, cget_row

pytestmark = pytest.mark.django_db


def codes(report, outcome="skipped"):
    return {entry.row: entry.code for entry in report.of(outcome)}


def test_it_creates_a_published_unclaimed_workshop_with_its_source():
    report = cget.import_file(cget_csv(cget_row()))

    assert report.counts == {
        "created": 1,
        "updated": 0,
        "unchanged": 0,
        "linked": 0,
        "skipped": 0,
        "pending": 0,
        "uncertain": 0,
    }
    workshop = Workshop.objects.get()
    assert (workshop.source, workshop.source_id) == ("cget-2019", "1")
    assert workshop.status == "published" and not workshop.memberships.exists()
    assert (workshop.commune_id, workshop.department_id, workshop.region_id) == ("44109", "44", "52")
    assert workshop.website == "http://www.ping.example.org"
    assert (workshop.latitude, workshop.longitude, workshop.location_source) == (47.2184, -1.5536, "import")
    assert workshop.location_precision == "address"
    assert workshop.sources.get().imported_values["commune"] == "44109"


@pytest.mark.parametrize(
    ("values", "code"),
    [
        ({"TYPO": COWORKING}, "not_fablab"),
        ({"TYPO": ""}, "not_fablab"),
        ({"NOM_TL": "  "}, "missing_name"),
        ({"ID": ""}, "missing_id"),
        (
            {"INSEECOM": "99999", "CP": "0", "NOMCOM": "Atlantis", "COMINIT": "", "LAT": "", "LONG": ""},
            "unknown_commune",
        ),
        ({"LAT": "40.4168", "LONG": "-3.7038"}, "outside_france"),
    ],
)
def test_it_skips_a_row_saying_why(values, code):
    report = cget.import_file(cget_csv(cget_row(ID="1", NOM_TL="Good"), cget_row(**{"ID": "2", **values})))

    assert codes(report) == {3: code}
    assert report.created == 1
    assert Workshop.objects.count() == 1


def test_an_unknown_commune_with_a_precise_position_is_held_pending_at_the_nearest_commune():
    row = cget_row(ID="2", NOM_TL="Atlantis Lab", INSEECOM="99999", CP="0", NOMCOM="Atlantis", COMINIT="")

    report = cget.import_file(cget_csv(row))

    workshop = Workshop.objects.get()
    assert (workshop.status, workshop.department_id) == ("pending", "44")
    assert "Only the position points at" in report.of("pending")[0].reason


def test_it_skips_a_repeated_identifier():
    report = cget.import_file(cget_csv(cget_row(), cget_row(NOM_TL="Another")))

    assert codes(report) == {3: "duplicate_id"}
    assert "row 2 " in report.of("skipped")[0].reason


def test_include_all_imports_only_the_places_whose_type_or_name_says_workshop():
    rows = [
        cget_row(),
        cget_row(ID="2", NOM_TL="Atelier partagé du Breil", TYPO=COWORKING, LAT="47.2300", LONG="-1.5800"),
        cget_row(ID="3", NOM_TL="Hôtel Ibis Nantes Centre", TYPO=""),
        cget_row(ID="4", NOM_TL="NOVOTEL Nantes", TYPO=COWORKING),
        cget_row(ID="5", NOM_TL="Le Bureau Partagé", TYPO=COWORKING),
    ]

    report = cget.import_file(cget_csv(*rows), include_all=True)

    assert report.created == 2
    assert Workshop.objects.get(source_id="2").services == ["coworking"]
    assert codes(report) == {4: "hotel", 5: "hotel", 6: "not_a_workshop"}
    assert "hotel, not a fabrication workshop" in report.of("skipped")[0].reason


def test_it_finds_the_commune_from_postal_code_and_name_when_the_insee_code_is_zero():
    report = cget.import_file(
        cget_csv(cget_row(INSEECOM="0", CP="71250", NOMCOM="Cluny", INSEEDEP="71", LAT="46.4337", LONG="4.6634"))
    )

    assert Workshop.objects.get().commune_id == "71137"
    assert codes(report, "suspicious") == {2: "commune_from_name"}


def test_a_former_communes_code_leads_to_the_commune_it_was_merged_into():
    row = cget_row(
        INSEECOM="85217", CP="85600", NOMCOM="Saint-Georges-de-Montaigu", INSEEDEP="85", LAT="46.95", LONG="-1.30"
    )

    report = cget.import_file(cget_csv(row))

    workshop = Workshop.objects.get()
    assert (workshop.commune_id, workshop.department_id, workshop.postal_code) == ("85146", "85", "85600")
    assert codes(report, "suspicious") == {2: "former_commune"}
    assert "Saint-Georges-de-Montaigu" in report.of("suspicious")[0].reason
    assert "Montaigu-Vendée (85146)" in report.of("suspicious")[0].reason


def test_a_former_communes_name_with_its_postal_code_finds_the_commune_it_was_merged_into():
    row = cget_row(INSEECOM="0", CP="49140", NOMCOM="Bauné", COMINIT="", INSEEDEP="49", LAT="47.50", LONG="-0.32")

    report = cget.import_file(cget_csv(row))

    assert Workshop.objects.get().commune_id == "49307"  # Loire-Authion
    assert codes(report, "suspicious") == {2: "commune_from_name"}


def test_it_holds_pending_a_row_whose_coordinates_are_far_from_its_commune():
    Commune.objects.filter(code="44109").update(latitude=47.2181, longitude=-1.5528)
    far = cget_row(ID="2", NOM_TL="Far", LAT="47.9", LONG="-2.9")

    report = cget.import_file(cget_csv(cget_row(), far))

    assert codes(report, "pending") == {3: "held"}
    assert "km from the centre of Nantes (44109)" in report.of("pending")[0].reason
    assert report.created == 2
    assert report.positions_unchecked == 0
    held = Workshop.objects.get(source_id="2")
    assert (held.status, held.latitude, held.location_precision) == ("pending", 47.2181, "commune")
    assert Workshop.objects.get(source_id="1").status == "published"


def test_a_held_workshop_a_moderator_published_stays_published_when_the_same_file_comes_again():
    Commune.objects.filter(code="44109").update(latitude=47.2181, longitude=-1.5528)
    far = cget_row(ID="2", NOM_TL="Far", LAT="47.9", LONG="-2.9")
    cget.import_file(cget_csv(far))
    Workshop.objects.filter(source_id="2").update(status="published")  # a moderator approved it

    report = cget.import_file(cget_csv(far))

    assert Workshop.objects.get(source_id="2").status == "published", "the moderator's decision stands"
    assert not report.of("pending")
    # A row that changed is news, still far from its commune: held again for a moderator to look.
    cget.import_file(cget_csv(cget_row(ID="2", NOM_TL="Far", LAT="47.9", LONG="-2.9", WEB="far.example.org")))
    assert Workshop.objects.get(source_id="2").status == "pending"


def test_it_counts_positions_it_could_not_check_against_an_unknown_commune_centre():
    Commune.objects.filter(code="44109").update(latitude=None, longitude=None)
    report = cget.import_file(cget_csv(cget_row()))

    assert report.positions_unchecked == 1
    assert not report.of("suspicious")


def test_it_holds_coordinates_that_lie_in_another_part_of_france():
    report = cget.import_file(cget_csv(cget_row(LAT="-21.1151", LONG="55.5364")))  # La Réunion, for Nantes

    assert codes(report, "pending") == {2: "held"}
    workshop = Workshop.objects.select_related("commune").get()
    assert (workshop.latitude, workshop.location_precision, workshop.status) == (
        workshop.commune.latitude,
        "commune",
        "pending",
    )


def test_a_position_is_at_the_address_only_where_the_geocoder_found_a_house_number(client):
    """The census's score says how sure its geocoder was of what it found: of the commune alone for a
    row with no street (a mobile bus), which officials counted "at the address" on their dashboard."""
    Commune.objects.filter(code="44109").update(latitude=47.2181, longitude=-1.5528)
    rows = [
        {"NOM_TL": "Ebus (itinérant)", "ADRESSE": "", "GEOCOD": "Nantes", "PRECISION": "0.94"},
        {"NOM_TL": "Commune trouvée seule", "ADRESSE": "3 place de la Gare", "GEOCOD": "Nantes"},
        {"NOM_TL": "Rue sans numéro", "ADRESSE": "Rue de la Gare", "GEOCOD": "Rue de la Gare 44000 Nantes"},
        {"NOM_TL": "À la porte", "PRECISION": "0.94"},
        {"NOM_TL": "Peu sûr", "PRECISION": "0.6"},
        {"NOM_TL": "Placé à la main", "ADRESSE": "Place de la Gare", "GEOCOD": "PLACE A LA MAIN"},
    ]
    # Each its own place: 1 km apart.
    cget.import_file(
        cget_csv(*(cget_row(ID=str(i), LAT=str(47.2 + i / 100), **row) for i, row in enumerate(rows, start=1)))
    )

    assert dict(Workshop.objects.values_list("name", "location_precision")) == {
        "Ebus (itinérant)": "commune",
        "Commune trouvée seule": "commune",
        "Rue sans numéro": "street",
        "À la porte": "address",
        "Peu sûr": "street",
        "Placé à la main": "address",
    }
    client.force_login(UserFactory(username="staff", is_staff=True))
    door = client.get("/officials/workshops/", {"region": "52", "position": "door"}).context["page"]
    assert sorted(w.name for w in door) == ["Placé à la main", "À la porte"]


def test_it_leaves_out_a_postal_code_of_another_commune_and_unreadable_contacts():
    row = cget_row(CP="35000", WEB="en cours", MAIL="a@x.fr ou b@y.fr")

    report = cget.import_file(cget_csv(row))

    notes = {(entry.row, entry.code) for entry in report.of("suspicious")}
    assert notes == {(2, "postal_code_mismatch"), (2, "website_unreadable"), (2, "email_unreadable")}
    workshop = Workshop.objects.get()
    assert (workshop.postal_code, workshop.website, workshop.email) == ("", "", "")


def test_it_reads_a_windows_1252_file_with_semicolons():
    data = cget_csv(cget_row(NOM_TL="Fablab des Amériques"), encoding="cp1252", delimiter=";")

    report = cget.import_file(data)

    assert report.encoding == "Windows-1252"
    assert Workshop.objects.get().name == "Fablab des Amériques"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (cget_csv(header=["ID", "NOM_TL", "CP"]), "NOM_TL"),
        (b'{"labs": []}', "not the CGET census"),
        (b"PK\x03\x04\x00\x00binary\x00spreadsheet", "neither UTF-8 nor Windows-1252"),
        (cget_csv(), "no rows"),
    ],
)
def test_it_refuses_a_bad_file_with_one_clear_error(data, message):
    with pytest.raises(ImportFileError) as error:
        cget.import_file(data)

    assert message in str(error.value) or "ADRESSE" in str(error.value)
    assert Workshop.objects.count() == 0


def test_it_leaves_the_database_as_it_was_when_a_row_fails(monkeypatch):
    calls = []
    remember = base._Writer._remember

    def failing_remember(self, link, row):
        calls.append(row.row)
        if len(calls) == 3:
            raise RuntimeError("disk full")
        remember(self, link, row)

    monkeypatch.setattr(base._Writer, "_remember", failing_remember)

    with pytest.raises(RuntimeError):
        cget.import_file(cget_csv(*[cget_row(ID=str(n), NOM_TL=f"Lab {n}") for n in range(5)]))

    assert Workshop.objects.count() == 0


def test_a_dry_run_reports_without_saving():
    report = cget.import_file(cget_csv(cget_row(), cget_row(ID="2", TYPO=COWORKING)), dry_run=True)

    assert (report.created, report.skipped, report.dry_run) == (1, 1, True)
    assert Workshop.objects.count() == 0


def test_an_updated_file_updates_fields_but_keeps_a_managers_edit():
    cget.import_file(cget_csv(cget_row()))
    workshop = Workshop.objects.get()
    save_profile(workshop, {"website": "https://ping.example.fr"}, expected_version=workshop.version)

    report = cget.import_file(cget_csv(cget_row(ADRESSE="38 rue de la Ville en Bois", WEB="www.ping-nantes.org")))

    workshop.refresh_from_db()
    assert workshop.website == "https://ping.example.fr"
    assert workshop.street == "38 rue de la Ville en Bois"
    assert (report.updated, report.created) == (1, 0)
    assert codes(report, "kept") == {2: "edited_kept"}

    again = cget.import_file(cget_csv(cget_row(ADRESSE="38 rue de la Ville en Bois", WEB="www.ping-nantes.org")))
    assert (again.updated, again.unchanged, again.of("kept")) == (0, 1, [])
