"""Survey aggregates for managers (their workshop) and officials (a territory).

Small-number protection: any aggregate over fewer than MIN_RESPONSES responses is hidden
(`hidden=True`, figures set to None), so that no respondent can be singled out. Answers are
grouped by stable question codes, so responses to every version of a questionnaire add up.

For a territory, pass any queryset of workshops (e.g. `Workshop.objects.in_region("52")`):

    territory_summary(workshops, by="archetype")          # or "department", "region", "period"
    territory_results(workshops, audience="user")          # per-question counts and percentages
"""

import gc
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import chain
from statistics import fmean, median

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
        try:
            counts = Counter(values)  # one value per answer: counted in C
        except TypeError:  # lists of choices (a multiple choice, in this version or an older one)
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
        result.mean = round(fmean(values), 2)
        result.median = median(values)
    if is_text:
        result.texts = texts
    return result


class _Tally:
    """The answers of a set of responses, filed by question code in one pass.

    Answers are read as text and decoded with orjson: a region's tens of thousands of documents
    cost a few milliseconds instead of the JSONField's json.loads per row and one scan of every
    row per question.
    """

    def __init__(self):
        self.total = 0
        self.versions = set()
        self.values = defaultdict(list)
        self.approved_texts = defaultdict(list)

    def add(self, questionnaire_id, answers: dict, status) -> None:
        self.total += 1
        self.versions.add(questionnaire_id)
        values = self.values
        for code, value in answers.items():
            if value is not None and value != "" and value != []:
                values[code].append(value)
        if status == Response.Moderation.APPROVED:
            for code, value in answers.items():
                if isinstance(value, str) and value:
                    self.approved_texts[code].append(value)

    def results(self, *, include_texts=False) -> Results:
        if self.total < MIN_RESPONSES:
            return Results(total=self.total, hidden=True, questions=[])
        questions = []
        for spec in question_frame(self.versions):
            code = spec["code"]
            is_text = spec["type"] in ("short_text", "long_text")
            texts = self.approved_texts[code] if include_texts and is_text else []
            questions.append(_question_result(spec, self.values[code], texts))
        return Results(total=self.total, hidden=False, questions=questions)


@contextmanager
def _collector_paused():
    """Pause Python's cyclic garbage collector while a territory's answers are decoded.

    Tens of thousands of small dicts and lists, none in a reference cycle, would otherwise set
    off a dozen collections, each walking every object of the process: ~15 % of the time.
    Reference counting still frees everything; collection resumes (if it was on) at the end.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _answers_as_text(responses):
    return responses.order_by().annotate(answers_text=Cast("answers", TextField()))


def results(responses, *, include_texts=False) -> Results:
    """Per-question aggregates of a queryset of responses (of one questionnaire slug).

    Free-text answers are listed only with include_texts, and only from responses whose free
    text a moderator approved.
    """
    tally = _Tally()
    rows = _answers_as_text(responses).values_list("questionnaire_id", "answers_text", "free_text_status")
    with _collector_paused():
        for questionnaire_id, text, status in rows:
            tally.add(questionnaire_id, orjson.loads(text), status)
        return tally.results(include_texts=include_texts)


def workshop_results(workshop) -> Results:
    """What a workshop's users answered, for its managers (approved free text included)."""
    return results(Response.objects.of_users().filter(workshop=workshop), include_texts=True)


def territory_results(workshops, *, audience=Audience.USER) -> Results:
    """Per-question aggregates over the responses about the given workshops (no free text)."""
    return results(_territory_responses(workshops, audience))


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


def _score(value):
    """A satisfaction score: an integer, or its text (PostgreSQL's ->> reads text); else None."""
    if isinstance(value, str) and value.isdigit():
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return None


def _territory_responses(workshops, audience):
    return Response.objects.for_workshops(workshops).filter(questionnaire__audience=audience)


def _groups(members_by_key: dict, by: str, period: str) -> list[Group]:
    """Groups from {key: [(workshop id, satisfaction score or None), …]}."""
    label = _labeller(by, period, members_by_key.keys())
    groups = []
    for key in sorted(members_by_key, key=lambda k: (k is None, k)):
        members = members_by_key[key]
        hidden = len(members) < MIN_RESPONSES
        scores = [score for _, score in members if score is not None]
        groups.append(
            Group(
                key=key,
                label=label(key),
                responses=None if hidden else len(members),
                workshops=None if hidden else len({workshop for workshop, _ in members}),
                satisfaction=None if hidden or len(scores) < MIN_RESPONSES else round(fmean(scores), 2),
                hidden=hidden,
            )
        )
    return groups


def territory_summary(workshops, *, by="archetype", period="year", audience=Audience.USER) -> list[Group]:
    """Response counts (and mean satisfaction for users) per archetype, department, region or period.

    Groups of fewer than MIN_RESPONSES responses are returned with hidden=True and no figures.
    """
    rows = (
        _territory_responses(workshops, audience)
        .order_by()
        .annotate(group=_group_key(by, period), score=KeyTextTransform(SATISFACTION, "answers"))
        .values_list("group", "workshop_id", "score")
    )
    members_by_key = defaultdict(list)
    for key, workshop_id, score in rows:
        members_by_key[key].append((workshop_id, _score(score)))
    return _groups(members_by_key, by, period)


def territory_survey(
    workshops, *, by="archetype", period="year", audience=Audience.USER
) -> tuple[Results, list[Group]]:
    """territory_results() and territory_summary() together, from one reading of the responses.

    The officials' dashboard shows both: reading a region's responses once instead of twice is
    about a third of the time.
    """
    tally = _Tally()
    members_by_key = defaultdict(list)
    rows = (
        _answers_as_text(_territory_responses(workshops, audience))
        .annotate(group=_group_key(by, period))
        .values_list("questionnaire_id", "answers_text", "free_text_status", "group", "workshop_id")
    )
    with _collector_paused():
        for questionnaire_id, text, status, key, workshop_id in rows:
            answers = orjson.loads(text)
            tally.add(questionnaire_id, answers, status)
            members_by_key[key].append((workshop_id, _score(answers.get(SATISFACTION))))
        return tally.results(), _groups(members_by_key, by, period)
