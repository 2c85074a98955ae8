"""What the public reports about a workshop, and the log of every moderation decision."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ProblemReport(models.Model):
    class Kind(models.TextChoices):
        CLOSED = "closed", _("The workshop has closed")
        ADDRESS = "address", _("The address or the map position is wrong")
        HOURS = "hours", _("The opening hours are wrong")
        EQUIPMENT = "equipment", _("The equipment list is wrong")
        CONTACT = "contact", _("The contact details are wrong")
        DUPLICATE = "duplicate", _("It is listed twice")
        PHOTO = "photo", _("A photo should not be shown (rights, privacy, content)")
        OTHER = "other", _("Something else")

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        RESOLVED = "resolved", _("Resolved")
        DISMISSED = "dismissed", _("Dismissed")

    workshop = models.ForeignKey("workshops.Workshop", on_delete=models.CASCADE, related_name="problem_reports")
    kind = models.CharField(_("what is wrong"), max_length=12, choices=Kind.choices)
    message = models.TextField(_("details"), max_length=2000, blank=True)
    email = models.EmailField(
        _("your e-mail (optional)"), blank=True, help_text=_("Only to tell you what we did; never published.")
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN, db_index=True)
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True)
    # The page's language when it was reported: the answer is written in it.
    language = models.CharField(_("language"), max_length=7, choices=settings.LANGUAGES, blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("problem report")
        verbose_name_plural = _("problem reports")

    def __str__(self):
        return f"{self.workshop}: {self.get_kind_display()}"


class ModerationDecision(models.Model):
    """One decision by a moderator (or by the system), kept for the record."""

    class Subject(models.TextChoices):
        WORKSHOP = "workshop", _("Workshop")
        CLAIM = "claim", _("Claim")
        REPORT = "report", _("Problem report")
        REVERT = "revert", _("Revert")
        DUPLICATE = "duplicate", _("Possible duplicate")

    class Action(models.TextChoices):
        APPROVE = "approve", _("Approve")
        REJECT = "reject", _("Reject")
        MORE_INFO = "more_info", _("Ask for more information")
        RESOLVE = "resolve", _("Mark as resolved")
        DISMISS = "dismiss", _("Dismiss")
        REVERT = "revert", _("Revert to an earlier version")
        MERGE = "merge", _("Merge two workshops")
        KEEP_APART = "keep_apart", _("Keep two workshops apart")

    subject = models.CharField(_("subject"), max_length=10, choices=Subject.choices)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    reason = models.TextField(_("reason"), blank=True)
    workshop = models.ForeignKey(
        "workshops.Workshop", on_delete=models.SET_NULL, null=True, blank=True, related_name="moderation_decisions"
    )
    # Kept when the workshop is deleted, so that the log still says what the decision was about.
    workshop_name = models.CharField(_("workshop"), max_length=200)
    claim = models.ForeignKey(
        "workshops.ClaimRequest", on_delete=models.SET_NULL, null=True, blank=True, related_name="decisions"
    )
    report = models.ForeignKey(
        ProblemReport, on_delete=models.SET_NULL, null=True, blank=True, related_name="decisions"
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("decided at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("moderation decision")
        verbose_name_plural = _("moderation decisions")

    def __str__(self):
        return f"{self.get_action_display()} — {self.workshop_name}"


class AccessRequest(models.Model):
    """Someone asks to see a territory's dashboard as a regional official; staff grant or refuse it."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for a decision")
        GRANTED = "granted", _("Granted")
        REFUSED = "refused", _("Refused")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_requests")
    region = models.ForeignKey(
        "territories.Region", on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("region")
    )
    department = models.ForeignKey(
        "territories.Department", on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("department")
    )
    organisation = models.CharField(_("your organisation and role"), max_length=200)
    message = models.TextField(_("why you need it"), max_length=2000, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING, db_index=True)
    decision_reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("access request")
        verbose_name_plural = _("access requests")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(region__isnull=False, department__isnull=True)
                | models.Q(region__isnull=True, department__isnull=False),
                name="access_request_one_territory",
            )
        ]

    def __str__(self):
        return f"{self.user} — {self.region or self.department}"

    @property
    def territory(self):
        return self.region or self.department
