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
