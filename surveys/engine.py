"""The questionnaire engine: validation of answers and show-if rules, on plain data.

A questionnaire's schema is a list of question specs (dicts, see `Question.as_spec`) with
`code`, `type`, `choices` ([{"code", "label"}]), `required`, `min`, `max` and an optional
`show_if` rule on an earlier answer:

    {"question": "situation", "equals": "student"}
    {"question": "machines", "in": ["laser", "cnc"]}      # any of these (one of several for multiple choice)
    {"question": "employed", "not_equals": "yes"}
    {"question": "comment", "answered": true}

A question whose rule does not hold is hidden: it is neither required nor stored. A rule on a
question that is itself hidden or unanswered does not hold.

A multiple choice question's "none" choice (see EXCLUSIVE_CHOICES) contradicts every other one:
it is only accepted alone.
"""

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext

SHORT_TEXT_MAX = 200
LONG_TEXT_MAX = 2000
SCALE = range(1, 6)
CHOICE_TYPES = ("single", "multiple")
TYPES = ("single", "multiple", "scale", "number", "short_text", "long_text", "yes_no")
RULE_OPERATORS = ("equals", "not_equals", "in", "answered")
# Choice codes that mean "none of these": chosen with another choice, the answer contradicts itself
# (survey.js checks it too, on the inputs marked data-exclusive).
EXCLUSIVE_CHOICES = ("none",)


def _comparable(value):
    """Answers as strings for comparison with a rule's values ("yes"/"no" for booleans)."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return [_comparable(v) for v in value]
    return str(value)


def rule_holds(rule: dict | None, answers: dict) -> bool:
    if not rule:
        return True
    value = answers.get(rule["question"])
    if value is None or value == [] or value == "":
        return False
    if "answered" in rule:
        return bool(rule["answered"])
    given = _comparable(value)
    given = given if isinstance(given, list) else [given]
    if "equals" in rule:
        return _comparable(rule["equals"]) in given
    if "not_equals" in rule:
        return _comparable(rule["not_equals"]) not in given
    return any(_comparable(v) in given for v in rule["in"])


def visible_codes(schema: list[dict], answers: dict) -> list[str]:
    """The codes of the questions shown, given the (clean) answers so far, in order."""
    return [question["code"] for question in schema if rule_holds(question.get("show_if"), answers)]


def _is_blank(values: list[str]) -> bool:
    return not any(str(v).strip() for v in values)


def _number(text: str) -> Decimal:
    try:
        number = Decimal(text.strip().replace(" ", "").replace("\u202f", "").replace(",", "."))
    except InvalidOperation:
        raise ValueError(gettext("Enter a number, e.g. 12 or 2.5.")) from None
    if not number.is_finite():
        raise ValueError(gettext("Enter a number, e.g. 12 or 2.5."))
    return number


def _clean_one(question: dict, values: list[str]):
    """The clean value of one answered question; ValueError with a message otherwise."""
    kind = question["type"]
    codes = [c["code"] for c in question.get("choices", [])]
    if kind == "multiple":
        chosen = [v for v in values if v]
        unknown = [v for v in chosen if v not in codes]
        if unknown:
            raise ValueError(gettext("“%(value)s” is not one of the proposed answers.") % {"value": unknown[0]})
        chosen = [code for code in codes if code in chosen]
        exclusive = next((code for code in chosen if code in EXCLUSIVE_CHOICES), None)
        if exclusive and len(chosen) > 1:
            label = next(c["label"] for c in question["choices"] if c["code"] == exclusive)
            raise ValueError(
                gettext(
                    "The answer “%(choice)s” excludes the other answers to “%(question)s”: untick one or the other."
                )
                % {"choice": label, "question": question.get("text", question["code"])}
            )
        return chosen
    if len([v for v in values if str(v).strip()]) > 1:
        raise ValueError(gettext("Give only one answer."))
    text = next(str(v) for v in values if str(v).strip()).strip()
    if kind == "single":
        if text not in codes:
            raise ValueError(gettext("“%(value)s” is not one of the proposed answers.") % {"value": text})
        return text
    if kind == "yes_no":
        if text not in ("yes", "no"):
            raise ValueError(gettext("Answer yes or no."))
        return text == "yes"
    if kind == "scale":
        if text not in {str(n) for n in SCALE}:
            raise ValueError(gettext("Choose a value from 1 to 5."))
        return int(text)
    if kind == "number":
        number = _number(text)
        low, high = question.get("min"), question.get("max")
        if low is not None and number < Decimal(str(low)):
            raise ValueError(gettext("Enter a number of at least %(min)s.") % {"min": _plain(low)})
        if high is not None and number > Decimal(str(high)):
            raise ValueError(gettext("Enter a number of at most %(max)s.") % {"max": _plain(high)})
        return int(number) if number == number.to_integral_value() else float(round(number, 2))
    limit = SHORT_TEXT_MAX if kind == "short_text" else LONG_TEXT_MAX
    if len(text) > limit:
        raise ValueError(
            gettext("Keep it under %(limit)d characters (this answer has %(length)d).")
            % {"limit": limit, "length": len(text)}
        )
    return text


def _plain(number) -> str:
    number = Decimal(str(number))
    return str(int(number)) if number == number.to_integral_value() else str(number.normalize())


def validate(schema: list[dict], raw: dict) -> tuple[dict, dict]:
    """Clean the raw answers (code → list of strings, as posted) against the schema.

    Returns (answers, errors): answers keyed by code with clean values (str, list, int, float,
    bool), hidden and blank optional questions left out; errors keyed by code with a message.
    """
    answers, errors = {}, {}
    for question in schema:
        if not rule_holds(question.get("show_if"), answers):
            continue
        values = raw.get(question["code"], [])
        values = [values] if isinstance(values, str) else list(values)
        if _is_blank(values):
            if question.get("required"):
                errors[question["code"]] = (
                    gettext("Choose at least one answer.")
                    if question["type"] == "multiple"
                    else gettext("This question is required.")
                )
            continue
        try:
            answers[question["code"]] = _clean_one(question, values)
        except ValueError as exc:
            errors[question["code"]] = str(exc)
    return answers, errors


def check_schema(schema: list[dict]) -> list[str]:
    """Authoring mistakes in a schema, each naming the question: empty when it is sound."""
    problems, seen = [], {}
    for question in schema:
        code, kind = question["code"], question["type"]
        if code in seen:
            problems.append(f"{code}: the code is used twice")
        if kind not in TYPES:
            problems.append(f"{code}: unknown type “{kind}”")
        choice_codes = [c["code"] for c in question.get("choices", [])]
        if kind in CHOICE_TYPES and not choice_codes:
            problems.append(f"{code}: a {kind} choice question needs choices")
        if len(set(choice_codes)) != len(choice_codes):
            problems.append(f"{code}: a choice code is used twice")
        low, high = question.get("min"), question.get("max")
        if low is not None and high is not None and Decimal(str(low)) > Decimal(str(high)):
            problems.append(f"{code}: the minimum is above the maximum")
        rule = question.get("show_if")
        if rule:
            if rule.get("question") not in seen:
                problems.append(f"{code}: show-if refers to “{rule.get('question')}”, which is not an earlier question")
            operators = [op for op in RULE_OPERATORS if op in rule]
            if len(operators) != 1:
                problems.append(f"{code}: show-if needs exactly one of {', '.join(RULE_OPERATORS)}")
        seen[code] = question
    return problems
