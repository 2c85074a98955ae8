"""The observatory: figures equal to hand-computed ones on a fixture, the small-number rule,
history, its files, and who may see it."""

import csv
import io
from datetime import datetime
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from openpyxl import load_workbook

from officials import observatory
from officials.models import ExportLog, OfficialScope
from officials.scopes import NATION, Territory
from surveys.models import Questionnaire, Response
from tests.factories import (
    EquipmentFactory,
    MembershipFactory,
    UserFactory,
    UserResponseFactory,
    WorkshopFactory,
    equipment_type,
)
from workshops.models import Equipment, Workshop
from workshops.vocabularies import Status

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def french():
    with translation.override("fr"):
        yield


PAYS_DE_LA_LOIRE = Territory("region", "52", "Pays de la Loire")
PAGE = "/officials/observatory/"


def workshop(slug, archetype, budget, revenue, staff, volunteers, users, funders, audiences, machines=()):
    public, own, private = revenue
    made = WorkshopFactory(
        slug=slug,
        archetype_override=archetype,
        archetype_override_reason="fixture",
        yearly_budget_eur=budget,
        revenue_public_pct=public,
        revenue_own_pct=own,
        revenue_private_pct=private,
        staff_fte=None if staff is None else Decimal(staff),
        volunteers=volunteers,
        yearly_users=users,
        funders=funders,
        audiences=audiences,
    )
    for machine in machines:
        EquipmentFactory(workshop=made, type=equipment_type(machine))
    return made


PRINTER, LASER = "imprimante-3d-fdm", "decoupeuse-laser-co2"


@pytest.fixture
def study():
    """Seven published workshops in Pays de la Loire (one mediation space, five fablabs, one design office).

    slug  arch budget  public/own/private staff volunteers users funders              audiences            machines
    a     1     50 000 90/10/0           1.0   2          1000  state, department    general public, seniors  printer
    b     3    200 000 20/70/10          3.0   10         500   region, eu           general public       laser, printer
    c     3    100 000 40/40/20          2.0   6          300   region               general public, students printer
    d     3    —       50/50/0           1.0   4          300   —                    —                    —
    e     3    150 000 60/30/10          1.5   3          700   region, foundations  students             laser
    f     3    100 000 70/20/10          0.5   2          200   department, region   general public       —
    g     5    400 000 10/90/0           4.0   0          100   —                    companies            printer
    """
    made = {
        "a": workshop(
            "a",
            1,
            50_000,
            (90, 10, 0),
            "1.0",
            2,
            1000,
            ["state", "department"],
            ["general_public", "seniors"],
            [PRINTER],
        ),
        "b": workshop(
            "b", 3, 200_000, (20, 70, 10), "3.0", 10, 500, ["region", "eu"], ["general_public"], [LASER, PRINTER]
        ),
        "c": workshop(
            "c", 3, 100_000, (40, 40, 20), "2.0", 6, 300, ["region"], ["general_public", "students"], [PRINTER]
        ),
        "d": workshop("d", 3, None, (50, 50, 0), "1.0", 4, 300, [], []),
        "e": workshop("e", 3, 150_000, (60, 30, 10), "1.5", 3, 700, ["region", "foundations"], ["students"], [LASER]),
        "f": workshop("f", 3, 100_000, (70, 20, 10), "0.5", 2, 200, ["department", "region"], ["general_public"]),
        "g": workshop("g", 5, 400_000, (10, 90, 0), "4.0", 0, 100, [], ["companies"], [PRINTER]),
    }
    # Outside the figures: a pending workshop of the region, a workshop of Île-de-France.
    workshop("pending", 3, 9_000_000, (100, 0, 0), "50", 50, 50_000, ["eu"], ["companies"])
    Workshop.objects.filter(slug="pending").update(status=Status.PENDING)
    paris = workshop("paris", 5, 9_000_000, (0, 100, 0), "80", 0, 90_000, ["eu"], ["companies"])
    Workshop.objects.filter(pk=paris.pk).update(region_id="11", department_id="75")
    return {**made, "paris": paris}


def published():
    return observatory.published_in(PAYS_DE_LA_LOIRE)


def values(figure):
    return {row.label: (None if row.hidden else row.values) for row in figure.rows}


def test_workshops_by_archetype(study):
    figure = observatory.workshops_by_archetype(published())
    assert figure.n == 7
    shown = values(figure)
    assert shown["Nouveaux espaces de médiation numérique"] == [1, 14.3]
    assert shown["Fablabs génériques"] == [5, 71.4]
    assert shown["Bureaux d’étude et ateliers de prototypage professionnels"] == [1, 14.3]
    assert shown["Place de village 4.0"] == [0, 0.0]


def test_revenue_structure_is_weighted_by_budget_with_the_plain_mean_beside_it(study):
    figure = observatory.revenue_structure(published())
    # d has no budget: six workshops, 1,000,000 € in all.
    assert figure.n == 6
    # public: (50×90 + 200×20 + 100×40 + 150×60 + 100×70 + 400×10) / 1000 = 32.5; mean 290 / 6 = 48.3
    # own: (50×10 + 200×70 + 100×40 + 150×30 + 100×20 + 400×90) / 1000 = 61.0; mean 260 / 6 = 43.3
    # private: (200×10 + 100×20 + 150×10 + 100×10) / 1000 = 6.5; mean 50 / 6 = 8.3
    assert [row.values for row in figure.rows] == [[32.5, 48.3], [61.0, 43.3], [6.5, 8.3]]
    assert "1\u202f000\u202f000 €" in figure.note


def test_funders_count_each_workshop_once_among_those_that_named_theirs(study):
    figure = observatory.funders(published())
    assert figure.n == 5
    shown = values(figure)
    assert shown["La région"] == [4, 80.0]
    assert shown["Le département"] == [2, 40.0]
    assert shown["L’État (ANCT, DGE, préfecture…)"] == [1, 20.0]
    assert shown["L’Union européenne (FEDER, FSE, LEADER…)"] == [1, 20.0]
    assert shown["Des fondations et du mécénat"] == [1, 20.0]


def test_staff_and_volunteers_hide_archetypes_of_fewer_than_five(study):
    figure = observatory.staff_and_volunteers(published())
    assert figure.n == 7
    fablabs = next(row for row in figure.rows if row.key == 3)
    # staff 3 + 2 + 1 + 1.5 + 0.5 = 8.0, 1.6 each; volunteers 10 + 6 + 4 + 3 + 2 = 25, 5.0 each
    assert fablabs.values == [5, 8.0, 1.6, 25, 5.0]
    hidden = [row for row in figure.rows if row.hidden]
    assert {row.key for row in hidden} == {1, 5}
    assert all(value is None for row in hidden for value in row.values[1:])
    assert all(row.bar is None for row in hidden)


def test_users_per_year_and_profiles(study):
    users = observatory.users_by_archetype(published())
    fablabs = next(row for row in users.rows if row.key == 3)
    assert fablabs.values == [5, 2000, 400.0]  # 500 + 300 + 300 + 700 + 200
    profiles = values(observatory.audiences(published()))
    assert profiles["Grand public"] == [4, 66.7]
    assert profiles["Étudiants"] == [2, 33.3]
    assert profiles["Seniors"] == [1, 16.7]


def test_equipment_rates_per_archetype(study):
    figure = observatory.equipment_rates(published())
    fablabs = next(row for row in figure.rows if row.key == 3)
    columns = figure.columns[1:]
    rates = dict(zip(columns, fablabs.values, strict=True))
    assert rates["Ateliers"] == 5
    assert rates["Impression 3D (%)"] == 40.0  # b, c
    assert rates["Découpe et gravure laser (%)"] == 40.0  # b, e
    assert rates["Fraisage numérique (%)"] == 0.0


def test_a_figure_resting_on_fewer_than_five_is_hidden(study):
    few = Workshop.objects.filter(slug__in=["a", "b", "c", "d"])
    figure = observatory.workshops_by_archetype(few)
    assert figure.hidden and figure.rows == [] and figure.n == 4
    assert observatory.revenue_structure(few).hidden  # c's and b's and a's budgets: 3


def test_a_survey_question_by_archetype(study):
    for situation in ["employee", "employee", "student", "retired", "job_seeker"]:
        UserResponseFactory(workshop=study["b"], answers={"situation": situation, "satisfaction": 4})
    UserResponseFactory(workshop=study["a"], answers={"situation": "student"})
    UserResponseFactory(workshop=study["paris"], answers={"situation": "student"})  # outside the region
    question = {
        "code": "situation",
        "text": "Votre situation",
        "choices": [{"code": c, "label": c} for c in ["student", "employee", "self_employed", "job_seeker"]],
    }
    responses = Response.objects.for_workshops(published())
    figure = observatory.survey_question_by_archetype(published(), question, responses)
    assert figure.n == 6
    fablabs = next(row for row in figure.rows if row.key == 3)
    assert fablabs.values == [5, 20.0, 40.0, 0.0, 20.0]
    mediation = next(row for row in figure.rows if row.key == 1)
    assert mediation.hidden and mediation.values == [1, None, None, None, None]


def test_mediation_spaces_with_machines_year_by_year_come_from_the_history():
    tz = timezone.get_current_timezone()
    with time_machine.travel(datetime(2024, 6, 1, 12, tzinfo=tz), tick=False):
        epn = WorkshopFactory(slug="epn", carrier_type="public_digital_space")
    with time_machine.travel(datetime(2025, 3, 1, 12, tzinfo=tz), tick=False):
        EquipmentFactory(workshop=epn)
    with time_machine.travel(datetime(2025, 5, 1, 12, tzinfo=tz), tick=False):
        other = WorkshopFactory(slug="other", archetype_override=1, archetype_override_reason="x")
        EquipmentFactory(workshop=other)
        WorkshopFactory(slug="fablab-with-machine", carrier_type="association")
    with time_machine.travel(datetime(2026, 2, 1, 12, tzinfo=tz), tick=False):
        other.status = Status.CLOSED
        other.save()
    figure = observatory.mediation_spaces_over_time(PAYS_DE_LA_LOIRE, today=datetime(2026, 12, 3).date())
    assert [(row.label, row.values) for row in figure.rows] == [
        ("2024", [0]),
        ("2025", [2]),
        ("2026 (aujourd’hui)", [1]),
    ]
    assert figure.n == 1


def test_this_year_counts_the_directory_today_what_imports_and_the_classifier_wrote_without_history():
    tz = timezone.get_current_timezone()
    with time_machine.travel(datetime(2025, 5, 1, 12, tzinfo=tz), tick=False):
        imported = WorkshopFactory(slug="cyber-base", carrier_type="association")
    # As an import and the classifier write: no historical record of the archetype or the machine.
    Workshop.objects.filter(pk=imported.pk).update(archetype=1)
    Equipment.objects.bulk_create([Equipment(workshop=imported, type=equipment_type(PRINTER))])
    figure = observatory.mediation_spaces_over_time(PAYS_DE_LA_LOIRE, today=datetime(2026, 12, 3).date())
    assert [(row.label, row.values) for row in figure.rows] == [("2025", [0]), ("2026 (aujourd’hui)", [1])]
    assert figure.n == 1
    nowhere = observatory.mediation_spaces_over_time(Territory("region", "11", "Île-de-France"))
    assert [row.values for row in nowhere.rows] == [[0]] and nowhere.n == 0


def official(username, **territory):
    user = UserFactory(username=username)
    OfficialScope.objects.create(user=user, **territory)
    return user


def test_it_asks_anonymous_visitors_to_log_in_and_refuses_managers(client, study):
    assert client.get(PAGE)["Location"].startswith("/accounts/login/?next=/officials/observatory/")
    client.force_login(MembershipFactory(workshop=study["a"]).user)
    assert client.get(PAGE).status_code == 403
    assert client.get(PAGE + "figures.csv").status_code == 403
    assert client.get(PAGE + "responses-user.csv").status_code == 403


def test_an_official_of_another_region_is_refused_this_one(client, study):
    client.force_login(official("idf", region_id="11"))
    assert client.get(PAGE, {"territory": "region:52"}).status_code == 403
    assert client.get(PAGE + "responses-user.xlsx", {"territory": "region:52"}).status_code == 403
    assert client.get(PAGE).status_code == 200  # their own


def test_the_page_shows_each_figure_with_its_table_and_n(client, study):
    client.force_login(official("pdl", region_id="52"))
    body = client.get(PAGE).content.decode()
    for audience in ("user", "manager"):  # each audience's responses, in both formats
        for fmt in ("xlsx", "csv"):
            assert f'href="/officials/observatory/responses-{audience}.{fmt}?territory=region%3A52"' in body
    assert "Observatoire : Pays de la Loire" in body
    assert "Structure des recettes" in body and "32,5" in body and "48,3" in body
    assert body.count('<table class="figures">') >= 8
    assert "(n = 6)" in body
    assert "moins de 5" in body  # hidden rows say why


def test_staff_see_the_nation(client, study):
    client.force_login(UserFactory(username="staff", is_staff=True))
    response = client.get(PAGE, {"territory": "all"})
    assert response.status_code == 200
    assert response.context["territory"] == NATION


def test_the_page_costs_the_same_queries_whatever_the_number_of_workshops(client, study):
    client.force_login(official("pdl", region_id="52"))
    with CaptureQueriesContext(connection) as before:
        client.get(PAGE)
    for index in range(6):
        workshop(f"more-{index}", 3, 10_000, (50, 50, 0), "1.0", 1, 10, ["region"], ["students"], [PRINTER])
    with CaptureQueriesContext(connection) as after:
        client.get(PAGE)
    assert len(after) == len(before)


def test_the_figures_file_has_the_same_figures_a_dated_name_and_a_french_licence(client, study):
    client.force_login(official("pdl", region_id="52"))
    response = client.get(PAGE + "figures.xlsx")
    assert response.status_code == 200
    name = response["Content-Disposition"]
    assert f"observatoire-chiffres-pays-de-la-loire-{timezone.localdate().isoformat()}.xlsx" in name
    book = load_workbook(io.BytesIO(response.content))
    revenue = list(book["revenue"].iter_rows(values_only=True))
    assert ("Financements publics", 32.5, 48.3) in revenue
    about = {row[0]: row[1] for row in book["a_propos"].iter_rows(values_only=True)}
    assert "Licence Ouverte 2.0" in about["Licence"]
    csv_response = client.get(PAGE + "figures.csv")
    assert ".csv" in csv_response["Content-Disposition"] and csv_response["Content-Disposition"] != name
    assert ExportLog.objects.filter(format="figures-xlsx").count() == 1


def test_the_figures_file_keeps_a_hidden_row_s_n_in_its_column_and_writes_decimals_with_a_comma(client, study):
    client.force_login(official("pdl", region_id="52"))
    book = load_workbook(io.BytesIO(client.get(PAGE + "figures.xlsx").content))
    staff = list(book["staff"].iter_rows(values_only=True))
    header = next(row for row in staff if row[0] == "Archétype")
    mediation = next(row for row in staff if row[0].startswith("Nouveaux espaces de médiation numérique"))
    assert mediation[0] == "Nouveaux espaces de médiation numérique (moins de 5 : non affiché)"
    assert dict(zip(header, mediation, strict=True)) == {
        "Archétype": mediation[0],
        "Ateliers ayant répondu": 1,
        "Salariés (ETP)": None,
        "Salariés par atelier (ETP)": None,
        "Bénévoles": None,
        "Bénévoles par atelier": None,
    }
    lines = client.get(PAGE + "figures.csv").content.decode("utf-8-sig").splitlines()
    assert "Nouveaux espaces de médiation numérique (moins de 5 : non affiché);1;;;;" in lines
    assert "Financements publics;32,5;48,3" in lines  # as French spreadsheets read a decimal


def test_a_hidden_figure_s_file_gives_no_figure_of_its_few_workshops(client, study):
    client.force_login(official("idf", region_id="11"))  # one workshop, its budget 9,000,000 €
    for fmt in ("csv", "xlsx"):
        response = client.get(PAGE + f"figures.{fmt}")
        text = response.content.decode("utf-8-sig") if fmt == "csv" else _xlsx_text(response.content)
        assert "Structure des recettes" in text and "Moins de 5 : non affiché." in text
        assert "9\u202f000\u202f000" not in text and "budget total" not in text


def _xlsx_text(content):
    book = load_workbook(io.BytesIO(content))
    return "\n".join(str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row if v)


def test_the_responses_export_is_anonymous_with_codes_and_labels(client, study):
    UserResponseFactory(workshop=study["b"], answers={"situation": "=HYPERLINK(1)", "machines": ["laser"]})
    UserResponseFactory(workshop=study["c"], answers={"situation": "student", "satisfaction": 5})
    UserResponseFactory(workshop=study["paris"], answers={"situation": "retired"})
    client.force_login(official("pdl", region_id="52"))
    response = client.get(PAGE + "responses-user.csv")
    assert response.status_code == 200
    assert "observatoire-reponses-user-pays-de-la-loire-" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    header, data = rows[0], rows[1:]
    assert len(data) == 2  # not the Paris one
    assert header[:6] == ["numero", "annee", "questionnaire_version", "departement", "archetype", "archetype_libelle"]
    assert "situation" in header and "situation_libelle" in header
    text = response.content.decode("utf-8-sig")
    assert "atelier" not in header and "b" not in [cell for row in data for cell in row[:6]]
    assert study["b"].slug not in {row[3] for row in data}
    student = data[1]
    assert student[header.index("situation")] == "student"
    assert student[header.index("situation_libelle")] == "Élève ou étudiant·e"
    assert "'=HYPERLINK(1)" in text  # neutralised, never a formula
    xlsx = client.get(PAGE + "responses-user.xlsx")
    book = load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames == ["reponses", "codes", "a_propos"]
    codes = list(book["codes"].iter_rows(values_only=True))
    assert ("situation", "Votre situation", "student", "Élève ou étudiant·e") in codes


def test_participation_counts_the_workshops_that_answered_and_their_users_year_by_year(study):
    tz = timezone.get_current_timezone()
    managers = Questionnaire.objects.current("manager")
    for slug, year in [("a", 2025), ("b", 2025), ("b", 2026), ("c", 2026), ("paris", 2026)]:
        Response.objects.create(questionnaire=managers, workshop=study[slug], year=year, answers={})
    for slug, day in [("a", datetime(2024, 5, 2)), ("b", datetime(2026, 1, 3)), ("b", datetime(2026, 2, 3))]:
        with time_machine.travel(day.replace(tzinfo=tz), tick=False):
            UserResponseFactory(workshop=study[slug])

    figure = observatory.questionnaire_participation(published(), today=datetime(2026, 12, 3).date())

    # Seven workshops published in the region; Paris's answer is not the region's.
    assert [(row.label, row.values) for row in figure.rows] == [
        ("2024", [0, 0.0, 1]),
        ("2025", [2, 28.6, 0]),
        ("2026 (aujourd’hui)", [2, 28.6, 2]),
    ]
    assert figure.n == 7 and not figure.hidden
    assert observatory.questionnaire_participation(Workshop.objects.filter(slug="d")).hidden, "fewer than five"


def test_the_page_shows_the_participation(client, study):
    managers = Questionnaire.objects.current("manager")
    for slug in "abcde":
        Response.objects.create(
            questionnaire=managers, workshop=study[slug], year=timezone.localdate().year, answers={}
        )
    client.force_login(official("pdl", region_id="52"))

    body = client.get(PAGE).content.decode()

    assert "Réponses aux questionnaires, année par année" in body
    assert "71,4" in body  # five of the seven workshops
