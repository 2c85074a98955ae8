"""What each cell of an export says: the values computed from the workshop, and how each format writes them."""

import csv
import io
import json
from datetime import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.db.models import JSONField, Value
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from tests.factories import EquipmentFactory, WorkshopFactory, equipment_type
from workshops import exports
from workshops.models import Workshop
from workshops.vocabularies import Archetype

pytestmark = pytest.mark.django_db


def _text(fmt, private=True, delimiter=";"):
    export = exports.build(fmt, Workshop.objects.all(), private=private, delimiter=delimiter)
    return "".join(export.chunks)


def _csv_rows(private=True, delimiter=";"):
    text = _text("csv", private, delimiter)
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:], newline=""), delimiter=delimiter))


@pytest.fixture
def nantes():
    """A workshop whose every computed column has something to say."""
    workshop = WorkshopFactory(
        slug="atelier-nantes",
        name="Atelier de Nantes",
        services=["open_lab", "training"],
        audiences=["children"],
        labels=[],
        archetype_override=Archetype.PROTOTYPING,
        verified_at=datetime.fromisoformat("2026-03-01T10:00:00.123456+01:00"),
        staff_fte=Decimal("2.5"),
        surface_m2=None,
    )
    EquipmentFactory(workshop=workshop, type=equipment_type("imprimante-3d-fdm"), quantity=3)
    EquipmentFactory(workshop=workshop, type=equipment_type("decoupeuse-laser-co2"), quantity=2)
    return Workshop.objects.get(pk=workshop.pk)


@pytest.mark.parametrize("language", ["fr", "en"])  # a file is the same whoever asks (open data is cached for all)
def test_a_csv_row_names_places_archetype_and_machines(nantes, language):
    with translation.override(language):
        (row,) = _csv_rows()
    assert (row["commune_code"], row["commune"]) == ("44109", "Nantes")
    assert (row["department_code"], row["department"]) == ("44", "Loire-Atlantique")
    assert (row["region_code"], row["region"]) == ("52", "Pays de la Loire")
    assert row["archetype"] == "5"
    assert row["archetype_name"] == "Bureaux d’étude et ateliers de prototypage professionnels"
    # Machines sorted by type name, with their count.
    assert row["equipment"] == "2 × Découpeuse laser CO₂ | 3 × Imprimante 3D à filament (FDM)"
    assert row["equipment_items"] == "5"
    assert (row["services"], row["audiences"], row["labels"]) == ("open_lab|training", "children", "")
    assert row["url"] == settings.SITE_URL + reverse("workshops:detail", args=["atelier-nantes"])


def test_a_csv_row_writes_moments_in_local_time_to_the_second_and_nothing_for_unknowns(nantes):
    (row,) = _csv_rows()
    assert row["profile_confirmed_on"] == "2026-03-01 10:00:00"  # Paris time, no offset, no microseconds
    assert row["created_at"][:4].isdigit() and len(row["created_at"]) == len("2026-03-01 10:00:00")
    assert row["surface_m2"] == ""  # unknown, not "None"
    assert row["yearly_budget_eur"] == ""
    assert row["staff_fte"] == "2,5"


def test_a_workshop_without_commune_archetype_nor_machines_has_empty_cells():
    workshop = WorkshopFactory(slug="nulle-part", commune=None, latitude=None, longitude=None, postal_code="")
    Workshop.objects.filter(pk=workshop.pk).update(services=Value(None, JSONField()), archetype=None)
    (row,) = _csv_rows(private=False)
    for name in ("commune", "commune_code", "department", "region", "latitude", "archetype", "archetype_name"):
        assert row[name] == "", name
    assert (row["services"], row["equipment"], row["equipment_items"]) == ("", "", "")  # unknown, not none
    assert row["profile_confirmed_on"] == ""
    assert "status" not in row  # public fields only


def test_separators_quotes_and_line_breaks_survive_in_both_dialects():
    WorkshopFactory(slug="citations", name='L\'atelier "du coin"; ouvert, libre', summary="Ligne 1\nLigne 2")
    for delimiter in (";", ","):
        (row,) = _csv_rows(delimiter=delimiter)
        assert row["name"] == 'L\'atelier "du coin"; ouvert, libre'
        assert row["summary"] == "Ligne 1\nLigne 2"


def test_phone_numbers_and_negative_numbers_are_written_as_they_are_and_formulas_as_text():
    WorkshopFactory(slug="formules", name="@SUM(1+1)", phone="+33 2 40 00 00 00", street="+1+cmd|' /C calc'!A0")
    for delimiter, longitude in ((";", "-1,5536"), (",", "-1.5536")):
        (row,) = _csv_rows(delimiter=delimiter)
        assert (row["phone"], row["longitude"]) == ("+33 2 40 00 00 00", longitude)
        assert (row["name"], row["street"]) == ("'@SUM(1+1)", "'+1+cmd|' /C calc'!A0")
    sheet = load_workbook(io.BytesIO(b"".join(exports.build("xlsx", Workshop.objects.all(), private=True).chunks)))[
        "ateliers"
    ]
    cells = dict(zip([c.value for c in sheet[1]], [c.value for c in sheet[2]], strict=True))
    assert (cells["phone"], cells["longitude"], cells["name"]) == ("+33 2 40 00 00 00", -1.5536, "@SUM(1+1)")


def test_rows_end_with_the_export_date_and_licence_in_the_header_order(nantes):
    text = _text("csv", private=False)
    header, line = text[1:].split("\r\n")[:2]
    names = [c.name for c in exports.PUBLIC_COLUMNS]
    assert header.split(";") == names + ["exported_on", "licence"]
    assert line.startswith("atelier-nantes;Atelier de Nantes;")
    assert line.endswith(";" + exports.LICENCE)


def test_machines_stay_with_their_workshop_from_chunk_to_chunk(monkeypatch):
    monkeypatch.setattr(exports, "CHUNK_SIZE", 2)
    for quantity in range(1, 6):
        workshop = WorkshopFactory(slug=f"atelier-{quantity}", name=f"Atelier {quantity}")
        EquipmentFactory(workshop=workshop, quantity=quantity)
    rows = _csv_rows()
    assert [(r["slug"], r["equipment_items"]) for r in rows] == [(f"atelier-{q}", str(q)) for q in range(1, 6)]


def test_the_query_count_does_not_grow_with_the_workshops(django_assert_num_queries):
    def create(start, count):
        for number in range(start, start + count):
            EquipmentFactory(workshop=WorkshopFactory(slug=f"atelier-{number}"))

    create(0, 2)
    # Departments, regions, the workshops, their machines: the same four for 2 or 12 workshops.
    with django_assert_num_queries(4):
        _text("csv")
    create(2, 10)
    with django_assert_num_queries(4):
        assert len(_csv_rows()) == 12


def test_xlsx_and_geojson_say_what_the_csv_says(nantes):
    with translation.override("fr"):
        export = exports.build("xlsx", Workshop.objects.all(), private=True)
        sheet = load_workbook(io.BytesIO(b"".join(export.chunks)))["ateliers"]
        features = json.loads(_text("geojson"))["features"]
    header = [c.value for c in sheet[1]]
    cells = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    properties = features[0]["properties"]
    equipment = "2 × Découpeuse laser CO₂ | 3 × Imprimante 3D à filament (FDM)"
    assert cells["equipment"] == properties["equipment"] == equipment
    assert cells["department"] == properties["department"] == "Loire-Atlantique"
    assert cells["archetype"] == properties["archetype"] == 5
    # A spreadsheet date in local time; an ISO 8601 text in GeoJSON.
    assert cells["profile_confirmed_on"].replace(microsecond=0) == datetime(2026, 3, 1, 10, 0, 0)
    assert properties["profile_confirmed_on"] == "2026-03-01T10:00:00.123456"
    assert cells["staff_fte"] == properties["staff_fte"] == 2.5
    assert cells["surface_m2"] is properties["surface_m2"] is None
