"""Exports for officials: formats (CSV, XLSX, GeoJSON), scope, permissions, licence, log, command."""

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.utils import timezone
from openpyxl import load_workbook

from officials.models import ExportLog, OfficialScope
from tests.factories import EquipmentFactory, MembershipFactory, UserFactory, WorkshopFactory, commune
from workshops.vocabularies import Status

pytestmark = pytest.mark.django_db

API = "/api/v1/exports/workshops.{}"


@pytest.fixture
def world():
    """Two published workshops in Pays de la Loire (52), one in Île-de-France (11), one draft in 52."""
    nantes = WorkshopFactory(name="Atelier de Nantes", slug="atelier-nantes", surface_m2=120, staff_fte="1.5")
    EquipmentFactory(workshop=nantes, quantity=3)
    angers = WorkshopFactory(
        name="Atelier d'Angers", slug="atelier-angers", commune=commune("49007"), postal_code="49000"
    )
    paris = WorkshopFactory(
        name="Atelier de Paris",
        slug="atelier-paris",
        commune=commune("75056"),
        postal_code="75001",
        latitude=48.86,
        longitude=2.35,
    )
    WorkshopFactory(name="Brouillon", slug="brouillon", status=Status.DRAFT)
    return {"nantes": nantes, "angers": angers, "paris": paris}


@pytest.fixture
def official_52():
    user = UserFactory(username="official52")
    OfficialScope.objects.create(user=user, region_id="52")
    return user


@pytest.fixture
def official_11():
    user = UserFactory(username="official11")
    OfficialScope.objects.create(user=user, region_id="11")
    return user


@pytest.fixture
def staff():
    return UserFactory(username="staff", is_staff=True)


@pytest.fixture
def manager(world):
    return MembershipFactory(workshop=world["nantes"], user=UserFactory(username="manager")).user


def _body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def _csv(response, delimiter=";"):
    text = _body(response).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:]), delimiter=delimiter))


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "geojson"])
def test_it_refuses_anonymous_visitors_and_managers(client, world, manager, fmt):
    assert client.get(API.format(fmt)).status_code == 403
    client.force_login(manager)
    assert client.get(API.format(fmt)).status_code == 403
    client.force_login(UserFactory(username="another-manager"))
    assert client.get(API.format(fmt), {"region": "52"}).status_code == 403
    assert not ExportLog.objects.exists()


def test_it_refuses_an_official_a_region_outside_their_scope(client, world, official_11):
    client.force_login(official_11)
    assert client.get(API.format("csv"), {"region": "52"}).status_code == 403
    assert client.get(API.format("csv"), {"department": "44"}).status_code == 403
    assert client.get("/officials/export.xlsx", {"region": "52"}).status_code == 403


@pytest.mark.parametrize(
    "path",
    ["/officials/export.csv", "/officials/observatory/figures.xlsx", "/officials/observatory/responses-user.csv"],
)
def test_the_pages_files_ask_anonymous_visitors_to_log_in(client, world, path):
    assert client.get(path, {"region": "52"})["Location"].startswith(f"/accounts/login/?next={path}")


def test_an_official_asking_another_territory_is_told_so_and_led_back_to_theirs(client, world, official_11):
    client.force_login(official_11)
    for path in ("/officials/", "/officials/workshops/", "/officials/export.csv", "/officials/observatory/"):
        response = client.get(path, {"region": "52"})
        body = response.content.decode()
        assert response.status_code == 403
        assert "Ce territoire n’est pas dans votre périmètre, ou n’existe pas." in body
        assert "n’a pas encore accès" not in body  # their account has a territory
        assert 'href="/officials/">Revenir à votre territoire</a>' in body
    response = client.get(API.format("csv"), {"region": "52"}, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.json()["detail"] == "Ce territoire n’est pas dans votre périmètre, ou n’existe pas."


def test_it_gives_an_official_their_region_only_in_csv(client, world, official_52):
    client.force_login(official_52)
    response = client.get(API.format("csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="ateliers-pays-de-la-loire-')
    rows = _csv(response)
    assert sorted(r["slug"] for r in rows) == ["atelier-angers", "atelier-nantes"]
    nantes = next(r for r in rows if r["slug"] == "atelier-nantes")
    assert nantes["surface_m2"] == "120"
    assert nantes["staff_fte"] == "1,5"  # decimal comma with the ";" separator
    assert nantes["latitude"] == "47,2184"
    assert nantes["equipment_items"] == "3"
    assert nantes["licence"].startswith("Public fields under Licence Ouverte 2.0")
    assert nantes["exported_on"]


def test_it_writes_commas_and_decimal_points_on_request(client, world, staff):
    client.force_login(staff)
    rows = _csv(client.get(API.format("csv"), {"delimiter": ","}), delimiter=",")
    assert {r["slug"] for r in rows} == {"atelier-angers", "atelier-nantes", "atelier-paris"}
    assert next(r for r in rows if r["slug"] == "atelier-paris")["latitude"] == "48.86"


def test_it_gives_staff_every_region_and_narrows_on_request(client, world, staff):
    client.force_login(staff)
    assert len(_csv(client.get(API.format("csv")))) == 3
    assert [r["slug"] for r in _csv(client.get(API.format("csv"), {"department": "49"}))] == ["atelier-angers"]


def test_it_writes_an_xlsx_with_typed_numbers_a_header_and_frozen_panes(client, world, official_52):
    client.force_login(official_52)
    response = client.get(API.format("xlsx"))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(_body(response)))
    sheet = book["ateliers"]
    assert sheet.freeze_panes == "A2"
    header = [c.value for c in sheet[1]]
    assert header[:2] == ["slug", "name"]
    assert sheet[1][0].font.b
    rows = [dict(zip(header, [c.value for c in row], strict=True)) for row in sheet.iter_rows(min_row=2)]
    assert sorted(r["slug"] for r in rows) == ["atelier-angers", "atelier-nantes"]
    nantes = next(r for r in rows if r["slug"] == "atelier-nantes")
    assert nantes["surface_m2"] == 120 and isinstance(nantes["surface_m2"], int)
    assert nantes["staff_fte"] == 1.5
    assert isinstance(nantes["latitude"], float)
    about = {row[0].value: row[1].value for row in book["a_propos"].iter_rows()}
    assert "Licence Ouverte 2.0" in about["licence"]
    assert about["exported_on"] is not None
    assert about["rows"] == 2


def test_it_writes_rfc7946_geojson_scoped_to_the_official(client, world, official_52):
    client.force_login(official_52)
    response = client.get(API.format("geojson"))
    assert response["Content-Type"] == "application/geo+json"
    data = json.loads(_body(response))
    assert data["type"] == "FeatureCollection"
    assert "crs" not in data  # RFC 7946: WGS84 only, no crs member
    assert data["metadata"]["licence"].startswith("Public fields under Licence Ouverte 2.0")
    assert {f["id"] for f in data["features"]} == {"atelier-angers", "atelier-nantes"}
    nantes = next(f for f in data["features"] if f["id"] == "atelier-nantes")
    assert nantes["geometry"] == {"type": "Point", "coordinates": [-1.5536, 47.2184]}
    assert nantes["properties"]["staff_fte"] == 1.5


def test_it_logs_who_exported_what(client, world, official_52):
    client.force_login(official_52)
    client.get(API.format("csv"), {"department": "44", "archetype": "3"})
    client.get("/officials/export.geojson", {"region": "52"})
    api, page = ExportLog.objects.order_by("created_at")
    assert (api.user, api.format, api.via, api.filters) == (
        official_52,
        "csv",
        "api",
        {"department": ["44"], "archetype": ["3"]},
    )
    assert (page.format, page.via, page.filters) == ("geojson", "page", {"region": ["52"]})


def test_it_answers_400_naming_an_invalid_filter(client, world, staff):
    client.force_login(staff)
    response = client.get(API.format("csv"), {"archetype": "9"})
    assert response.status_code == 400
    assert "archetype" in response.json()
    assert client.get(API.format("pdf")).status_code == 400
    page = client.get("/officials/export.csv", {"access": "nope", "archetype": "9"})
    assert page.status_code == 400 and page["Content-Type"].startswith("text/html")
    # The officials' list with the same filters, each wrong one named in words, with the form to correct it.
    assert page.templates[0].name == "officials/list.html"
    assert set(page.context["filterset"].errors) == {"access", "archetype"}


def test_the_command_exports_a_region_to_a_file(world, tmp_path):
    target = tmp_path / "out.xlsx"
    call_command("export_workshops", "--format", "xlsx", "--region", "52", "-o", str(target), stderr=io.StringIO())
    sheet = load_workbook(target)["ateliers"]
    assert sorted(row[0].value for row in sheet.iter_rows(min_row=2)) == ["atelier-angers", "atelier-nantes"]
    assert "status" not in [c.value for c in sheet[1]]  # public fields unless --private
    assert ExportLog.objects.get().via == "command"


def test_the_command_writes_csv_and_geojson_to_standard_output(world):
    out = io.StringIO()
    call_command("export_workshops", "--format", "csv", "--region", "11", stdout=out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue().lstrip("\ufeff")), delimiter=";"))
    assert [r["slug"] for r in rows] == ["atelier-paris"]
    out = io.StringIO()
    call_command("export_workshops", "--format", "geojson", stdout=out)
    assert len(json.loads(out.getvalue())["features"]) == 3


def test_the_command_says_what_is_wrong_with_its_arguments(world):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="--region 99"):
        call_command("export_workshops", "--format", "csv", "--region", "99")
    with pytest.raises(CommandError, match="-o FILE"):
        call_command("export_workshops", "--format", "xlsx")


def test_the_dashboards_csv_speaks_french_with_a_french_licence_and_distinct_dated_names(client, world, official_52):
    client.force_login(official_52)
    today = timezone.localdate().isoformat()
    semicolon = client.get("/officials/export.csv", {"region": "52"})
    comma = client.get("/officials/export.csv", {"region": "52", "delimiter": ","})
    assert f'filename="ateliers-pays-de-la-loire-{today}.csv"' in semicolon["Content-Disposition"]
    assert f'filename="ateliers-pays-de-la-loire-virgule-{today}.csv"' in comma["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(_body(semicolon).decode("utf-8-sig")), delimiter=";"))
    nantes = next(r for r in rows if r["Identifiant"] == "atelier-nantes")
    assert nantes["Nom"] == "Atelier de Nantes"
    assert nantes["Accès"] == "Ouvert à tous"
    assert nantes["Tarification"] == "Adhésion"
    assert nantes["Licence"].startswith("Champs publics sous Licence Ouverte 2.0")
    assert nantes["Exporté le"] == today


def test_the_dashboards_xlsx_has_french_labels_first_and_the_codes_on_a_second_sheet(client, world, official_52):
    client.force_login(official_52)
    book = load_workbook(io.BytesIO(_body(client.get("/officials/export.xlsx", {"region": "52"}))))
    assert book.sheetnames == ["ateliers", "codes", "a_propos"]
    readable = list(book["ateliers"].iter_rows(values_only=True))
    codes = list(book["codes"].iter_rows(values_only=True))
    assert readable[0][:2] == ("Identifiant", "Nom")
    assert codes[0][:2] == ("slug", "name")
    assert len(readable) == len(codes) == 3
    access = codes[0].index("access")
    assert {row[access] for row in codes[1:]} == {"open"}
    assert {row[access] for row in readable[1:]} == {"Ouvert à tous"}
    about = {row[0]: row[1] for row in book["a_propos"].iter_rows(values_only=True)}
    assert about["licence"].startswith("Champs publics sous Licence Ouverte 2.0")


def test_the_dashboards_geojson_keeps_its_codes_with_a_french_licence_notice(client, world, official_52):
    # Its keys are a machine format's, its licence notice is read by people: French on the page.
    client.force_login(official_52)
    data = json.loads(_body(client.get("/officials/export.geojson", {"region": "52"})))
    assert data["metadata"]["licence"].startswith("Champs publics sous Licence Ouverte 2.0")
    assert "access" in data["features"][0]["properties"]


def test_the_api_keeps_the_stable_codes(client, world, official_52):
    client.force_login(official_52)
    rows = _csv(client.get(API.format("csv"), {"region": "52"}))
    assert {r["access"] for r in rows} == {"open"}
