"""The response forms: the fixed fields (consent, honeypot, submission key) as a Django form, and
the questionnaire's questions laid out for the templates from the engine's schema."""

import json

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import engine

FIELD_PREFIX = "q_"


class UserSurveyForm(forms.Form):
    consent = forms.BooleanField(
        label=_("I agree that my anonymous answers are stored and used as described above."),
        error_messages={"required": _("Please agree to the processing of your answers before sending them.")},
    )
    # The honeypot: hidden from people (and from assistive technology), filled by robots.
    website = forms.CharField(required=False, label=_("Leave this field empty"))
    # Missing (an odd client): the view makes one up, losing only the double-click protection.
    submission_key = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)


class ConfirmProfileForm(forms.Form):
    """The manager's confirmation of the profile changes their answers imply."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


def script_messages() -> dict:
    """The strings survey.js shows, translated (passed with json_script)."""
    return {
        "step": gettext("Step %(n)s of %(total)s"),
        "required": gettext("This question is required."),
        "required_multiple": gettext("Choose at least one answer."),
        "consent": gettext("Please agree to the processing of your answers before sending them."),
        "number": gettext("Enter a number, e.g. 12 or 2.5."),
        "min": gettext("Enter a number of at least %(min)s."),
        "max": gettext("Enter a number of at most %(max)s."),
        "exclusive": gettext(
            "The answer “%(choice)s” excludes the other answers to “%(question)s”: untick one or the other."
        ),
        "sending": gettext("Sending…"),
        "one_step": gettext("Show one group of questions at a time"),
        "all_steps": gettext("Show all questions at once"),
    }


def raw_answers(schema: list[dict], data) -> dict:
    """The posted answers (code → list of strings) from a QueryDict."""
    return {question["code"]: data.getlist(FIELD_PREFIX + question["code"]) for question in schema}


def _selected(value) -> list[str]:
    """A clean answer as the strings the form inputs carry."""
    if value is None:
        return []
    if isinstance(value, bool):
        return ["yes" if value else "no"]
    if isinstance(value, list):
        return [str(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return [str(int(value))]
    return [str(value)]


def _condition_text(rule: dict, by_code: dict) -> str:
    source = by_code.get(rule["question"])
    if source is None:
        return ""
    labels = {c["code"]: c["label"] for c in source["choices"]}
    labels.update({"yes": gettext("Yes"), "no": gettext("No")})
    if "answered" in rule:
        return gettext("Only if you answered “%(question)s”.") % {"question": source["text"]}
    values = rule.get("in") or [rule.get("equals", rule.get("not_equals"))]
    answer = " / ".join(labels.get(str(v), str(v)) for v in values)
    if "not_equals" in rule:
        return gettext("Only if you did not answer “%(answer)s” to “%(question)s”.") % {
            "answer": answer,
            "question": source["text"],
        }
    return gettext("Only if you answered “%(answer)s” to “%(question)s”.") % {
        "answer": answer,
        "question": source["text"],
    }


def layout(schema: list[dict], *, values: dict | None = None, raw: dict | None = None, errors=None) -> list[dict]:
    """Sections of questions ready to render: each question with its input name, what is
    selected (from the posted `raw` answers, else from clean `values`), its error and its
    show-if rule (as JSON for survey.js, and as a sentence for readers without scripts)."""
    values, errors = values or {}, errors or {}
    by_code = {question["code"]: question for question in schema}
    sections: list[dict] = []
    for question in schema:
        if not sections or sections[-1]["id"] != question["section_id"]:
            sections.append({"id": question["section_id"], "title": question["section"], "questions": []})
        code = question["code"]
        selected = [v for v in raw[code] if v] if raw is not None else _selected(values.get(code))
        rule = question.get("show_if")
        sections[-1]["questions"].append(
            {
                **question,
                "choices": [
                    {
                        **choice,
                        "exclusive": question["type"] == "multiple" and choice["code"] in engine.EXCLUSIVE_CHOICES,
                    }
                    for choice in question.get("choices", [])
                ],
                "name": FIELD_PREFIX + code,
                "selected": selected,
                "value": selected[0] if selected else "",
                "error": errors.get(code, ""),
                "show_if_json": json.dumps(rule) if rule else "",
                "condition": _condition_text(rule, by_code) if rule else "",
                "scale": [str(n) for n in range(1, 6)],
            }
        )
    return sections
