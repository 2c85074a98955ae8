import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OfficialScope(models.Model):
    """Gives a regional official the workshops of one region or one department."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="official_scopes")
    region = models.ForeignKey(
        "territories.Region", on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("region")
    )
    department = models.ForeignKey(
        "territories.Department", on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("department")
    )
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("official scope")
        verbose_name_plural = _("official scopes")
        constraints = [
            models.CheckConstraint(
                condition=Q(region__isnull=False, department__isnull=True)
                | Q(region__isnull=True, department__isnull=False),
                name="official_scope_one_territory",
            )
        ]

    def __str__(self):
        return f"{self.user} — {self.region or self.department}"

    def clean(self):
        if bool(self.region_id) == bool(self.department_id):
            raise ValidationError(_("Choose either a region or a department."))


def _new_token():
    return secrets.token_urlsafe(32)


class ManagerInvitation(models.Model):
    """A workshop's manager invites someone, by e-mail, to manage it with them."""

    VALID_DAYS = 14

    workshop = models.ForeignKey("workshops.Workshop", on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail"))
    role = models.CharField(
        _("role"), max_length=10, choices=[("owner", _("Owner")), ("editor", _("Editor"))], default="editor"
    )
    token = models.CharField(max_length=64, unique=True, default=_new_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("manager invitation")
        verbose_name_plural = _("manager invitations")

    def __str__(self):
        return f"{self.email} → {self.workshop}"

    @property
    def expired(self):
        return self.created_at < timezone.now() - timedelta(days=self.VALID_DAYS)


class ProfileReminder(models.Model):
    """A reminder sent to a workshop's managers to confirm a profile left unconfirmed.

    One per workshop and per confirmation date: running the reminder command again sends nothing
    new until the managers confirm (a new `confirmed_since`) and that ages in turn.
    """

    workshop = models.ForeignKey("workshops.Workshop", on_delete=models.CASCADE, related_name="reminders")
    confirmed_since = models.DateTimeField(_("profile unconfirmed since"))
    recipients = models.PositiveSmallIntegerField(_("recipients"), default=0)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("profile reminder")
        verbose_name_plural = _("profile reminders")
        constraints = [
            models.UniqueConstraint(fields=["workshop", "confirmed_since"], name="one_reminder_per_confirmation")
        ]

    def __str__(self):
        return f"{self.workshop} ({self.sent_at:%Y-%m-%d})"


class ExportLog(models.Model):
    """Who exported which workshops, when, in what format: private data leaves a trace."""

    class Via(models.TextChoices):
        PAGE = "page", _("Dashboard")
        API = "api", _("API")
        COMMAND = "command", _("Command line")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="export_logs",
        verbose_name=_("user"),
    )
    created_at = models.DateTimeField(_("exported at"), auto_now_add=True, db_index=True)
    format = models.CharField(_("format"), max_length=20)
    via = models.CharField(_("via"), max_length=10, choices=Via.choices)
    filters = models.JSONField(_("filters"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("export log entry")
        verbose_name_plural = _("export log")

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.user or '-'} {self.format}"
