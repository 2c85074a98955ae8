from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AccessRequest, ModerationDecision, ProblemReport

Action = ModerationDecision.Action
NEEDS_REASON = {Action.REJECT, Action.MORE_INFO}


class DecisionForm(forms.Form):
    """Approve, reject or ask for more; a reason is required unless approving."""

    ACTIONS = [Action.APPROVE, Action.REJECT, Action.MORE_INFO]

    action = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason (sent by e-mail)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [(a.value, a.label) for a in self.ACTIONS]

    def clean(self):
        data = super().clean()
        if data.get("action") in NEEDS_REASON and not data.get("reason", "").strip():
            self.add_error("reason", _("Say why: the reason is sent to the people concerned."))
        return data


class DuplicateDecisionForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[
            ("keep_first", _("Same place: merge, keeping the first")),
            ("keep_second", _("Same place: merge, keeping the second")),
            ("keep_apart", _("Two places: keep them apart")),
        ],
    )
    reason = forms.CharField(label=_("Note for the log"), required=False, max_length=2000)


class ReportDecisionForm(DecisionForm):
    ACTIONS = [Action.RESOLVE, Action.DISMISS]


class ReportsDecisionForm(ReportDecisionForm):
    """One decision on the open reports about a workshop that the queue showed: a report sent since,
    which the moderator has not read, is not decided with them."""

    reports = forms.ModelMultipleChoiceField(
        queryset=ProblemReport.objects.none(),
        widget=forms.MultipleHiddenInput,
        error_messages={"invalid_choice": _("One of these reports was decided meanwhile: look at the queue again.")},
    )

    def __init__(self, *args, workshop, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reports"].queryset = workshop.problem_reports.filter(state=ProblemReport.State.OPEN)


class ProblemReportForm(forms.ModelForm):
    class Meta:
        model = ProblemReport
        fields = ["kind", "message", "email"]
        widgets = {"kind": forms.RadioSelect, "message": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, has_photos=True, managed=False, **kwargs):
        super().__init__(*args, **kwargs)
        # Who reads the visitor's words (moderation.reports.file_report sends them to the managers).
        self.fields["message"].help_text = (
            _("Sent to the workshop's managers and read by the moderators: never published.")
            if managed
            else _("Read by the moderators: never published.")
        )
        # A required radio list without the model form's empty "---------" choice: nothing is
        # ticked until the person chooses; a photo is reported only where there is one.
        self.fields["kind"].choices = [
            (value, label)
            for value, label in ProblemReport.Kind.choices
            if has_photos or value != ProblemReport.Kind.PHOTO
        ]

    def clean(self):
        data = super().clean()
        if data.get("kind") == ProblemReport.Kind.OTHER and not (data.get("message") or "").strip():
            self.add_error(
                "message", _("Say what is wrong: “Something else” alone gives the managers nothing to correct.")
            )
        return data


class AccessRequestForm(forms.ModelForm):
    """Which territory, and who is asking; exactly one of a region or a department."""

    class Meta:
        model = AccessRequest
        fields = ["region", "department", "organisation", "message"]
        labels = {"region": _("Region"), "department": _("or a department")}
        help_texts = {
            "organisation": _("E.g. “Région Pays de la Loire, digital inclusion officer”."),
            "message": _("Optional: what you will use the dashboard for."),
        }
        widgets = {"message": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].empty_label = _("Choose a region")
        self.fields["department"].empty_label = _("Choose a department")
        self.fields["department"].label_from_instance = lambda d: f"{d.code} — {d.name}"

    def clean(self):
        data = super().clean()
        if bool(data.get("region")) == bool(data.get("department")):
            self.add_error("region", _("Choose one region, or one department."))
        return data


class AccessDecisionForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Decision"),
        choices=[("grant", _("Grant the access")), ("refuse", _("Refuse"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("Reason (sent by e-mail)"), required=False, max_length=2000)

    def clean(self):
        data = super().clean()
        if data.get("action") == "refuse" and not data.get("reason", "").strip():
            self.add_error("reason", _("Say why: the reason is sent to the people concerned."))
        return data
