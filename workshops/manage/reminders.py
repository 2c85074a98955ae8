"""Reminding managers to confirm a profile they have not confirmed for eleven months.

Safe to run every day: a reminder is recorded per workshop and per confirmation date, so each
stale period gets one reminder, and the next only comes eleven months after the next confirmation.
"""

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from accounts.emails import send_to_users
from afn_directory.links import absolute
from workshops.models import Membership, ProfileReminder, Workshop

from .progress import CONFIRM_EVERY


def due(now=None):
    """Published workshops with managers whose profile was last confirmed (or created) too long ago."""
    now = now or timezone.now()
    reminded = ProfileReminder.objects.filter(workshop=OuterRef("pk"), confirmed_since=OuterRef("confirmed_since"))
    return (
        Workshop.objects.published()
        .filter(Exists(Membership.objects.filter(workshop=OuterRef("pk"))))
        .annotate(confirmed_since=Coalesce("verified_at", "created_at"))
        .filter(confirmed_since__lt=now - CONFIRM_EVERY)
        .exclude(Exists(reminded))
    )


def send_reminders(now=None) -> int:
    """Send the due reminders; returns how many workshops were reminded."""
    sent = 0
    for workshop in due(now).prefetch_related("memberships__user"):
        link = absolute(reverse("manage:edit", args=[workshop.slug]))
        reminder = ProfileReminder(workshop=workshop, confirmed_since=workshop.confirmed_since)
        if mail_managers_once(reminder, "manage/email/reminder", {"workshop": workshop, "link": link}):
            sent += 1
    return sent


def mail_managers_once(record, template: str, context: dict) -> bool:
    """Keep `record` — a reminder, an invitation: unique per workshop and period, with a count of
    `recipients` — and send `template` to its workshop's managers, each in their language, in one
    transaction. A record another run already kept sends nothing (False); a mail server that fails
    keeps nothing, and raises: the workshop is left to the next run, and the command fails, so the
    unit shows it."""
    try:
        with transaction.atomic():
            record.save()
            managers = [membership.user for membership in record.workshop.memberships.all()]
            record.recipients = send_to_users(template, managers, context)
            record.save(update_fields=["recipients"])
    except IntegrityError:  # another run sent it a moment ago
        return False
    return True
