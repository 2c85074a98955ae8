"""Aggregates against a hand computation, and small-number protection."""

from datetime import datetime

import pytest
from django.utils import timezone

from surveys import analytics
from surveys.models import Questionnaire
from tests.factories import UserResponseFactory, WorkshopFactory, commune
from workshops.models import Workshop

pytestmark = pytest.mark.django_db


def at(year, month):
    return timezone.make_aware(datetime(year, month, 15, 12))


@pytest.fixture
def territory():
    """Nantes (44, archetype 3): 6 responses; Rennes (35, archetype 1): 3; Saint-Nazaire (44, staff set 1): 2."""
    nantes = WorkshopFactory(slug="nantes")
    rennes = WorkshopFactory(slug="rennes", commune=commune("35238"), postal_code="35000")
    nazaire = WorkshopFactory(slug="nazaire", commune=commune("44184"), postal_code="44600")
    Workshop.objects.filter(pk=nantes.pk).update(archetype=3)
    Workshop.objects.filter(pk=rennes.pk).update(archetype=1)
    Workshop.objects.filter(pk=nazaire.pk).update(archetype=3, archetype_override=1)
    satisfaction = {"nantes": [5, 4, 4, 3, 5, 2], "rennes": [1, 2, 3], "nazaire": [4, 5]}
    for workshop in (nantes, rennes, nazaire):
        for i, score in enumerate(satisfaction[workshop.slug]):
            UserResponseFactory(
                workshop=workshop,
                submitted_at=at(2024 if i % 2 else 2025, 3 if i < 2 else 11),
                answers={
                    "age_band": "18_25" if i % 3 == 0 else "36_50",
                    "reasons": ["repair", "training"] if i % 2 else ["repair"],
                    "recommend": i % 2 == 0,
                    "satisfaction": score,
                },
            )
    return Workshop.objects.filter(slug__in=satisfaction)


def test_the_summary_by_archetype_matches_a_hand_count(territory):
    groups = analytics.territory_summary(territory, by="archetype")
    assert [(g.key, g.responses, g.workshops, g.satisfaction, g.hidden) for g in groups] == [
        # archetype 1: Rennes (3) + Saint-Nazaire overridden to 1 (2) = 5 responses, mean (1+2+3+4+5)/5
        (1, 5, 2, 3.0, False),
        # archetype 3: Nantes only, 6 responses, mean 23/6
        (3, 6, 1, 3.83, False),
    ]
    assert groups[0].label == "Nouveaux espaces de médiation numérique"


def test_small_groups_are_hidden_with_no_figures(territory):
    groups = analytics.territory_summary(territory, by="department")
    by_code = {g.key: g for g in groups}
    assert by_code["35"].hidden is True and by_code["35"].secondary is False
    assert (by_code["35"].responses, by_code["35"].workshops, by_code["35"].satisfaction) == (None, None, None)
    assert by_code["35"].label == "Ille-et-Vilaine (35)"
    # Loire-Atlantique's 8 shown beside the territory's 11 would give Ille-et-Vilaine's 3 back.
    assert by_code["44"].hidden is True and by_code["44"].secondary is True
    assert (by_code["44"].responses, by_code["44"].satisfaction) == (None, None)


def test_a_hidden_group_is_not_given_back_by_the_total(territory):
    # A fourth workshop in Ille-et-Vilaine with 6 responses: 44 has 8, 35 has 3 + 6 = 9; none hidden.
    # Then a Morbihan workshop with 2: hidden, and the smallest other (8) with it, not 9.
    vannes = WorkshopFactory(slug="vannes", commune=commune("56260"), postal_code="56000")
    for score in (4, 5):
        UserResponseFactory(workshop=vannes, answers={"satisfaction": score})
    saint_malo = WorkshopFactory(slug="saint-malo", commune=commune("35288"), postal_code="35400")
    for score in (3, 3, 4, 4, 5, 5):
        UserResponseFactory(workshop=saint_malo, answers={"satisfaction": score})
    territory = Workshop.objects.filter(slug__in=["nantes", "rennes", "nazaire", "vannes", "saint-malo"])
    groups = {g.key: g for g in analytics.territory_summary(territory, by="department")}
    assert (groups["35"].responses, groups["35"].hidden) == (9, False)
    assert (groups["44"].hidden, groups["44"].secondary) == (True, True)
    assert (groups["56"].hidden, groups["56"].secondary) == (True, False)


def test_the_summary_by_period_groups_years_and_quarters(territory):
    years = analytics.territory_summary(territory, by="period")
    # odd indexes in 2024: Nantes 3, Rennes 1, Saint-Nazaire 1 = 5; the other 6 in 2025
    assert [(g.label, g.responses) for g in years] == [("2024", 5), ("2025", 6)]
    quarters = analytics.territory_summary(territory, by="period", period="quarter")
    assert all(g.hidden for g in quarters if g.label.startswith("2024"))


def test_the_summary_by_region(territory):
    groups = analytics.territory_summary(territory, by="region")
    # Pays de la Loire's 8 would give Bretagne's 3 back from the total: both hidden.
    assert [(g.key, g.responses, g.hidden) for g in groups] == [("52", None, True), ("53", None, True)]


def test_an_unknown_grouping_is_refused():
    with pytest.raises(ValueError, match="unknown grouping"):
        analytics.territory_summary(Workshop.objects.none(), by="commune")


def test_question_results_match_a_hand_computation(territory):
    results = analytics.territory_results(territory)
    assert (results.total, results.hidden) == (11, False)
    by_code = {q.code: q for q in results.questions}
    age = {c.code: (c.count, c.percent) for c in by_code["age_band"].choices}
    # i % 3 == 0 → 18_25: Nantes i=0,3; Rennes i=0; Saint-Nazaire i=0 → 4 of 11
    assert age["18_25"] == (4, 36.4)
    assert age["36_50"] == (7, 63.6)
    reasons = {c.code: c.count for c in by_code["reasons"].choices}
    assert reasons["repair"] == 11 and reasons["training"] == 5
    assert by_code["satisfaction"].mean == round(38 / 11, 2)
    assert by_code["satisfaction"].median == 4
    recommend = {c.code: c.count for c in by_code["recommend"].choices}
    assert recommend == {"True": 6, "False": 5}
    assert by_code["frequency"].hidden is True and by_code["frequency"].answered is None


def test_fewer_than_five_responses_show_nothing(territory):
    results = analytics.territory_results(territory.filter(slug="rennes"))
    assert (results.total, results.hidden, results.questions) == (3, True, [])


def test_responses_to_an_older_version_add_up_with_the_new_one(territory):
    new = Questionnaire.objects.current("user").new_version()
    new.publish()
    UserResponseFactory(workshop=territory.get(slug="rennes"), questionnaire=new, answers={"satisfaction": 5})
    satisfaction = next(q for q in analytics.territory_results(territory).questions if q.code == "satisfaction")
    assert satisfaction.answered == 12


def test_the_territory_summary_takes_few_queries(territory, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        analytics.territory_summary(territory, by="department")


@pytest.mark.parametrize("by", ["archetype", "department", "region", "period"])
def test_the_dashboard_reads_results_and_summary_together_with_the_same_figures(territory, by):
    results, groups = analytics.territory_survey(territory, by=by)
    assert results == analytics.territory_results(territory)
    assert groups == analytics.territory_summary(territory, by=by)
    assert [(g.key, g.responses) for g in analytics.territory_survey(territory, by="archetype")[1]] == [(1, 5), (3, 6)]


def test_the_dashboard_survey_reads_the_responses_once(territory):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        results, groups = analytics.territory_survey(territory, by="department")
    assert results.total == 11 and len(groups) == 2
    # the question codes, the responses once; then the questionnaire versions and the department names
    assert sum('FROM "surveys_response"' in q["sql"] for q in queries.captured_queries) == 1
    assert len(queries.captured_queries) <= 5


def test_only_whole_numbers_count_as_satisfaction_scores():
    assert [analytics._score(v) for v in (4, "4", True, "true", 4.5, "4.5", None, "")] == [4, 4, *[None] * 6]


def test_the_garbage_collector_is_on_again_after_the_aggregates(territory, monkeypatch):
    import gc

    assert gc.isenabled()
    analytics.territory_survey(territory)
    assert gc.isenabled()
    gc.disable()
    try:
        analytics.territory_survey(territory)
        assert not gc.isenabled()  # left as the caller had it
    finally:
        gc.enable()
    # even when decoding fails half-way
    monkeypatch.setattr(analytics.orjson, "loads", lambda text: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        analytics.territory_survey(territory)
    assert gc.isenabled()


def test_manager_numbers_have_a_mean_and_a_median(territory):
    questionnaire = Questionnaire.objects.current("manager")
    for year in (2012, 2014, 2015, 2019, 2021, 2023):
        UserResponseFactory(
            workshop=territory.get(slug="nantes"), questionnaire=questionnaire, answers={"opening_year": year}
        )
    opening = next(
        q for q in analytics.territory_results(territory, audience="manager").questions if q.code == "opening_year"
    )
    assert (opening.answered, opening.mean, opening.median) == (6, round(12104 / 6, 2), 2017)


def test_empty_answers_are_not_counted_as_answered(territory):
    nantes = territory.get(slug="nantes")
    for answers in ({"age_band": ""}, {"reasons": []}, {"age_band": None, "reasons": None}):
        UserResponseFactory(workshop=nantes, answers=answers)
    by_code = {q.code: q for q in analytics.territory_results(territory).questions}
    assert by_code["age_band"].answered == 11
    assert by_code["reasons"].answered == 11
    assert analytics.territory_results(territory).total == 14


def test_a_single_answer_to_what_is_now_a_multiple_choice_counts_as_that_choice(territory):
    UserResponseFactory(workshop=territory.get(slug="nantes"), answers={"reasons": "training"})
    reasons = next(q for q in analytics.territory_results(territory).questions if q.code == "reasons")
    assert {c.code: c.count for c in reasons.choices}["training"] == 6
    assert reasons.answered == 12


@pytest.mark.parametrize(
    ("counts", "hidden"),
    [
        ({"a": 15, "b": 5, "c": 1, "d": 0}, {"b", "c", "d"}),  # "c" and "d" together would be 1
        ({"yes": 17, "no": 1}, {"yes", "no"}),  # 18 − 17 gives "no" back
        ({"a": 10, "b": 8, "c": 3, "d": 0}, {"b", "c", "d"}),  # 3 together: one more
        ({"a": 9, "b": 6, "c": 4, "d": 3}, {"c", "d"}),  # 7 together: nobody told apart
        ({"yes": 18, "no": 0}, {"no"}),  # nobody said "no": nobody to give away
        ({"a": 12, "b": 7}, set()),
        ({"a": 2, "b": 1}, {"a", "b"}),
    ],
)
def test_hidden_answers_hold_five_or_more_together_or_nobody(counts, hidden):
    assert analytics.complementary_hidden(counts) == hidden
