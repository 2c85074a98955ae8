"""Opening hours in the OpenStreetMap syntax: open now, next change, a weekly summary."""

import re
from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext as _
from opening_hours import OpeningHours, ParserError

PARIS = ZoneInfo("Europe/Paris")
# Overseas regions live in other time zones; "open now" must be asked in the workshop's own.
REGION_TIMEZONES = {
    "01": ZoneInfo("America/Guadeloupe"),
    "02": ZoneInfo("America/Martinique"),
    "03": ZoneInfo("America/Cayenne"),
    "04": ZoneInfo("Indian/Reunion"),
    "06": ZoneInfo("Indian/Mayotte"),
}
WEEKDAYS = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")


def timezone_for_region(region_code: str | None) -> ZoneInfo:
    return REGION_TIMEZONES.get(region_code or "", PARIS)


@lru_cache(maxsize=4096)
def parse(expression: str) -> OpeningHours | None:
    if not expression:
        return None
    try:
        return OpeningHours(expression, country="FR")
    except (ParserError, SyntaxError, ValueError):
        return None


def local_now(region_code: str | None = None, at: datetime | None = None) -> datetime:
    """The wall-clock time (naive) at a workshop, from an aware instant (now by default)."""
    at = at or timezone.now()
    return at.astimezone(timezone_for_region(region_code)).replace(tzinfo=None)


def is_open(expression: str, region_code: str | None = None, at: datetime | None = None) -> bool | None:
    """True or False, or None when the hours are unknown or unreadable."""
    hours = parse(expression)
    if hours is None:
        return None
    when = local_now(region_code, at)
    if hours.is_unknown(when):
        return None
    return hours.is_open(when)


def next_change(expression: str, region_code: str | None = None, at: datetime | None = None) -> datetime | None:
    """When the workshop next opens or closes (local wall-clock time), None if never or unknown."""
    hours = parse(expression)
    if hours is None:
        return None
    change = hours.next_change(local_now(region_code, at))
    return change.replace(tzinfo=None) if change else None


def weekly(expression: str, at: datetime | None = None) -> dict[str, list[tuple[str, str]]]:
    """Opening intervals per weekday code for the week starting on the next Monday.

    The next full week is a fair picture of "usual" hours; a public holiday inside it shows up.
    """
    today = local_now(None, at).date()
    week = _week_from(expression, today + timedelta(days=(7 - today.weekday()) % 7 or 7))
    return {day: list(intervals) for day, intervals in week.items()}


@lru_cache(maxsize=4096)
def _week_from(expression: str, monday: date) -> dict[str, tuple[tuple[str, str], ...]]:
    """`weekly`, worked out once per process for each expression and week: a page of workshops
    shows a few dozen distinct hours, every page again (tuples: the memo is shared)."""
    hours = parse(expression)
    if hours is None:
        return dict.fromkeys(WEEKDAYS, ())
    result = {day: [] for day in WEEKDAYS}
    start_of_week = datetime.combine(monday, datetime.min.time())
    for start, end, state, _comments in hours.intervals(start_of_week, start_of_week + timedelta(days=7)):
        if str(state) != "open":
            continue
        start, end = start.replace(tzinfo=None), end.replace(tzinfo=None)
        # An interval running past midnight (e.g. Mo 20:00-02:00, or two days' hours merged) is
        # shown on each day it covers.
        while start < end:
            midnight = datetime.combine(start.date() + timedelta(days=1), datetime.min.time())
            piece_end = min(end, midnight)
            end_label = "24:00" if piece_end == midnight else piece_end.strftime("%H:%M")
            result[WEEKDAYS[start.weekday()]].append((start.strftime("%H:%M"), end_label))
            start = piece_end
    return {day: tuple(intervals) for day, intervals in result.items()}


_TIME_RANGE = re.compile(r"\b(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\b")


def slot_problems(expression: str) -> list[str]:
    """What a person surely did not mean in hours the syntax accepts: a slot that opens and closes
    at the same time ("Mo 09:00-09:00" reads as open until midnight), two slots of one rule that
    overlap ("Mo 09:00-13:00,12:00-18:00"). A slot closing before it opens is overnight: kept."""
    problems = []
    for rule in (expression or "").split(";"):
        slots = []
        for match in _TIME_RANGE.finditer(rule):
            opens, closes = int(match[1]) * 60 + int(match[2]), int(match[3]) * 60 + int(match[4])
            slot = f"{match[1]}:{match[2]}–{match[3]}:{match[4]}"
            if opens == closes:
                problems.append(
                    _("“%(rule)s”: %(slot)s opens and closes at the same time.") % {"rule": rule.strip(), "slot": slot}
                )
            elif opens < closes:
                slots.append((opens, closes, slot))
        slots.sort()
        for (_opens, closes, first), (next_opens, _closes, second) in zip(slots, slots[1:], strict=False):
            if next_opens < closes:
                problems.append(
                    _("“%(rule)s”: %(first)s and %(second)s overlap; make them one slot or correct one.")
                    % {"rule": rule.strip(), "first": first, "second": second}
                )
    return problems
