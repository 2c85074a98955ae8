from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ModerationDecision, ProblemReport

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


class ProblemReportForm(forms.ModelForm):
    class Meta:
        model = ProblemReport
        fields = ["kind", "message", "email"]
        widgets = {"kind": forms.RadioSelect, "message": forms.Textarea(attrs={"rows": 4})}
