"""Survey aggregates for managers (their workshop) and officials (a territory).

Small-number protection: any aggregate over fewer than MIN_RESPONSES responses is hidden
(`hidden=True`, figures set to None), so that no respondent can be singled out. Answers are
grouped by stable question codes, so responses to every version of a questionnaire add up.

For a territory, pass any queryset of workshops (e.g. `Workshop.objects.in_region("52")`):

    territory_summary(workshops, by="archetype")          # or "department", "region", "period"
    territory_results(workshops, audience="user")          # per-question counts and percentages
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import chain
from statistics import mean, median

import orjson
from django.db.models import F, TextField
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Coalesce, TruncQuarter, TruncYear
from django.utils.translation import gettext

from territories.models import Department, Region
from workshops.vocabularies import Archetype

from .models import Audience, Questionnaire, Response

MIN_RESPONSES = 5
SATISFACTION = "satisfaction"
GROUPINGS = ("archetype", "department", "region", "period")


@dataclass
class ChoiceCount:
    code: str
    label: str
    count: int
    percent: float


@dataclass
class QuestionResult:
    code: str
    text: str
    type: str
    section: str
    answered: int | None
    hidden: bool
    choices: list[ChoiceCount] = field(default_factory=list)
    mean: float | None = None
    median: float | None = None
    texts: list[str] = field(default_factory=list)


@dataclass
class Results:
    total: int
    hidden: bool
    questions: list[QuestionResult]
    threshold: int = MIN_RESPONSES


@dataclass
class Group:
    key: object
    label: str
    responses: int | None
    workshops: int | None
    satisfaction: float | None
    hidden: bool


def question_frame(questionnaire_ids) -> list[dict]:
    """The questions of the answered versions, latest first; a code appears once."""
    versions = Questionnaire.objects.filter(pk__in=set(questionnaire_ids)).order_by("-version")
    frame, seen = [], set()
    for questionnaire in versions:
        for spec in questionnaire.schema():
            if spec["code"] in seen:
                for choice in spec["choices"]:
                    known = next(q for q in frame if q["code"] == spec["code"])
                    if choice["code"] not in {c["code"] for c in known["choices"]}:
                        known["choices"].append(choice)
                continue
            seen.add(spec["code"])
            frame.append(spec)
    return frame


def _question_result(spec: dict, values: list, texts: list[str]) -> QuestionResult:
    answered = len(values)
    is_text = spec["type"] in ("short_text", "long_text")
    # Free texts are listed one by one anyway (after moderation, once the whole set has
    # MIN_RESPONSES responses); counts and shares need MIN_RESPONSES answers of their own.
    result = QuestionResult(
        code=spec["code"],
        text=spec["text"],
        type=spec["type"],
        section=spec["section"],
        answered=answered,
        hidden=answered < MIN_RESPONSES and not is_text,
    )
    if result.hidden:
        result.answered = None
        return result
    kind = spec["type"]
    if kind in ("single", "multiple", "yes_no", "scale"):
        counts = Counter(chain.from_iterable(value if isinstance(value, list) else (value,) for value in values))
        if kind == "yes_no":
            options = [(True, gettext("Yes")), (False, gettext("No"))]
        elif kind == "scale":
            options = [(n, str(n)) for n in range(1, 6)]
        else:
            options = [(c["code"], c["label"]) for c in spec["choices"]]
        result.choices = [
            ChoiceCount(
                code=str(code), label=label, count=counts[code], percent=round(100 * counts[code] / answered, 1)
            )
            for code, label in options
        ]
    if kind in ("scale", "number"):
        result.mean = round(mean(values), 2)
        result.median = median(values)
    if is_text:
        result.texts = texts
    return result


def results(responses, *, include_texts=False) -> Results:
    """Per-question aggregates of a queryset of responses (of one questionnaire slug).

    Free-text answers are listed only with include_texts, and only from responses whose free
    text a moderator approved.
    """
    # The answers are read as text and decoded with orjson, in one pass that files each answer
    # under its question: a region's tens of thousands of documents cost a few milliseconds
    # instead of the JSONField's json.loads per row and one scan of every row per question.
    rows = (
        responses.order_by()
        .annotate(answers_text=Cast("answers", TextField()))
        .values_list("questionnaire_id", "answers_text", "free_text_status")
    )
    total = 0
    versions = set()
    values = defaultdict(list)
    approved_texts = defaultdict(list)
    for questionnaire_id, text, status in rows:
        total += 1
        versions.add(questionnaire_id)
        approved = status == Response.Moderation.APPROVED
        for code, value in orjson.loads(text).items():
            if value in (None, "", []):
                continue
            values[code].append(value)
            if approved:
                approved_texts[code].append(value)
    if total < MIN_RESPONSES:
        return Results(total=total, hidden=True, questions=[])
    questions = []
    for spec in question_frame(versions):
        code = spec["code"]
        texts = approved_texts[code] if include_texts and spec["type"] in ("short_text", "long_text") else []
        questions.append(_question_result(spec, values[code], texts))
    return Results(total=total, hidden=False, questions=questions)


def workshop_results(workshop) -> Results:
    """What a workshop's users answered, for its managers (approved free text included)."""
    return results(Response.objects.of_users().filter(workshop=workshop), include_texts=True)


def territory_results(workshops, *, audience=Audience.USER) -> Results:
    """Per-question aggregates over the responses about the given workshops (no free text)."""
    return results(Response.objects.for_workshops(workshops).filter(questionnaire__audience=audience))


def _group_key(by: str, period: str):
    if by == "archetype":
        return Coalesce(F("workshop__archetype_override"), F("workshop__archetype"))
    if by == "department":
        return F("workshop__department_id")
    if by == "region":
        return F("workshop__region_id")
    if by == "period":
        return TruncQuarter("submitted_at") if period == "quarter" else TruncYear("submitted_at")
    raise ValueError(f"unknown grouping “{by}”; expected one of {', '.join(GROUPINGS)}")


def _labeller(by: str, period: str, keys):
    if by == "archetype":
        return lambda key: Archetype(key).label if key else gettext("Archetype unknown")
    if by in ("department", "region"):
        model = Department if by == "department" else Region
        names = dict(model.objects.filter(code__in=[k for k in keys if k]).values_list("code", "name"))
        return lambda key: f"{names[key]} ({key})" if key else gettext("Unknown")
    if period == "quarter":
        return lambda key: (
            gettext("%(year)s, quarter %(quarter)s")
            % {
                "year": key.year,
                "quarter": (key.month - 1) // 3 + 1,
            }
        )
    return lambda key: str(key.year)


def _score(text):
    """A satisfaction score read as text (PostgreSQL) or a number (SQLite); None when it is not one."""
    try:
        return int(text)
    except (TypeError, ValueError):
        return None


def territory_summary(workshops, *, by="archetype", period="year", audience=Audience.USER) -> list[Group]:
    """Response counts (and mean satisfaction for users) per archetype, department, region or period.

    Groups of fewer than MIN_RESPONSES responses are returned with hidden=True and no figures.
    """
    rows = (
        Response.objects.for_workshops(workshops)
        .filter(questionnaire__audience=audience)
        .order_by()
        .annotate(group=_group_key(by, period), score=KeyTextTransform(SATISFACTION, "answers"))
        .values_list("group", "workshop_id", "score")
    )
    grouped = defaultdict(list)
    for key, workshop_id, score in rows:
        grouped[key].append((workshop_id, _score(score)))
    label = _labeller(by, period, grouped.keys())
    groups = []
    for key in sorted(grouped, key=lambda k: (k is None, k)):
        members = grouped[key]
        hidden = len(members) < MIN_RESPONSES
        scores = [score for _, score in members if isinstance(score, int)]
        groups.append(
            Group(
                key=key,
                label=label(key),
                responses=None if hidden else len(members),
                workshops=None if hidden else len({workshop for workshop, _ in members}),
                satisfaction=None if hidden or len(scores) < MIN_RESPONSES else round(mean(scores), 2),
                hidden=hidden,
            )
        )
    return groups
