"""Hypothesis on opening hours: validation and evaluation never fail on any input.

Whatever a manager, an import or an API client types, `validate_opening_hours` either accepts it or
raises a ValidationError, and what it accepts can always be evaluated (open now, next change, the
weekly summary) in every time zone the directory uses; no 5xx through the API, nothing half-written.
"""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workshops import hours
from workshops.validators import validate_opening_hours

from .factories import MembershipFactory, UserFactory, WorkshopFactory

DAYS = st.sampled_from(hours.WEEKDAYS)
TIMES = st.tuples(st.integers(0, 23), st.sampled_from([0, 15, 30, 45])).map(lambda t: f"{t[0]:02d}:{t[1]:02d}")
# Pieces of the OpenStreetMap syntax, recombined into near-valid and broken expressions.
TOKENS = st.sampled_from(
    ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su", "PH", "SH", "off", "closed", "open", "24/7", "-", ",", ";", " ",
     ":", "+", "||", "\"sur rendez-vous\"", "Jan", "Dec", "week", "1-53/2", "[1]", "[-1]", "sunrise", "sunset",
     "(sunrise+01:00)", "easter", "2026", "10:00", "18:00", "24:00", "25:00", "00:00-24:00", "12:00-14:00"]
)  # fmt: skip
INSTANTS = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC))
REGIONS = st.sampled_from([None, "11", "01", "02", "03", "04", "06", "99"])


@st.composite
def rules(draw):
    """A well-formed rule: days then time ranges, e.g. 'Mo-Fr 09:00-12:00,14:00-18:00'."""
    first, last = sorted(draw(st.lists(st.integers(0, 6), min_size=2, max_size=2)))
    days = hours.WEEKDAYS[first] if first == last else f"{hours.WEEKDAYS[first]}-{hours.WEEKDAYS[last]}"
    spans = []
    for _ in range(draw(st.integers(1, 3))):
        start, end = sorted(draw(st.lists(st.integers(0, 24 * 4), min_size=2, max_size=2, unique=True)))
        spans.append(f"{start // 4:02d}:{start % 4 * 15:02d}-{end // 4:02d}:{end % 4 * 15:02d}")
    return f"{days} {','.join(spans)}"


def validates(expression: str) -> bool:
    try:
        validate_opening_hours(expression)
    except ValidationError as error:
        assert error.code == "opening_hours_invalid"
        return False
    return True


def evaluate_everywhere(expression: str, at: datetime, region: str | None):
    assert hours.is_open(expression, region, at) in (True, False, None)
    change = hours.next_change(expression, region, at)
    assert change is None or isinstance(change, datetime)
    week = hours.weekly(expression, at)
    assert list(week) == list(hours.WEEKDAYS)
    for intervals in week.values():
        for start, end in intervals:
            assert len(start) == len(end) == 5 and start < end


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=80))
def test_any_text_is_either_accepted_or_refused_with_a_validation_error(text):
    if validates(text):
        assert not text or hours.parse(text) is not None


@settings(max_examples=400, deadline=None)
@given(st.lists(TOKENS, max_size=12).map("".join), INSTANTS, REGIONS)
def test_anything_accepted_can_be_evaluated_at_any_time_anywhere(expression, at, region):
    if validates(expression):
        evaluate_everywhere(expression, at, region)


@settings(max_examples=200, deadline=None)
@given(st.lists(rules(), min_size=1, max_size=3).map("; ".join), INSTANTS, REGIONS)
def test_well_formed_rules_are_accepted_and_evaluated(expression, at, region):
    assert validates(expression), expression
    evaluate_everywhere(expression, at, region)


@settings(max_examples=200, deadline=None)
@given(DAYS, TIMES, st.integers(15, 6 * 60).filter(lambda minutes: minutes % 15 == 0))
def test_a_workshop_is_open_inside_its_hours_and_closed_outside(day, start, minutes):
    start_at = datetime.strptime(start, "%H:%M")
    end_at = start_at + timedelta(minutes=minutes)
    if end_at.day != start_at.day:
        return  # past midnight: another rule's business
    expression = f"{day} {start}-{end_at:%H:%M}"
    monday = datetime(2026, 3, 2, tzinfo=hours.PARIS)  # a week without French public holidays
    opening = monday.replace(hour=start_at.hour, minute=start_at.minute) + timedelta(days=hours.WEEKDAYS.index(day))
    assert hours.is_open(expression, "11", opening + timedelta(minutes=minutes // 2)) is True
    assert hours.is_open(expression, "11", opening - timedelta(minutes=1)) is False
    assert hours.is_open(expression, "11", opening + timedelta(minutes=minutes)) is False


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(expression=st.one_of(st.text(max_size=40), st.lists(TOKENS, max_size=8).map("".join)))
def test_the_api_answers_400_or_saves_never_5xx_nor_half_writes(client, expression):
    workshop = WorkshopFactory(opening_hours="Mo-Fr 10:00-18:00")
    manager = UserFactory()
    MembershipFactory(user=manager, workshop=workshop)
    client.force_login(manager)
    before = (workshop.version, workshop.summary)
    response = client.patch(
        f"/api/v1/workshops/{workshop.slug}/",
        {"version": workshop.version, "opening_hours": expression, "summary": "Nouveau résumé"},
        content_type="application/json",
    )
    assert response.status_code in (200, 400), response.content
    workshop.refresh_from_db()
    if response.status_code == 400:
        assert "opening_hours" in response.json()
        assert (workshop.version, workshop.summary) == before
        assert workshop.opening_hours == "Mo-Fr 10:00-18:00"
    else:
        assert workshop.opening_hours == expression.strip() or workshop.opening_hours == expression
        assert workshop.summary == "Nouveau résumé"
