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
from django.utils.translation import gettext, pgettext
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
    # Two of the generic fablabs have the archetype a census gave (provisional), one of them set by staff since.
    generic = list(
        published().with_effective_archetype().filter(effective=3).order_by("pk").values_list("pk", flat=True)
    )
    Workshop.objects.filter(pk__in=generic[:3]).update(archetype=3, archetype_override=None, archetype_provisional=True)
    Workshop.objects.filter(pk=generic[2]).update(archetype_override=3)
    figure = observatory.workshops_by_archetype(published())
    assert figure.n == 7
    shown = values(figure)
    assert shown["Nouveaux espaces de médiation numérique"] == [1, 0, 14.3]
    assert shown["Fablabs génériques"] == [5, 2, 71.4]
    assert shown["Bureaux d’étude et ateliers de prototypage professionnels"] == [1, 0, 14.3]
    assert shown["Place de village 4.0"] == [0, 0, 0.0]


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


MILL = "fraiseuse-cnc-bureau"


def test_equipment_rates_count_only_the_workshops_that_listed_their_machines(study):
    # d and f listed no machine: unknown. Listed: a (1), b, c, e (3), g (5): every archetype under five.
    figure = observatory.equipment_rates(published())
    assert figure.n == 5 and figure.hidden
    for slug in "df":
        EquipmentFactory(workshop=study[slug], type=equipment_type(MILL))
    workshop("h", 3, None, (None, None, None), None, None, None, [], [])  # a sixth fablab, nothing listed

    figure = observatory.equipment_rates(published())

    fablabs = next(row for row in figure.rows if row.key == 3)
    rates = dict(zip(figure.columns[2:], fablabs.values[1:], strict=True))
    assert fablabs.values[0] == 5  # b, c, d, e, f: not h
    assert rates["Impression 3D (%)"] == 40.0  # b, c of five, not of six
    assert rates["Découpe et gravure laser (%)"] == 40.0  # b, e
    assert rates["Fraisage numérique (%)"] == 40.0  # d, f
    assert figure.n == 7
    with translation.override("en"):
        figure = observatory.equipment_rates(published())
    assert figure.columns[1] == "Workshops that listed their machines"
    assert "over the 7 workshops that listed their machines (of 8)" in figure.note


def test_a_figure_resting_on_fewer_than_five_is_hidden(study):
    few = Workshop.objects.filter(slug__in=["a", "b", "c", "d"])
    figure = observatory.workshops_by_archetype(few)
    assert figure.hidden and figure.rows == [] and figure.n == 4
    assert observatory.revenue_structure(few).hidden  # c's and b's and a's budgets: 3


SITUATION = {
    "code": "situation",
    "text": "Votre situation",
    "audience": "user",
    "choices": [{"code": c, "label": c} for c in ["student", "employee", "self_employed", "job_seeker"]],
}


def test_a_survey_question_by_archetype(study):
    for situation in ["employee", "employee", "student", "retired", "job_seeker", "employee"]:
        UserResponseFactory(workshop=study["b"], answers={"situation": situation, "satisfaction": 4})
    for situation in ["employee"] * 5:
        UserResponseFactory(workshop=study["g"], answers={"situation": situation})
    for situation in ["student"] * 3:
        UserResponseFactory(workshop=study["a"], answers={"situation": situation})
    for _index in range(3):
        UserResponseFactory(workshop=study["c"], answers={"situation": "retired"})
    UserResponseFactory(workshop=study["paris"], answers={"situation": "student"})  # outside the region
    responses = Response.objects.for_workshops(published())
    figure = observatory.survey_question_by_archetype(published(), SITUATION, responses)
    assert figure.n == 17
    fablabs = next(row for row in figure.rows if row.key == 3)
    assert fablabs.values == [9, 11.1, 33.3, 0.0, 11.1]
    # The mediation spaces' 3 are hidden; the design offices' 5 too, or 17 − 9 would give those 3 back.
    mediation = next(row for row in figure.rows if row.key == 1)
    offices = next(row for row in figure.rows if row.key == 5)
    assert mediation.hidden and not mediation.secondary and offices.hidden and offices.secondary
    assert mediation.values == offices.values == [None] * 5  # not even their n


def test_a_survey_figure_whose_every_row_would_give_one_away_is_hidden(study, client):
    for _index in range(5):
        UserResponseFactory(workshop=study["b"], answers={"situation": "employee"})
    UserResponseFactory(workshop=study["a"], answers={"situation": "student"})
    figure = observatory.survey_question_by_archetype(published(), SITUATION, Response.objects.all())
    assert figure.hidden and figure.rows == [] and figure.n == 6
    client.force_login(official("pdl", region_id="52"))
    body = client.get(PAGE, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Users: “Your situation”, by archetype" in body
    assert "Based on 6 responses." in body
    assert "Each row rests on fewer than 5, or would give such a row away: not shown" in body


def test_the_page_says_a_hidden_row_is_hidden_without_its_n(study, client):
    for slug, count in [("b", 6), ("g", 5), ("a", 3)]:
        for _index in range(count):
            UserResponseFactory(workshop=study[slug], answers={"situation": "employee"})
    client.force_login(official("pdl", region_id="52"))
    body = client.get(PAGE, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    survey = body[body.index('id="figure-survey"') :]
    survey = survey[: survey.index("</section>")]
    assert "(n = 14 responses)" in survey
    assert "(fewer than 5: not shown)" in survey
    assert "(not shown: the hidden rows could otherwise be worked out from the total)" in survey
    assert ">3<" not in survey and ">5<" not in survey and ">6<" in survey


MANAGERS_FUNDERS = {
    "code": "funders",
    "text": "Qui finance l’atelier ?",
    "audience": "manager",
    "choices": [{"code": c, "label": c} for c in ["region", "department"]],
}


def answered(workshop, year, funders):
    managers = Questionnaire.objects.current("manager")
    return Response.objects.create(questionnaire=managers, workshop=workshop, year=year, answers={"funders": funders})


def test_the_managers_figures_count_each_workshop_once_with_its_latest_answer(study):
    # Two fablabs answering three years each: six responses, two workshops.
    for slug in "bc":
        for year, funders in [(2024, ["department"]), (2025, ["department"]), (2026, ["region"])]:
            answered(study[slug], year, funders)
    latest = observatory.latest_per_workshop(Response.objects.for_workshops(published()).of_managers())
    figure = observatory.survey_question_by_archetype(published(), MANAGERS_FUNDERS, latest)
    assert figure.hidden and figure.n == 2
    for slug, year in [("d", 2025), ("e", 2026), ("f", 2026)]:
        answered(study[slug], year, ["department"])
    with translation.override("en"):
        latest = observatory.latest_per_workshop(Response.objects.for_workshops(published()).of_managers())
        figure = observatory.survey_question_by_archetype(published(), MANAGERS_FUNDERS, latest)
    fablabs = next(row for row in figure.rows if row.key == 3)
    assert figure.n == 5 and figure.columns[1] == "Workshops"
    assert fablabs.values == [5, 40.0, 60.0]  # b and c as in 2026: the region
    assert figure.title == "Managers: “Qui finance l’atelier ?”, by archetype"
    assert "with its latest answer to the managers' questionnaire; years of these answers: 2025, 2026." in figure.note


def test_the_page_counts_the_managers_figure_in_workshops(study, client):
    for slug in "bc":
        for year in (2024, 2025, 2026):
            answered(study[slug], year, ["region"])
    answered(study["a"], 2026, ["region"])
    client.force_login(official("pdl", region_id="52"))
    body = client.get(PAGE, {"question": "manager:funders"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Managers: “Who funds the workshop?”, by archetype" in body
    assert "Based on 3 workshops." in body  # not 7 responses


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
    for slug in "abcde":  # enough of each audience for their files
        UserResponseFactory(workshop=study[slug])
        answered(study[slug], 2026, ["region"])
    client.force_login(official("pdl", region_id="52"))
    body = client.get(PAGE).content.decode()
    for audience in ("user", "manager"):  # each audience's responses, in both formats
        for fmt in ("xlsx", "csv"):
            assert f'href="/officials/observatory/responses-{audience}.{fmt}?territory=region%3A52"' in body
    assert "Observatoire : Pays de la Loire" in body
    assert "Structure des recettes" in body and "32,5" in body and "48,3" in body
    assert body.count('<table class="figures">') >= 8
    assert "(n = 6 " in body
    assert "moins de 5" in body  # hidden rows say why


def test_the_page_says_what_each_n_counts_and_keeps_its_promise(client, study):
    client.force_login(official("pdl", region_id="52"))
    body = client.get(PAGE, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "(n = 6 workshops)" in body  # the revenue
    assert "Based on 0 responses." in body  # no survey response yet
    # Counts of published workshops are public: the page says so rather than "no figure under 5".
    assert "No share, mean or sum rests on fewer than 5 workshops or responses" in body
    assert "Counts of published workshops and of questionnaires received are given as they are." in body
    assert "No figure rests on fewer than" not in body
    archetypes = body[body.index('id="figure-archetypes"') :]
    assert '<td class="num">1</td>' in archetypes[: archetypes.index("</section>")]  # one design office


def test_each_figure_s_scroll_box_is_named_apart_from_its_section(client, study):
    client.force_login(official("pdl", region_id="52"))
    body = client.get(PAGE, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'aria-labelledby="figure-revenue"' in body
    assert 'role="region" aria-label="Table: Revenue structure"' in body
    assert body.count('aria-labelledby="figure-revenue"') == 1  # the section only


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
    assert book.sheetnames == [
        "archetypes",
        "recettes",
        "financeurs",
        "salaries_benevoles",
        "usagers",
        "publics",
        "equipements",
        "mediation",
        "participation",
        "questionnaire",
        "a_propos",
    ]
    revenue = list(book["recettes"].iter_rows(values_only=True))
    assert ("Financements publics", 32.5, 48.3) in revenue
    about = {row[0]: row[1] for row in book["a_propos"].iter_rows(values_only=True)}
    assert "Licence Ouverte 2.0" in about["Licence"]
    assert "Aucune part, moyenne ou somme ne repose sur moins de 5 ateliers ou réponses" in about["Licence"]
    csv_response = client.get(PAGE + "figures.csv")
    assert ".csv" in csv_response["Content-Disposition"] and csv_response["Content-Disposition"] != name
    assert ExportLog.objects.filter(format="figures-xlsx").count() == 1


def test_the_figures_files_leave_the_page_s_bars_to_the_page(client, study):
    client.force_login(official("pdl", region_id="52"))
    page = client.get(PAGE).content.decode()
    assert "Barres : salariés en équivalents temps plein." in page
    text = client.get(PAGE + "figures.csv").content.decode("utf-8-sig")
    assert "Barres" not in text and "Salariés et bénévoles par archétype" in text
    assert "Barres" not in _xlsx_text(client.get(PAGE + "figures.xlsx").content)


def test_a_figure_whose_every_row_is_hidden_is_hidden_whole(client, study):
    # Five workshops, each archetype under five: a, g and three fablabs.
    few = Workshop.objects.filter(slug__in=["a", "b", "c", "d", "g"])
    figure = observatory.staff_and_volunteers(few)
    assert figure.n == 5 and figure.hidden and figure.rows == [] and not figure.bar_note
    Workshop.objects.filter(slug__in=["e", "f"]).update(region_id="11", department_id="75")
    client.force_login(official("pdl", region_id="52"))
    body = client.get(PAGE, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    staff = body[body.index('id="figure-staff"') :]
    staff = staff[: staff.index("</section>")]
    assert "Based on 5 workshops." in staff and "Each row rests on fewer than 5" in staff
    assert "<table" not in staff and "Bars:" not in staff


def test_the_figures_file_keeps_a_hidden_row_s_n_in_its_column_and_writes_decimals_with_a_comma(client, study):
    client.force_login(official("pdl", region_id="52"))
    book = load_workbook(io.BytesIO(client.get(PAGE + "figures.xlsx").content))
    staff = list(book["salaries_benevoles"].iter_rows(values_only=True))
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


def _csv_rows(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_the_responses_export_is_anonymous_with_codes_and_labels(client, study):
    UserResponseFactory(workshop=study["b"], answers={"situation": "=HYPERLINK(1)", "machines": ["laser"]})
    for _index in range(4):
        UserResponseFactory(workshop=study["b"], answers={"situation": "employee"})
    UserResponseFactory(workshop=study["c"], answers={"situation": "student", "satisfaction": 5})
    for _index in range(5):
        UserResponseFactory(workshop=study["g"], answers={"situation": "retired"})
    UserResponseFactory(workshop=study["a"], answers={"situation": "student"})
    UserResponseFactory(workshop=study["paris"], answers={"situation": "retired"})
    client.force_login(official("pdl", region_id="52"))
    response = client.get(PAGE + "responses-user.csv")
    assert response.status_code == 200
    assert "observatoire-reponses-usagers-pays-de-la-loire-" in response["Content-Disposition"]
    rows = _csv_rows(response)
    header, data = rows[0], rows[1:]
    assert len(data) == 12  # not the Paris one
    assert header[:6] == ["numero", "annee", "questionnaire_version", "departement", "archetype", "archetype_libelle"]
    assert "situation" in header and "situation_libelle" in header
    assert "satisfaction" in header and "satisfaction_libelle" not in header  # a number is its own label
    text = response.content.decode("utf-8-sig")
    assert "atelier" not in header and "b" not in [cell for row in data for cell in row[:6]]
    assert study["b"].slug not in {row[3] for row in data}
    student = data[5]
    assert student[header.index("situation")] == "student"
    assert student[header.index("situation_libelle")] == "Élève ou étudiant·e"
    assert student[header.index("satisfaction")] == "5"
    assert student[3:6] == ["44", "3", "Fablabs génériques"]  # six responses about Nantes's fablabs
    # The mediation space's one response, and the design office's five that would give it away: no place.
    assert [row[3:6] for row in data[6:]] == [["", "", ""]] * 6
    assert "'=HYPERLINK(1)" in text  # neutralised, never a formula
    xlsx = client.get(PAGE + "responses-user.xlsx")
    book = load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames == ["reponses", "codes", "a_propos"]
    labels = next(book["reponses"].iter_rows(values_only=True))
    assert labels[0] == pgettext("a response's rank in a file", "Number") != "Nombre"
    assert "Votre situation" in labels and gettext("%(question)s (label)") % {"question": "Votre situation"} in labels
    codes = list(book["codes"].iter_rows(values_only=True))
    assert ("situation", "Votre situation", "student", "Élève ou étudiant·e") in codes
    notes = [row[1] for row in book["a_propos"].iter_rows(values_only=True)]
    assert any("Département et archétype sont laissés vides" in note for note in notes)


def test_a_territory_with_fewer_than_five_responses_gives_no_file_and_says_why(client, study):
    for slug in "abcd":
        UserResponseFactory(workshop=study[slug], answers={"situation": "student", "age_band": "under_18"})
        for year in (2025, 2026):  # eight responses, four workshops
            answered(study[slug], year, ["region"])
    UserResponseFactory(workshop=study["paris"])  # another region's fifth
    client.force_login(official("pdl", region_id="52"))
    body = client.get(PAGE, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "/responses-user." not in body and "/responses-manager." not in body
    assert "Users' responses: fewer than 5 in this territory, so there is no file" in body
    assert "Managers' responses: fewer than 5 workshops answered in this territory, so there is no file" in body
    for audience in ("user", "manager"):
        for fmt in ("csv", "xlsx"):
            response = client.get(PAGE + f"responses-{audience}.{fmt}", HTTP_ACCEPT_LANGUAGE="en")
            assert response.status_code == 403 and response["Content-Type"].startswith("text/html")
            assert "so there is no file" in response.content.decode() and "under_18" not in response.content.decode()
    assert not ExportLog.objects.exists()
    client.force_login(UserFactory(username="staff", is_staff=True))
    assert client.get(PAGE + "responses-user.csv", {"territory": "region:52"}).status_code == 403
    assert client.get(PAGE + "responses-user.csv", {"territory": "all"}).status_code == 200  # five in France


def test_the_managers_file_gives_each_year_its_own_and_a_number_once(client, study):
    for slug in "bcdef":
        answered(study[slug], 2026, ["region"])
    managers = Questionnaire.objects.current("manager")
    with time_machine.travel(datetime(2026, 1, 15, 12, tzinfo=timezone.get_current_timezone()), tick=False):
        Response.objects.create(questionnaire=managers, workshop=study["b"], year=2025, answers={"staff_fte": 1.5})
    client.force_login(official("pdl", region_id="52"))
    response = client.get(PAGE + "responses-manager.csv")
    assert "observatoire-reponses-gestionnaires-pays-de-la-loire-" in response["Content-Disposition"]
    header, *data = _csv_rows(response)
    late = next(row for row in data if row[header.index("staff_fte")])
    assert late[header.index("annee")] == "2025"  # the questionnaire's year, sent in January 2026
    assert late[header.index("staff_fte")] == "1,5" and "staff_fte_libelle" not in header
    assert {row[3] for row in data} == {"44"}  # five fablabs of Nantes, six responses


def test_the_users_file_gives_the_local_year(client, study):
    new_year = datetime(2026, 1, 1, 0, 30, tzinfo=timezone.get_current_timezone())  # 23:30 UTC on 31 Dec
    with time_machine.travel(new_year, tick=False):
        for slug in "bcdef":
            UserResponseFactory(workshop=study[slug])
    client.force_login(official("pdl", region_id="52"))
    header, *data = _csv_rows(client.get(PAGE + "responses-user.csv"))
    assert {row[header.index("annee")] for row in data} == {"2026"}


def test_the_export_log_says_which_territory_and_which_responses(client, study):
    for slug in "bcdef":
        UserResponseFactory(workshop=study[slug])
    client.force_login(official("pdl", region_id="52"))
    client.get(PAGE + "figures.csv")
    client.get(PAGE + "responses-user.xlsx", {"territory": "department:44"})
    figures, responses = ExportLog.objects.order_by("created_at", "pk")
    assert figures.filters == {"territory": ["region:52"]}  # the default territory, named
    assert responses.format == "responses-xlsx"
    assert responses.filters == {"territory": ["department:44"], "audience": ["user"]}


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
