"""The officials' own records: who may see which territory, and who exported what.

Both tables were created by the accounts app; they keep their names (`db_table`) so that moving
the models here moved no row.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
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
        db_table = "accounts_officialscope"
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
        db_table = "accounts_exportlog"
        ordering = ["-created_at"]
        verbose_name = _("export log entry")
        verbose_name_plural = _("export log")

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.user or '-'} {self.format}"
