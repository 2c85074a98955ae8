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
        # Recorded with its sending: a mail server that fails leaves the workshop to the next run
        # (and the command fails, so the unit shows it), not marked reminded.
        try:
            with transaction.atomic():
                reminder = ProfileReminder.objects.create(workshop=workshop, confirmed_since=workshop.confirmed_since)
                reminder.recipients = send_to_users(
                    "manage/email/reminder",
                    [membership.user for membership in workshop.memberships.all()],
                    {"workshop": workshop, "link": absolute(reverse("manage:edit", args=[workshop.slug]))},
                )
                reminder.save(update_fields=["recipients"])
        except IntegrityError:  # another run reminded it a moment ago
            continue
        sent += 1
    return sent
