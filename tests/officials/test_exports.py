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
from workshops.models import Workshop
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
        {"department": ["44"], "archetype": ["3"], "territory": ["department:44"]},
    )
    assert (page.format, page.via, page.filters) == ("geojson", "page", {"region": ["52"], "territory": ["region:52"]})


def test_the_log_names_the_territory_a_query_without_one_exported(client, world, official_52, staff):
    client.force_login(official_52)
    client.get(API.format("csv"))
    client.get("/officials/export.xlsx", {"archetype": "3"})
    client.force_login(staff)
    client.get(API.format("geojson"))
    logged = [(log.via, log.filters) for log in ExportLog.objects.order_by("created_at")]
    assert logged == [
        ("api", {"territory": ["region:52"]}),  # the official's region, which the query did not name
        ("page", {"archetype": ["3"], "territory": ["region:52"]}),
        ("api", {"territory": ["all"]}),
    ]


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
    log = ExportLog.objects.get()
    assert (log.via, log.filters["territory"]) == ("command", ["region:52"])
    call_command("export_workshops", "--format", "csv", "-o", str(tmp_path / "all.csv"), stderr=io.StringIO())
    assert ExportLog.objects.latest("pk").filters["territory"] == ["all"]


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
    assert about["Licence"].startswith("Champs publics sous Licence Ouverte 2.0")


def test_the_dashboards_xlsx_says_in_french_where_it_comes_from_and_can_be_filtered(client, world, official_52):
    client.force_login(official_52)
    response = client.get("/officials/export.xlsx", {"region": "52", "archetype": "3", "mediation": "false"})
    book = load_workbook(io.BytesIO(_body(response)))
    about = {row[0]: row[1] for row in book["a_propos"].iter_rows(values_only=True)}
    assert about["Source"].startswith("Annuaire des AFN — http")
    assert about["Filtres"] == "Région : Pays de la Loire ; Archétype : Fablabs génériques"
    assert about["Territoire"] == "Pays de la Loire"
    assert about["Lignes"] == 1 and about["Exporté le"] is not None
    assert "codes" in about["Feuilles"]
    for name in ("ateliers", "codes"):
        sheet = book[name]
        assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, sheet.max_column).column_letter}2", name
    widths = {cell.value: book["ateliers"].column_dimensions[cell.column_letter].width for cell in book["ateliers"][1]}
    assert widths["Nom"] == 40 and widths["Résumé"] == 60 and widths["Code postal"] == 13
    # The API keeps its codes and the English name: a program reads it.
    api = load_workbook(io.BytesIO(_body(client.get(API.format("xlsx"), {"archetype": "3"}))))
    about = {row[0]: row[1] for row in api["a_propos"].iter_rows(values_only=True)}
    assert about["source"].startswith("AFN Directory — http") and about["filters"] == "archetype=3"


def _readable_csv(response):
    return list(csv.DictReader(io.StringIO(_body(response).decode("utf-8-sig")), delimiter=";"))


def test_the_files_say_which_archetypes_are_provisional_next_to_the_archetype(client, world, official_52):
    # The census fablab's archetype rests on inferred criteria; staff's override never does.
    Workshop.objects.filter(pk=world["angers"].pk).update(archetype=3, archetype_provisional=True)
    Workshop.objects.filter(pk=world["nantes"].pk).update(archetype=3, archetype_provisional=True, archetype_override=4)
    client.force_login(official_52)
    rows = {row["Nom"]: row for row in _readable_csv(client.get("/officials/export.csv", {"region": "52"}))}
    header = list(rows["Atelier d'Angers"])
    assert header.index("Archétype provisoire") == header.index("Archétype") + 1
    assert (rows["Atelier d'Angers"]["Archétype"], rows["Atelier d'Angers"]["Archétype provisoire"]) == (
        "Fablabs génériques",
        "oui",
    )
    assert rows["Atelier de Nantes"]["Archétype provisoire"] == "non"
    book = load_workbook(io.BytesIO(_body(client.get("/officials/export.xlsx", {"region": "52"}))))
    readable = list(book["ateliers"].iter_rows(values_only=True))
    codes = list(book["codes"].iter_rows(values_only=True))
    column = readable[0].index("Archétype provisoire")
    assert codes[0][column] == "archetype_provisional"
    assert {row[1]: (row[column], codes[i + 1][column]) for i, row in enumerate(readable[1:])} == {
        "Atelier d'Angers": ("oui", True),
        "Atelier de Nantes": ("non", False),
    }
    api = {row["slug"]: row["archetype_provisional"] for row in _csv(client.get(API.format("csv")))}
    assert api == {"atelier-angers": "true", "atelier-nantes": "false"}
    features = json.loads(_body(client.get("/officials/export.geojson", {"region": "52"})))["features"]
    assert {f["id"]: f["properties"]["archetype_provisional"] for f in features} == {
        "atelier-angers": True,
        "atelier-nantes": False,
    }
    # Nothing to say of an unknown archetype; open data keeps its published columns.
    Workshop.objects.filter(pk=world["angers"].pk).update(archetype=None, archetype_provisional=False)
    rows = {row["Nom"]: row for row in _readable_csv(client.get("/officials/export.csv", {"region": "52"}))}
    assert rows["Atelier d'Angers"]["Archétype provisoire"] == ""
    public = client.get("/open-data/workshops.csv").content.decode("utf-8-sig")
    assert "archetype_provisional" not in public.splitlines()[0]


def test_a_workshop_that_listed_no_machine_has_an_unknown_number_of_machines(client, world, official_52):
    """The census declares no machines: "0" read as "has none" (39 "workshops without machines")."""
    client.force_login(official_52)
    rows = {row["Nom"]: row for row in _readable_csv(client.get("/officials/export.csv", {"region": "52"}))}
    assert rows["Atelier de Nantes"]["Nombre de machines"] == "3"
    assert rows["Atelier d'Angers"]["Nombre de machines"] == ""
    sheet = load_workbook(io.BytesIO(_body(client.get("/officials/export.xlsx", {"region": "52"}))))["ateliers"]
    header = [c.value for c in sheet[1]]
    machines = {row[1]: row[header.index("Nombre de machines")] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert machines == {"Atelier de Nantes": 3, "Atelier d'Angers": None}
    features = json.loads(_body(client.get("/officials/export.geojson", {"region": "52"})))["features"]
    assert {f["id"]: f["properties"]["equipment_items"] for f in features} == {
        "atelier-angers": None,
        "atelier-nantes": 3,
    }


def test_the_files_list_the_workshops_in_the_lists_order(client, world, official_52):
    for name in ("Zèbre lab", "atelier du port", "École de la fabrication"):
        WorkshopFactory(name=name)
    client.force_login(official_52)
    listed = [w.name for w in client.get("/officials/workshops/", {"region": "52"}).context["page"]]
    assert listed == [
        "Atelier d'Angers",
        "Atelier de Nantes",
        "atelier du port",
        "École de la fabrication",
        "Zèbre lab",
    ]
    assert [row["Nom"] for row in _readable_csv(client.get("/officials/export.csv", {"region": "52"}))] == listed
    sheet = load_workbook(io.BytesIO(_body(client.get("/officials/export.xlsx", {"region": "52"}))))["ateliers"]
    assert [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)] == listed
    features = json.loads(_body(client.get(API.format("geojson"))))["features"]
    assert [f["properties"]["name"] for f in features] == listed


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


def test_the_api_names_an_unknown_format_in_the_callers_language(client, world, official_52):
    client.force_login(official_52)
    french = client.get(API.format("okw"), HTTP_ACCEPT_LANGUAGE="fr")
    assert french.status_code == 400
    assert french.json() == {"format": ["Format « okw » inconnu : choisissez parmi csv, xlsx, geojson."]}
    english = client.get(API.format("okw"), HTTP_ACCEPT_LANGUAGE="en")
    assert english.json() == {"format": ["Unknown format “okw”: choose one of csv, xlsx, geojson."]}


def test_a_separator_that_is_not_one_is_refused_not_replaced(client, world, official_52):
    # "delimiter=x" gave a file separated by ";" as if nothing had been asked.
    client.force_login(official_52)
    api = client.get(API.format("csv"), {"region": "52", "delimiter": "x"}, HTTP_ACCEPT_LANGUAGE="fr")
    assert api.status_code == 400
    assert api.json() == {"delimiter": ["« x » n’est pas un séparateur CSV : donnez « ; » ou « , »."]}
    page = client.get("/officials/export.csv", {"region": "52", "delimiter": "x"})
    assert page.status_code == 400
    assert "« x » n’est pas un séparateur CSV" in page.content.decode()
    assert not ExportLog.objects.exists(), "nothing exported, nothing logged"
    assert _csv(client.get(API.format("csv"), {"region": "52", "delimiter": ","}))  # the separators it knows
