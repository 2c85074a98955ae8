"""Exports read back with csv and openpyxl: columns, values, versions, moderation."""

import csv
import io
from datetime import datetime, timedelta

import openpyxl
import pytest
from django.utils import timezone

from surveys import exports
from surveys.models import Questionnaire, Response
from tests.factories import MembershipFactory, UserResponseFactory, WorkshopFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def responses():
    workshop = WorkshopFactory(slug="fablab-nantes")
    made = [
        UserResponseFactory(
            workshop=workshop,
            answers={"age_band": "18_25", "reasons": ["repair", "training"], "recommend": True, "satisfaction": 5},
        ),
        UserResponseFactory(
            workshop=workshop,
            answers={"situation": "retired", "missing": "Plus de créneaux le samedi", "satisfaction": 3},
            free_text_status=Response.Moderation.APPROVED,
        ),
        UserResponseFactory(
            workshop=workshop, answers={"missing": "Texte à modérer"}, free_text_status=Response.Moderation.PENDING
        ),
    ]
    return Response.objects.filter(pk__in=[r.pk for r in made])


def read_csv(content: bytes, delimiter=";"):
    assert content.startswith(b"\xef\xbb\xbf")  # UTF-8 byte order mark, for spreadsheet software
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig")), delimiter=delimiter))


def test_the_csv_has_one_row_per_response_with_labels(responses):
    rows = read_csv(exports.to_csv(*exports.table(responses)))
    assert len(rows) == 3
    (first,) = [row for row in rows if row["age_band"]]
    assert list(first)[:4] == ["number", "month", "questionnaire_version", "workshop"]
    assert first["workshop"] == "fablab-nantes"
    assert first["questionnaire_version"] == "1"
    assert first["age_band"] == "18 à 25 ans"
    assert first["reasons"] == "Réparer un objet | Me former"
    assert first["recommend"] == "Oui"
    assert first["satisfaction"] == "5"
    assert first["business_stage"] == ""


def test_free_text_is_exported_only_once_approved(responses):
    rows = read_csv(exports.to_csv(*exports.table(responses)))
    assert sorted(r["missing"] for r in rows) == ["", "", "Plus de créneaux le samedi"]
    rows = read_csv(exports.to_csv(*exports.table(responses, texts="all")))
    assert "Texte à modérer" in [r["missing"] for r in rows]


def test_a_response_is_dated_by_its_month_and_numbered_in_the_files_order_not_by_its_id():
    """The managers know who came when: the minute, the id or the order of submission would name them."""
    UserResponseFactory.create_batch(2)  # ids 1 and 2 elsewhere
    workshop = WorkshopFactory()
    at = timezone.make_aware(datetime(2026, 3, 4, 14, 32))
    given = ["over_65", "18_25", "26_35"]
    for hours, band in enumerate(given):
        UserResponseFactory(workshop=workshop, submitted_at=at + timedelta(hours=hours), answers={"age_band": band})
    content = exports.to_csv(*exports.table(Response.objects.filter(workshop=workshop), labels=False))
    rows = read_csv(content)
    assert [row["month"] for row in rows] == ["2026-03"] * 3
    assert [row["number"] for row in rows] == ["1", "2", "3"]
    assert "14:32" not in content.decode() and "2026-03-04" not in content.decode()
    assert [row["age_band"] for row in rows] != given  # not in the order they were given
    assert sorted(row["age_band"] for row in rows) == sorted(given)


def test_codes_and_one_column_per_choice_with_a_comma(responses):
    header, rows = exports.table(responses, labels=False, multiple=exports.MULTIPLE_COLUMNS)
    rows = read_csv(exports.to_csv(header, rows, delimiter=","), delimiter=",")
    assert rows[0]["age_band"] == "18_25"
    assert rows[0]["recommend"] == "yes"
    assert rows[0]["reasons:repair"] == "1" and rows[0]["reasons:training"] == "1"
    assert rows[0]["reasons:curiosity"] == "0"
    assert rows[1]["reasons:repair"] == ""  # not answered, not "no"
    assert "reasons" not in rows[0]


def test_the_xlsx_opens_with_openpyxl_and_holds_the_same_table(responses):
    header, rows = exports.table(responses)
    sheet = openpyxl.load_workbook(io.BytesIO(exports.to_xlsx(header, rows))).active
    values = list(sheet.iter_rows(values_only=True))
    assert list(values[0]) == header
    assert len(values) == 4
    assert values[1][header.index("satisfaction")] == 5
    assert values[1][header.index("reasons")] == "Réparer un objet | Me former"


def test_old_versions_stay_exportable_next_to_new_ones(responses):
    new = Questionnaire.objects.current("user").new_version()
    new.questions.filter(code="recommend").delete()
    new.questions.create(code="newsletter", type="yes_no", text_fr="Lettre d’information ?", order=99)
    new.publish()
    latest = UserResponseFactory(workshop=responses[0].workshop, questionnaire=new, answers={"newsletter": False})
    everything = Response.objects.filter(pk__in=[*responses.values_list("pk", flat=True), latest.pk])
    rows = read_csv(exports.to_csv(*exports.table(everything)))
    assert sorted(r["questionnaire_version"] for r in rows) == ["1", "1", "1", "2"]
    assert "Oui" in [r["recommend"] for r in rows]  # a question only the old version asked
    assert [r["newsletter"] for r in rows if r["questionnaire_version"] == "2"] == ["Non"]


def test_the_manager_downloads_csv_and_xlsx(client):
    workshop = WorkshopFactory(slug="fablab-nantes")
    UserResponseFactory.create_batch(5, workshop=workshop)
    client.force_login(MembershipFactory(workshop=workshop).user)
    page = client.get("/manage/fablab-nantes/results/").content.decode()
    assert "by its month only" in page or "par son mois seulement" in page
    response = client.get("/manage/fablab-nantes/results/responses.csv?separator=comma")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="fablab-nantes-responses-' in response["Content-Disposition"]
    assert len(read_csv(response.content, delimiter=",")) == 5
    response = client.get("/manage/fablab-nantes/results/responses.xlsx?values=codes&multiple=columns")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 6
    assert "reasons:repair" in [cell.value for cell in sheet[1]]
