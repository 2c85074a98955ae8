"""Opening hours: open now, the next change and the week in words, at frozen instants."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import translation

from workshops import hours, public

PARIS = ZoneInfo("Europe/Paris")
HOURS = "Tu-Sa 10:00-18:00; PH off"
# Tuesday 11 November 2025 is Armistice Day, a public holiday in France.
ARMISTICE_MORNING = datetime(2025, 11, 11, 11, 0, tzinfo=PARIS)
ORDINARY_TUESDAY = datetime(2025, 11, 18, 11, 0, tzinfo=PARIS)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_it_is_open_on_an_ordinary_tuesday_morning():
    assert hours.is_open(HOURS, "52", ORDINARY_TUESDAY) is True
    assert hours.is_open(HOURS, "52", ORDINARY_TUESDAY.replace(hour=19)) is False


def test_it_is_closed_on_a_public_holiday_when_its_hours_say_ph_off():
    assert hours.is_open(HOURS, "52", ARMISTICE_MORNING) is False
    assert hours.is_open("Tu-Sa 10:00-18:00", "52", ARMISTICE_MORNING) is True


def test_unknown_or_unreadable_hours_are_neither_open_nor_closed():
    assert hours.is_open("", "52", ORDINARY_TUESDAY) is None
    assert hours.is_open("not hours at all", "52", ORDINARY_TUESDAY) is None
    assert public.opening_status("", "52", ORDINARY_TUESDAY).text == "Opening hours unknown"


def test_the_status_says_when_it_closes_today():
    status = public.opening_status(HOURS, "52", ORDINARY_TUESDAY)
    assert status.is_open is True
    assert status.text == "Open now, closes today at 18:00"


def test_the_status_on_a_public_holiday_says_when_it_opens_next():
    status = public.opening_status(HOURS, "52", ARMISTICE_MORNING)
    assert status.is_open is False
    assert status.text == "Closed now, opens tomorrow at 10:00"


def test_the_status_names_the_day_when_the_next_opening_is_further_away():
    sunday = datetime(2025, 11, 16, 12, 0, tzinfo=PARIS)
    assert public.opening_status(HOURS, "52", sunday).text == "Closed now, opens on Tuesday 18 November at 10:00"


def test_the_status_is_in_french_by_default():
    with translation.override("fr"):
        text = public.opening_status(HOURS, "52", datetime(2025, 11, 16, 12, 0, tzinfo=PARIS)).text
    assert text == "Fermé en ce moment, ouvre le mardi 18 novembre à 10:00"


def test_overseas_workshops_are_asked_in_their_own_time_zone():
    # 11:00 in Paris is 06:00 in Martinique: a workshop there is not open yet.
    assert hours.is_open("Mo-Fr 08:00-17:00", "02", ORDINARY_TUESDAY) is False
    assert hours.is_open("Mo-Fr 08:00-17:00", "52", ORDINARY_TUESDAY) is True


def test_the_week_in_words_lists_every_day():
    with time_machine.travel(ORDINARY_TUESDAY, tick=False):
        week = public.weekly_hours("Tu-Fr 14:00-19:00; Sa 10:00-12:00,14:00-18:00; PH off")
    assert [(line.day, line.text) for line in week] == [
        ("Monday", "closed"),
        ("Tuesday", "14:00–19:00"),
        ("Wednesday", "14:00–19:00"),
        ("Thursday", "14:00–19:00"),
        ("Friday", "14:00–19:00"),
        ("Saturday", "10:00–12:00, 14:00–18:00"),
        ("Sunday", "closed"),
    ]
    assert public.weekly_hours("") == []


def test_it_knows_when_hours_close_on_public_holidays():
    assert public.closed_on_public_holidays(HOURS)
    assert not public.closed_on_public_holidays("Tu-Sa 10:00-18:00")


def test_the_usual_week_is_the_next_one_and_a_caller_cannot_change_it_for_the_next():
    """hours.weekly is worked out once per expression and week (a process-wide memo): the week of
    Christmas and the first week of January differ, and what one caller does to its answer is its own."""
    expression = "Mo-Fr 10:00-18:00; PH off"
    paris = ZoneInfo("Europe/Paris")
    christmas_week = hours.weekly(expression, datetime(2026, 12, 16, 12, tzinfo=paris))  # 21–27 December
    assert christmas_week["Th"] == [("10:00", "18:00")] and christmas_week["Fr"] == []  # 25 December
    january = hours.weekly(expression, datetime(2026, 12, 28, 12, tzinfo=paris))  # 4–10 January
    assert january["Fr"] == [("10:00", "18:00")] and january["Sa"] == []
    christmas_week["Mo"].append(("00:00", "24:00"))
    assert hours.weekly(expression, datetime(2026, 12, 16, 12, tzinfo=paris))["Mo"] == [("10:00", "18:00")]
