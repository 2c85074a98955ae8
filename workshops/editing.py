"""Saving a workshop's profile without silently overwriting someone else's change.

Every save of a profile goes through `save_profile`: it compares the version the editor started
from with the stored one, refuses a stale edit with the current values, and otherwise saves,
bumps `version` and records who changed what in the history.
"""

from dataclasses import dataclass

from django.db import transaction

from .models import Workshop

MAX_VERSION = 2_147_483_647  # the largest value of the integer column (PostgreSQL's integer)


@dataclass
class StaleVersion(Exception):
    """The workshop changed since the editor loaded it."""

    current: Workshop
    changed_fields: list[str]

    def __str__(self):
        return f"version {self.current.version} is newer; changed: {', '.join(self.changed_fields)}"


def save_profile(workshop: Workshop, changes: dict, *, expected_version: int, user=None, reason: str = "") -> Workshop:
    """Apply `changes` (field → value) to `workshop` if nobody saved it since `expected_version`.

    Runs full_clean (ValidationError on bad values; nothing is written then) and returns the
    saved workshop with its new version. Raises StaleVersion with the current row otherwise.
    """
    if not 0 < expected_version < MAX_VERSION:
        # No row holds such a version, and the column could not hold one more: stale, not a 500.
        current = Workshop.objects.get(pk=workshop.pk)
        raise StaleVersion(current=current, changed_fields=[])
    with transaction.atomic():
        # Compare-and-swap on the version: atomic on SQLite and PostgreSQL alike.
        claimed = Workshop.objects.filter(pk=workshop.pk, version=expected_version).update(version=expected_version + 1)
        current = Workshop.objects.get(pk=workshop.pk)
        if not claimed:
            changed = [
                field for field, value in changes.items() if getattr(current, field) != getattr(workshop, field, value)
            ]
            raise StaleVersion(current=current, changed_fields=changed)
        for field, value in changes.items():
            setattr(current, field, value)
        current.full_clean()
        if user is not None and user.is_authenticated:
            current._history_user = user
        if reason:
            current._change_reason = reason
        current.save()
    return current
