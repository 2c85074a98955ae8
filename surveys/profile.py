"""From a manager questionnaire to the workshop's profile, and back (plain functions).

Questions with a `profile_field` update that field of the workshop, and only once the manager
has seen the differences and confirmed them (the view then calls `workshops.editing.save_profile`,
which keeps the version counter and the history).
"""

from decimal import Decimal

from django.utils.translation import gettext

from workshops.models import REVENUE_FIELDS, Workshop
from workshops.public import value_in_words
from workshops.vocabularies import LIST_VOCABULARIES

DECIMAL_FIELDS = {"staff_fte"}
LIST_FIELDS = set(LIST_VOCABULARIES)


def initial_answers(schema: list[dict], workshop: Workshop) -> dict:
    """Prefill: the workshop's current values for the questions that map to its profile."""
    initial = {}
    for question in schema:
        field = question.get("profile_field")
        if not field:
            continue
        value = getattr(workshop, field)
        if value in (None, "", []):
            continue
        initial[question["code"]] = float(value) if isinstance(value, Decimal) else value
    return initial


def profile_changes(schema: list[dict], answers: dict) -> dict:
    """Workshop field → new value, for the answered questions that map to the profile."""
    changes = {}
    for question in schema:
        field = question.get("profile_field")
        if not field or question["code"] not in answers:
            continue
        value = answers[question["code"]]
        if field in DECIMAL_FIELDS:
            value = Decimal(str(value)).quantize(Decimal("0.1"))
        elif isinstance(value, float) and field not in LIST_FIELDS:
            value = int(value)
        changes[field] = value
    return changes


def cross_check(answers: dict) -> dict:
    """Errors that involve several answers, keyed by the question to show them on."""
    total = sum(answers.get(field) or 0 for field in REVENUE_FIELDS)
    if total > 100:
        return {
            "revenue_private_pct": gettext("The three revenue shares add up to %(total)s%%; they cannot exceed 100%%.")
            % {"total": total}
        }
    return {}


def _display(field: str, value) -> str:
    return value_in_words(Workshop, field, value) or gettext("unknown")


def differences(workshop: Workshop, changes: dict) -> list[dict]:
    """The fields whose value would change, with their name and both values as text."""
    rows = []
    for field, new in changes.items():
        old = getattr(workshop, field)
        same = sorted(old or []) == sorted(new or []) if field in LIST_FIELDS else old == new
        if not same:
            rows.append(
                {
                    "field": field,
                    "name": Workshop._meta.get_field(field).verbose_name,
                    "old": _display(field, old),
                    "new": _display(field, new),
                }
            )
    return rows
