"""Choosing a census row's commune from the evidence that agrees: the three real cases of the 2019 census."""

import pytest

from territories.models import Commune
from workshops.importers import cget
from workshops.models import Workshop

from .conftest import cget_csv, cget_row

pytestmark = pytest.mark.django_db

CENTRES = {
    "14327": (49.2044, -0.3289),  # Hérouville-Saint-Clair
    "06152": (43.6415, 7.0087),  # Valbonne
    "06018": (43.6283, 7.0961),  # Biot
    "35238": (48.1113, -1.6800),  # Rennes
    "35152": (48.2136, -1.5072),  # Liffré
    "33318": (44.8067, -0.6311),  # Pessac
    "33522": (44.8060, -0.5880),  # Talence
}
# The rows as the real file has them (ID 1460, 1453, 1347).
SICTIAM = cget_row(
    ID="1460", NOM_TL="SICTIAM", ADRESSE="1047 route des Dolines", CP="0", COMINIT="SOPHIA ANTIPOLIS",
    INSEECOM="14327", NOMCOM="Sophia Antipolis", LAT="43.627222", LONG="7.0412", GEOCOD="PLACE A LA MAIN",
    PRECISION="0.99", METRO="0", INSEEMETRO="06152", INSEEDEP="06", WEB="",
)  # fmt: skip
LIFFAB = cget_row(
    ID="1453", NOM_TL="Liffab", ADRESSE="Square René Cassin", CP="35340", COMINIT="Liffré", INSEECOM="35238",
    NOMCOM="Rennes", LAT="48.130107", LONG="-1.634903", GEOCOD="Square René Cassin 35700 Rennes",
    PRECISION="0.57", METRO="1", INSEEMETRO="35238", INSEEDEP="35", WEB="",
)  # fmt: skip
EIRLAB = cget_row(
    ID="1347", NOM_TL="Eirlab Community", ADRESSE="1 Avenue du Dr Albert Schweitzer", CP="33400",
    COMINIT="Talence", INSEECOM="33318", NOMCOM="Pessac", LAT="44.806312", LONG="-0.606818",
    GEOCOD="1 Avenue du Docteur Albert Schweitzer 33600 Pessac", PRECISION="0.6", METRO="1",
    INSEEMETRO="33318", INSEEDEP="33", WEB="http://eirlab.fr/tiki-index.php",
)  # fmt: skip


@pytest.fixture(autouse=True)
def _centres():
    for code, (latitude, longitude) in CENTRES.items():
        Commune.objects.filter(code=code).update(latitude=latitude, longitude=longitude)


def test_sictiam_is_placed_in_valbonne_where_its_hand_placed_position_and_department_agree():
    report = cget.import_file(cget_csv(SICTIAM))

    workshop = Workshop.objects.get()
    assert (workshop.commune_id, workshop.department_id, workshop.status) == ("06152", "06", "published")
    assert (workshop.latitude, workshop.location_precision) == (43.627222, "address")
    note = next(e.reason for e in report.of("suspicious") if e.code == "commune_disagrees")
    assert "14327 is that of Hérouville-Saint-Clair (14327)" in note and "Valbonne (06152) was chosen" in note


def test_sictiam_without_its_other_code_is_held_pending_as_only_its_position_names_the_commune():
    report = cget.import_file(cget_csv({**SICTIAM, "INSEEMETRO": "", "METRO": "1"}))

    workshop = Workshop.objects.get()
    assert (workshop.commune_id, workshop.status) == ("06152", "pending")
    assert "Only the position points at Valbonne (06152)" in report.of("pending")[0].reason


def test_liffab_is_filed_in_liffre_as_its_postal_code_and_declared_commune_say_and_held_for_its_far_position():
    report = cget.import_file(cget_csv(LIFFAB))

    workshop = Workshop.objects.get()
    assert (workshop.commune_id, workshop.postal_code, workshop.status) == ("35152", "35340", "pending")
    # The geocoded position (in Rennes) contradicts Liffré: the workshop waits at Liffré's centre.
    assert (workshop.latitude, workshop.longitude, workshop.location_precision) == (48.2136, -1.5072, "commune")
    assert "km from the centre of Liffré (35152)" in report.of("pending")[0].reason


def test_eirlab_is_placed_in_talence_with_its_street_level_position():
    report = cget.import_file(cget_csv(EIRLAB))

    workshop = Workshop.objects.get()
    assert (workshop.commune_id, workshop.postal_code, workshop.status) == ("33522", "33400", "published")
    assert (workshop.latitude, workshop.location_precision) == (44.806312, "street")
    assert "Talence (33522) was chosen" in report.of("suspicious")[0].reason


def test_a_row_whose_evidence_agrees_is_published_as_it_is():
    Commune.objects.filter(code="44109").update(latitude=47.2181, longitude=-1.5528)

    report = cget.import_file(cget_csv(cget_row()))

    workshop = Workshop.objects.get()
    assert (workshop.commune_id, workshop.status, workshop.location_precision) == ("44109", "published", "address")
    assert not report.of("suspicious") and not report.of("pending")
