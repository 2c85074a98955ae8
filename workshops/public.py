"""What the public pages say about a workshop, as plain data: hours in words, freshness, schema.org."""

import json
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from urllib.parse import urlencode

from django.core.exceptions import FieldDoesNotExist
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.dates import WEEKDAYS as WEEKDAY_NAMES
from django.utils.formats import date_format, number_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import hours
from .models import Workshop
from .search import sort_key
from .vocabularies import LIST_VOCABULARIES, EquipmentCategory, LocationPrecision

STALE_AFTER_MONTHS = 12
SCHEMA_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# json.dumps leaves these as they are; inside a <script> element they could close it.
SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@dataclass(frozen=True)
class OpeningStatus:
    is_open: bool | None  # None: unknown
    text: str


@dataclass(frozen=True)
class DayHours:
    day: str
    text: str
    closed: bool


def _when(change: datetime, now_local: datetime) -> str:
    time = change.strftime("%H:%M")
    days = (change.date() - now_local.date()).days
    if days == 0:
        return _("today at %(time)s") % {"time": time}
    if days == 1:
        return _("tomorrow at %(time)s") % {"time": time}
    return _("on %(date)s at %(time)s") % {"date": date_format(change, "l j F"), "time": time}


def opening_status(expression: str, region_code: str | None, at: datetime | None = None) -> OpeningStatus:
    """In words: "Open now, closes today at 18:00" or "Closed now, opens on Wednesday 12 November at 10:00"."""
    state = hours.is_open(expression, region_code, at)
    if state is None:
        return OpeningStatus(None, _("Opening hours unknown"))
    change = hours.next_change(expression, region_code, at)
    now_local = hours.local_now(region_code, at)
    if state:
        text = _("Open now, closes %(when)s") % {"when": _when(change, now_local)} if change else _("Open now")
    else:
        text = _("Closed now, opens %(when)s") % {"when": _when(change, now_local)} if change else _("Closed now")
    return OpeningStatus(state, text)


def weekly_hours(expression: str, at: datetime | None = None) -> list[DayHours]:
    """One line per weekday, in words; empty when the hours are unknown or unreadable."""
    if hours.parse(expression) is None:
        return []
    week = hours.weekly(expression, at)
    lines = []
    for index, code in enumerate(hours.WEEKDAYS):
        intervals = week[code]
        text = ", ".join(f"{start}–{end}" for start, end in intervals) if intervals else _("closed")
        lines.append(DayHours(day=str(WEEKDAY_NAMES[index]), text=text, closed=not intervals))
    return lines


def hours_in_words(expression: str) -> str:
    """The usual week in one line a person reads: "lundi – vendredi : 09:00–17:30 · samedi : 10:00–12:00".

    Consecutive days with the same hours are grouped; public holidays are said when closed;
    empty when the hours are unknown or unreadable.
    """
    week = weekly_hours(expression)
    if not week:
        return ""
    parts = []
    index = 0
    while index < len(week):
        end = index
        while end + 1 < len(week) and week[end + 1].text == week[index].text:
            end += 1
        if not week[index].closed:
            days = week[index].day if end == index else f"{week[index].day} – {week[end].day}"
            parts.append(_("%(days)s: %(hours)s") % {"days": days, "hours": week[index].text})
        index = end + 1
    if not parts:
        return _("closed every day")
    if closed_on_public_holidays(expression):
        parts.append(_("closed on public holidays"))
    return " · ".join(parts)


def today_index(region_code: str | None, at: datetime | None = None) -> int:
    """Today's weekday (0 = Monday) at the workshop."""
    return hours.local_now(region_code, at).weekday()


def approximately_located(workshop) -> bool:
    """Placed at its commune only (its address was not found, or not given): its marker and the
    distances to it say where the commune is, not the door."""
    return workshop.location_precision == LocationPrecision.COMMUNE


def value_in_words(model, name: str, value) -> str:
    """A profile's value as its forms say it, in the page's language: a choice's label (each of a
    list's), a related row's name, yes/no, a number written as the language writes it ("1,5",
    "12 000" in French); "" when there is none. For the history and the questionnaire's changes."""
    if value is None or value == "" or value == []:
        return ""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:  # a field removed since the value was recorded
        return str(value)
    vocabulary = LIST_VOCABULARIES.get(name) if model is Workshop else None
    if vocabulary is not None:
        choices = dict(vocabulary.choices)
    else:
        choices = {str(key): label for key, label in field.flatchoices} if field.choices else {}
    if isinstance(value, list | tuple):
        return ", ".join(str(choices.get(str(item), item)) for item in value)
    if choices:
        return str(choices.get(str(value), value))
    if isinstance(value, models.Model):
        return str(value)
    if field.is_relation:
        related = field.related_model.objects.filter(pk=value).first()
        return str(related) if related is not None else str(value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int | float | Decimal):
        return number_format(value, force_grouping=True)
    return str(value)


def in_category_order(items, label=lambda kind: kind.label, category=lambda kind: kind.category) -> list:
    """Machine types (or machines: `label` names each, `category` gives its category) as people
    look for them: the categories in EquipmentCategory's order (3D printing first, "Other" last, in
    every language), then by name, accents and case ignored."""
    rank = {code: index for index, code in enumerate(EquipmentCategory.values)}
    return sorted(items, key=lambda item: (rank.get(category(item), len(rank)), sort_key(str(label(item)))))


def map_point(workshop) -> dict | None:
    """A workshop's own map (its page, its review): its marker, paler when it is placed at its
    commune only, as on the directory's maps; None when it has no position."""
    if workshop.latitude is None or workshop.longitude is None:
        return None
    return {
        "lat": workshop.latitude,
        "lon": workshop.longitude,
        "name": workshop.name,
        "approximate": approximately_located(workshop),
    }


def distance_in_words(km: float, approximate: bool = False) -> str:
    """A distance as a visitor reads it: "less than 100 m", "400 m", "2.5 km"; to or from a workshop
    placed only at its commune, "about 3 km" (its position is not better than a kilometre)."""
    if approximate:
        return _("about %(distance)s km") % {"distance": number_format(max(1, int(km + 0.5)))}
    metres = int(km * 10 + 0.5) * 100
    if metres < 100:
        return _("less than 100 m")
    if metres < 1000:
        return _("%(distance)s m") % {"distance": number_format(metres)}
    return _("%(distance)s km") % {"distance": floatformat(km, 1)}  # rounded half up, as written


def directions_url(latitude: float | None, longitude: float | None, address: str, by_address: bool = False) -> str:
    """A route to the workshop on OpenStreetMap (the visitor's start left to choose); by address
    without a position, or `by_address` (a street given, a position that is only the commune's)."""
    if latitude is not None and longitude is not None and not (by_address and address.strip()):
        return f"https://www.openstreetmap.org/directions?route=%3B{latitude:.5f}%2C{longitude:.5f}"
    if address.strip():
        return "https://www.openstreetmap.org/search?" + urlencode({"query": address.strip()})
    return ""


def closed_on_public_holidays(expression: str) -> bool:
    return "PH off" in (expression or "") or "PH closed" in (expression or "")


def _months_between(earlier: datetime, later: datetime) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month - (later.day < earlier.day)


def freshness(verified_at: datetime | None, created_at: datetime, now: datetime | None = None) -> str:
    """ "Profile confirmed on 3 March 2025" or "Profile not confirmed for 14 months"."""
    now = now or timezone.now()
    if verified_at is not None:
        months = _months_between(verified_at, now)
        if months < STALE_AFTER_MONTHS:
            return _("Profile confirmed by its managers on %(date)s") % {
                "date": date_format(timezone.localtime(verified_at), "DATE_FORMAT")
            }
    else:
        months = _months_between(created_at, now)
        if months < 1:
            return _("Profile not confirmed by its managers yet")
    return ngettext(
        "Profile not confirmed by its managers for %(months)d month",
        "Profile not confirmed by its managers for %(months)d months",
        months,
    ) % {"months": months}


def local_business(workshop, url: str, images=()) -> dict:
    """schema.org LocalBusiness for search engines; only what the managers said (and their photos' URLs)."""
    data = {"@context": "https://schema.org", "@type": "LocalBusiness", "name": workshop.name, "url": url}
    if images:
        data["image"] = list(images)
    if workshop.summary or workshop.description:
        data["description"] = workshop.summary or workshop.description[:500]
    address = {"@type": "PostalAddress", "addressCountry": "FR"}
    if workshop.street:
        address["streetAddress"] = workshop.street
    if workshop.postal_code:
        address["postalCode"] = workshop.postal_code
    if workshop.commune_id:
        address["addressLocality"] = workshop.commune.name
    if workshop.region_id:
        address["addressRegion"] = workshop.region.name
    data["address"] = address
    if workshop.latitude is not None and not approximately_located(workshop):  # not the town hall's pin
        data["geo"] = {"@type": "GeoCoordinates", "latitude": workshop.latitude, "longitude": workshop.longitude}
    for key, value in (("telephone", workshop.phone), ("email", workshop.email), ("sameAs", workshop.website)):
        if value:
            data[key] = value
    if hours.parse(workshop.opening_hours) is not None:
        week = hours.weekly(workshop.opening_hours)
        data["openingHoursSpecification"] = [
            {"@type": "OpeningHoursSpecification", "dayOfWeek": SCHEMA_DAYS[i], "opens": start, "closes": end}
            for i, code in enumerate(hours.WEEKDAYS)
            for start, end in week[code]
        ]
    return data


def json_ld(data: dict):
    """A <script type="application/ld+json"> element that no value can break out of."""
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')  # noqa: S308 -- escaped above
