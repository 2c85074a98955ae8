"""Survey aggregates for managers (their workshop) and officials (a territory).

Small-number protection: any aggregate over fewer than MIN_RESPONSES responses is hidden
(`hidden=True`, figures set to None), so that no respondent can be singled out. Answers are
grouped by stable question codes, so responses to every version of a questionnaire add up.
For a territory's officials, `without_small_cells` also withholds each answer fewer than
MIN_RESPONSES responses gave.

For a territory, pass any queryset of workshops (e.g. `Workshop.objects.in_region("52")`):

    territory_summary(workshops, by="archetype")          # or "department", "region", "period"
    territory_results(workshops, audience="user")          # per-question counts and percentages
"""

import gc
from collections import Counter, defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from itertools import chain, repeat
from statistics import fmean, median

import orjson
from django.db.models import F
from django.db.models.fields.json import KeyTextTransform, compile_json_path
from django.db.models.functions import TruncQuarter, TruncYear
from django.utils.translation import gettext

from territories.models import Department, Region
from workshops.querysets import effective_archetype_sql
from workshops.vocabularies import Archetype

from .models import Audience, Question, Questionnaire, Response

MIN_RESPONSES = 5
SATISFACTION = "satisfaction"
GROUPINGS = ("archetype", "department", "region", "period")
TEXT_TYPES = ("short_text", "long_text")
CHOICE_TYPES = ("single", "multiple")
# One answer per response: the counts of a question's answers add up to how many answered it.
EXCLUSIVE_TYPES = ("single", "yes_no", "scale")
# Why an answer's count and share are withheld (ChoiceCount.withheld).
SMALL = "small"  # fewer than MIN_RESPONSES responses gave it
COMPLEMENT = "complement"  # else the question's total minus the others would give a small one back
# An unanswered question, as the database extracts it: JSON null, "" or [].
UNANSWERED = (None, "", "[]")


@dataclass
class ChoiceCount:
    code: str
    label: str
    count: int | None
    percent: float | None
    withheld: str = ""  # SMALL or COMPLEMENT: count and percent are None


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
    help: str = ""  # what the question's help says (a scale's: what 1 and 5 mean)


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
    # Hidden though it holds MIN_RESPONSES or more: shown, it would give a smaller one back from
    # the total (complementary_hidden()).
    secondary: bool = False


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


def _question_result(spec: dict, counts: Counter, texts: list[str]) -> QuestionResult:
    """One question's figures from `counts`: how many responses gave each answer, as extracted."""
    kind = spec["type"]
    is_text = kind in TEXT_TYPES
    given = Counter()  # answer (a choice code, a number, True/False) → responses giving it
    answered = 0
    for raw, count in counts.items():
        if raw in UNANSWERED:
            continue
        answered += count
        value = _decoded(raw, kind)
        if isinstance(value, list):  # a multiple choice (in this version or an older one)
            for item in value:
                given[item] += count
        else:
            given[value] += count
    # Free texts are listed one by one anyway (after moderation, once the whole set has
    # MIN_RESPONSES responses); counts and shares need MIN_RESPONSES answers of their own.
    result = QuestionResult(
        code=spec["code"],
        text=spec["text"],
        type=kind,
        section=spec["section"],
        answered=answered,
        hidden=answered < MIN_RESPONSES and not is_text,
        help=spec.get("help") or "",
    )
    if result.hidden:
        result.answered = None
        return result
    if kind in ("single", "multiple", "yes_no", "scale"):
        if kind == "yes_no":
            options = [(True, gettext("Yes")), (False, gettext("No"))]
        elif kind == "scale":
            options = [(n, str(n)) for n in range(1, 6)]
        else:
            options = [(c["code"], c["label"]) for c in spec["choices"]]
        result.choices = [
            ChoiceCount(code=str(code), label=label, count=given[code], percent=round(100 * given[code] / answered, 1))
            for code, label in options
        ]
    if kind in ("scale", "number"):
        numbers = sorted((v, n) for v, n in given.items() if isinstance(v, int | float) and not isinstance(v, bool))
        values = list(chain.from_iterable(repeat(value, count) for value, count in numbers))
        if values:
            result.mean = round(fmean(values), 2)
            result.median = median(values)
    if is_text:
        result.texts = texts
    return result


class _Answer(KeyTextTransform):
    """One answer of the JSON document, as text on PostgreSQL (->>).

    On SQLite, a plain JSON_EXTRACT: Django's own reading of a key parses the document three
    times to tell JSON true, false and null apart, which a dozen columns per response pay for
    dearly; here true and false come as 1 and 0, which count as True and False (equal, with
    the same hash).
    """

    def as_sqlite(self, compiler, connection):
        lhs, params, key_transforms = self.preprocess_lhs(compiler, connection)
        return f"JSON_EXTRACT({lhs}, %s)", (*params, compile_json_path(key_transforms))


def _decoded(raw, kind: str):
    """An answer as the database extracted it from the JSON document → the value it stores.

    PostgreSQL gives text ('2', 'true', '["a", "b"]', 'student'); SQLite the same, except for
    numbers and booleans, which come as numbers. Only distinct answers get here, so this runs a
    few dozen times per question, not once per response.
    """
    if not isinstance(raw, str):
        return raw
    if kind in TEXT_TYPES or (kind in CHOICE_TYPES and not raw.startswith("[")):
        return raw
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        return raw


@dataclass
class _Answers:
    """A set of responses read column by column: per question code, the responses per answer."""

    total: int
    versions: set
    counts: dict[str, Counter]
    approved_texts: dict[str, list[str]]  # read only when asked for
    extra: list[tuple]  # per response, the extra columns asked for


@contextmanager
def _collector_paused():
    """Pause Python's cyclic garbage collector while a territory's answers are read.

    Tens of thousands of rows, none in a reference cycle, would otherwise set off collections
    that walk every object of the process. Reference counting still frees everything;
    collection resumes (if it was on) at the end.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _read(responses, audience, extra=(), *, include_texts=False) -> _Answers:
    """Each answer extracted by the database (one column per question code), counted per column.

    Counting the distinct values of a column is done in C, and only distinct answers are decoded:
    for a region's 19,000 responses, 170 ms against 230 ms for decoding each response's JSON and
    walking its answers in Python (PostgreSQL, bench/).
    """
    codes = sorted(set(Question.objects.filter(questionnaire__audience=audience).values_list("code", flat=True)))
    columns = {f"answer_{i}": _Answer(code, "answers") for i, code in enumerate(codes)}
    rows = list(
        responses.order_by().annotate(**columns).values_list("questionnaire_id", "free_text_status", *extra, *columns)
    )
    if not rows:
        return _Answers(total=0, versions=set(), counts={}, approved_texts={}, extra=[])
    questionnaires, statuses, *rest = zip(*rows, strict=True)
    extra_columns, answer_columns = rest[: len(extra)], dict(zip(codes, rest[len(extra) :], strict=True))
    return _Answers(
        total=len(rows),
        versions=set(questionnaires),
        counts={code: Counter(column) for code, column in answer_columns.items()},
        approved_texts=_approved_texts(answer_columns, statuses) if include_texts else {},
        extra=list(zip(*extra_columns, strict=True)),
    )


def _approved_texts(answer_columns: dict[str, tuple], statuses: tuple) -> dict[str, list[str]]:
    """Per question code, the texts of the responses whose free text a moderator approved."""
    approved = [i for i, status in enumerate(statuses) if status == Response.Moderation.APPROVED]
    if not approved:
        return {}
    texts = {}
    for code, column in answer_columns.items():
        texts[code] = [column[i] for i in approved if isinstance(column[i], str) and column[i]]
    return texts


def _results(answers: _Answers) -> Results:
    if answers.total < MIN_RESPONSES:
        return Results(total=answers.total, hidden=True, questions=[])
    questions = []
    for spec in question_frame(answers.versions):
        code = spec["code"]
        texts = answers.approved_texts.get(code, []) if spec["type"] in TEXT_TYPES else []
        questions.append(_question_result(spec, answers.counts.get(code, Counter()), texts))
    return Results(total=answers.total, hidden=False, questions=questions)


def results(responses, *, audience=Audience.USER, include_texts=False) -> Results:
    """Per-question aggregates of a queryset of responses (of one questionnaire slug).

    Free-text answers are listed only with include_texts, and only from responses whose free
    text a moderator approved.
    """
    with _collector_paused():
        return _results(_read(responses, audience, include_texts=include_texts))


def without_small_cells(results: Results) -> Results:
    """The results with each answer that fewer than MIN_RESPONSES responses gave withheld, its
    count and its share (of 18, a share gives the count back), zero included: "0" beside "fewer
    than 5" would tell the others apart.

    Where a question's answers add up to its total (one answer per response), the withheld ones
    would be that total minus the others: the smallest others are withheld too, until the withheld
    answers hold MIN_RESPONSES or more together, or nobody (complementary_hidden()).
    """
    return replace(results, questions=[_with_small_cells_withheld(q) for q in results.questions])


def complementary_hidden(counts: dict, minimum: int = MIN_RESPONSES) -> set:
    """The keys of a breakdown to hide: those under `minimum`, then the smallest others until the
    hidden ones hold `minimum` or more together, or none at all (or all are hidden).

    A hidden cell would otherwise come back as the total minus the cells shown, and two hidden
    cells of 1 as "2 together": secondary suppression, as statistical offices do. Hidden cells that
    hold nobody give nobody away (18 "yes" of 18 leave "no" at 0). For a breakdown whose cells add
    up to its total (one answer each); the officials' figures and files use it too.
    """
    hidden = {key for key, count in counts.items() if count < minimum}
    shown = sorted((key for key in counts if key not in hidden), key=counts.get)
    while hidden and shown and 0 < sum(counts[key] for key in hidden) < minimum:
        hidden.add(shown.pop(0))
    return hidden


def _with_small_cells_withheld(question: QuestionResult) -> QuestionResult:
    counts = dict(enumerate(choice.count for choice in question.choices))
    if question.type in EXCLUSIVE_TYPES:
        hidden = complementary_hidden(counts)
    else:  # several answers each: the cells do not add up to a total that would give one back
        hidden = {key for key, count in counts.items() if count < MIN_RESPONSES}
    choices = [
        replace(c, count=None, percent=None, withheld=SMALL if c.count < MIN_RESPONSES else COMPLEMENT)
        if key in hidden
        else c
        for key, c in enumerate(question.choices)
    ]
    return replace(question, choices=choices)


def workshop_results(workshop) -> Results:
    """What a workshop's users answered, for its managers (approved free text included)."""
    return results(Response.objects.of_users().filter(workshop=workshop), include_texts=True)


def territory_results(workshops, *, audience=Audience.USER) -> Results:
    """Per-question aggregates over the responses about the given workshops (no free text)."""
    return results(_territory_responses(workshops, audience), audience=audience)


def _group_key(by: str, period: str):
    if by == "archetype":
        return effective_archetype_sql("workshop__")
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
    # The groups share out the territory's responses, whose total the page gives: a group hidden
    # alone would come back as the total minus the others.
    withheld = complementary_hidden({key: len(members) for key, members in members_by_key.items()})
    groups = []
    for key in sorted(members_by_key, key=lambda k: (k is None, k)):
        members = members_by_key[key]
        hidden = key in withheld
        scores = [score for _, score in members if score is not None]
        groups.append(
            Group(
                key=key,
                label=label(key),
                responses=None if hidden else len(members),
                workshops=None if hidden else len({workshop for workshop, _ in members}),
                satisfaction=None if hidden or len(scores) < MIN_RESPONSES else round(fmean(scores), 2),
                hidden=hidden,
                secondary=hidden and len(members) >= MIN_RESPONSES,
            )
        )
    return groups


def territory_summary(workshops, *, by="archetype", period="year", audience=Audience.USER) -> list[Group]:
    """Response counts (and mean satisfaction for users) per archetype, department, region or period.

    Groups of fewer than MIN_RESPONSES responses are returned with hidden=True and no figures,
    and with them the smallest others until the hidden ones hold MIN_RESPONSES or more together
    (`secondary`): the total would give a lone hidden group back.
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
    responses = _territory_responses(workshops, audience).annotate(
        group=_group_key(by, period), score=KeyTextTransform(SATISFACTION, "answers")
    )
    with _collector_paused():
        answers = _read(responses, audience, extra=("group", "workshop_id", "score"))
        members_by_key = defaultdict(list)
        for key, workshop_id, satisfaction in answers.extra:
            members_by_key[key].append((workshop_id, _score(satisfaction)))
        return _results(answers), _groups(members_by_key, by, period)
