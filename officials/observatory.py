"""The observatory: the DGE/ANCT study's kind of figures, for one territory, from live data.

Each figure is plain data (`Figure`): a title, the number of workshops or responses it rests on
(`n`), a header and rows; the page draws it as bars with its table, and the CSV/XLSX of the
figures writes the same rows. No share, mean or sum rests on fewer than MIN_N workshops or
responses: a figure (or one row of a breakdown) below it is marked hidden, with no values, and a
figure whose every row is hidden is hidden whole. Counts of published workshops, and of
questionnaires received, are public and given as they are.

`workshops` is always a queryset of the territory's published workshops.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db.models import Count, Exists, F, OuterRef, Subquery
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, npgettext

from surveys.analytics import MIN_RESPONSES, complementary_hidden
from surveys.models import Audience as Respondents
from surveys.models import Response
from workshops.models import REVENUE_FIELDS, Equipment, Workshop
from workshops.querysets import effective_archetype
from workshops.vocabularies import Archetype, Audience, CarrierType, EquipmentCategory, Funder

from .dashboard import archetype_counts, mediation_spaces

# The small-number rule, the same as the surveys': no breakdown of fewer than 5.
MIN_N = MIN_RESPONSES
UNKNOWN = None
# What a figure's n counts.
WORKSHOPS, RESPONSES = "workshops", "responses"


@dataclass
class Row:
    label: str
    values: list  # one per value column; None = hidden or unknown
    n: int | None = None  # what this row rests on, for per-row hiding
    bar: float | None = None  # 0–100, the value drawn
    key: object = None  # an archetype number, for its colour
    hidden: bool = False
    secondary: bool = False  # hidden though it rests on MIN_N or more: see complementary_hidden()

    @property
    def why_hidden(self):
        """Beside a hidden row's label."""
        if self.secondary:
            return _("(not shown: the hidden rows could otherwise be worked out from the total)")
        return _("(fewer than %(min_n)s: not shown)") % {"min_n": MIN_N}


@dataclass
class Figure:
    key: str
    title: str
    n: int
    columns: list[str]  # the header: the row label's, then one per value
    rows: list[Row] = field(default_factory=list)
    note: str = ""
    unit: str = ""
    hidden: bool = False
    n_of: str = WORKSHOPS  # or RESPONSES
    bar_note: str = ""  # what the bars draw: the page's, not the files'

    @property
    def has_bars(self):
        return any(row.bar is not None for row in self.rows)

    @property
    def n_unit(self):
        if self.n_of == RESPONSES:
            return npgettext("what a figure's n counts", "response", "responses", self.n)
        return npgettext("what a figure's n counts", "workshop", "workshops", self.n)

    @property
    def based_on(self):
        """What n counts, said: "3" alone does not tell workshops from responses."""
        if self.n_of == RESPONSES:
            return ngettext("Based on %(n)s response.", "Based on %(n)s responses.", self.n) % {"n": self.n}
        return ngettext("Based on %(n)s workshop.", "Based on %(n)s workshops.", self.n) % {"n": self.n}

    @property
    def hidden_note(self):
        """Why a hidden figure shows nothing: too few in all, or too few in each row."""
        if self.n < MIN_N:
            return _("Fewer than %(n)s: not shown.") % {"n": MIN_N}
        return _("Each row rests on fewer than %(n)s, or would give such a row away: not shown.") % {"n": MIN_N}


def _percent(part, whole):
    return round(100 * part / whole, 1) if whole else None


def _archetype_names():
    return {number: str(label) for number, label in Archetype.choices}


def _archetype_label(number, names):
    return names.get(number) or _("Archetype unknown")


def _per_archetype(workshops, *fields):
    """{effective archetype: [dict of fields…]} for the territory's workshops, in one query."""
    rows = workshops.order_by().values("archetype", "archetype_override", *fields)
    grouped = defaultdict(list)
    for row in rows:
        grouped[effective_archetype(row["archetype_override"], row["archetype"])].append(row)
    return grouped


def _archetype_order(keys):
    return sorted(keys, key=lambda k: (k is None, k or 0))


def workshops_by_archetype(workshops) -> Figure:
    """Workshops by archetype, with how many have one that open data gave (a census's fablab):
    an official reads « 40 generic fablabs » knowing that 39 are the census's guess."""
    counts = archetype_counts(workshops)
    total = sum(n for n, _inferred in counts.values())
    names = _archetype_names()
    rows = []
    for number in [*names, None]:
        count, inferred = counts.get(number, (0, 0))
        if number is None and not count:
            continue
        share = _percent(count, total)
        rows.append(Row(_archetype_label(number, names), [count, inferred, share], bar=share, key=number))
    return _small(
        Figure(
            "archetypes",
            _("Workshops by archetype"),
            total,
            [_("Archetype"), _("Workshops"), _("Of which provisional (open data)"), _("Share (%)")],
            rows,
            unit="%",
        )
    )


def revenue_structure(workshops) -> Figure:
    """Public, own and private shares of revenue: weighted by budget, and the plain mean beside it.

    Both over the same workshops: those whose budget and three shares are known. Weighted by
    budget, a share is the part of all the money the territory's workshops receive that comes
    from that source (Σ share × budget / Σ budget); the plain mean says what a typical workshop
    lives on. A few large budgets make them differ.
    """
    known = workshops.filter(yearly_budget_eur__gt=0, **{f"{f}__isnull": False for f in REVENUE_FIELDS})
    rows = list(known.order_by().values_list("yearly_budget_eur", *REVENUE_FIELDS))
    n = len(rows)
    budget = sum(r[0] for r in rows)
    labels = [_("Public funding"), _("Own revenue (memberships, services, training)"), _("Private funding")]
    figure_rows = []
    for index, label in enumerate(labels, start=1):
        weighted = round(sum(r[0] * r[index] for r in rows) / budget, 1) if budget else None
        mean = round(sum(r[index] for r in rows) / n, 1) if n else None
        figure_rows.append(Row(label, [weighted, mean], bar=weighted))
    return _small(
        Figure(
            "revenue",
            _("Revenue structure"),
            n,
            [_("Source"), _("Weighted by budget (%)"), _("Mean of the workshops (%)")],
            figure_rows,
            note=_("Workshops whose yearly budget and three revenue shares are known; total budget %(budget)s €.")
            % {"budget": f"{budget:,}".replace(",", "\u202f")},
            unit="%",
        )
    )


def funders(workshops) -> Figure:
    """How many workshops name each funder, among those that named theirs."""
    lists = [f for f in workshops.order_by().values_list("funders", flat=True) if f]
    n = len(lists)
    counts = Counter(code for funder_list in lists for code in set(funder_list))
    rows = []
    for code, label in Funder.choices:
        share = _percent(counts.get(code, 0), n)
        rows.append(Row(str(label), [counts.get(code, 0), share], bar=share))
    return _small(
        Figure(
            "funders",
            _("Funders"),
            n,
            [_("Funder"), _("Workshops"), _("Share of the workshops (%)")],
            rows,
            note=_("A workshop may name several funders."),
            unit="%",
        )
    )


def _sum(values):
    return sum(values) if values else None


def _mean(values):
    return round(sum(values) / len(values), 1) if values else None


def staff_and_volunteers(workshops) -> Figure:
    grouped = _per_archetype(workshops, "staff_fte", "volunteers")
    names = _archetype_names()
    rows, n = [], 0
    for number in _archetype_order(grouped):
        members = grouped[number]
        staff = [float(m["staff_fte"]) for m in members if m["staff_fte"] is not None]
        volunteers = [m["volunteers"] for m in members if m["volunteers"] is not None]
        known = max(len(staff), len(volunteers))
        n += known
        rows.append(
            _small_row(
                Row(
                    _archetype_label(number, names),
                    [known, _sum(staff), _mean(staff), _sum(volunteers), _mean(volunteers)],
                    n=known,
                    key=number,
                )
            )
        )
    _scale_bars(rows, value_index=1)
    return _small(
        Figure(
            "staff",
            _("Staff and volunteers by archetype"),
            n,
            [
                _("Archetype"),
                _("Workshops that said"),
                _("Staff (FTE)"),
                _("Staff per workshop (FTE)"),
                _("Volunteers"),
                _("Volunteers per workshop"),
            ],
            rows,
            bar_note=_("Bars: staff in full-time equivalents."),
        )
    )


def users_by_archetype(workshops) -> Figure:
    grouped = _per_archetype(workshops, "yearly_users")
    names = _archetype_names()
    rows, n = [], 0
    for number in _archetype_order(grouped):
        users = [m["yearly_users"] for m in grouped[number] if m["yearly_users"] is not None]
        n += len(users)
        rows.append(
            _small_row(
                Row(_archetype_label(number, names), [len(users), _sum(users), _mean(users)], n=len(users), key=number)
            )
        )
    _scale_bars(rows, value_index=1)
    return _small(
        Figure(
            "users",
            _("Users per year by archetype"),
            n,
            [_("Archetype"), _("Workshops that said"), _("Users per year"), _("Users per workshop")],
            rows,
        )
    )


def audiences(workshops) -> Figure:
    """The user profiles the workshops say they serve."""
    lists = [a for a in workshops.order_by().values_list("audiences", flat=True) if a]
    n = len(lists)
    counts = Counter(code for audience_list in lists for code in set(audience_list))
    rows = [
        Row(str(label), [counts.get(code, 0), _percent(counts.get(code, 0), n)], bar=_percent(counts.get(code, 0), n))
        for code, label in Audience.choices
    ]
    return _small(
        Figure(
            "audiences",
            _("User profiles the workshops serve"),
            n,
            [_("Users"), _("Workshops"), _("Share of the workshops (%)")],
            rows,
            unit="%",
        )
    )


def equipment_rates(workshops) -> Figure:
    """For each archetype, the share of its workshops with at least one machine of each category,
    among those that listed their machines.

    A workshop with no machine listed is unknown, not without machines (the census workshops
    never described theirs): it counts neither in a share nor in n. A declared equipment level
    alone does not make it known either: "basic" does not say which categories it has.
    """
    categories = list(EquipmentCategory.choices)
    has = {
        f"has_{code}": Exists(Equipment.objects.filter(workshop=OuterRef("pk"), type__category=code))
        for code, _l in categories
    }
    rows_data = workshops.order_by().annotate(listed=Exists(Equipment.objects.filter(workshop=OuterRef("pk"))), **has)
    grouped = defaultdict(list)
    for row in rows_data.values("archetype", "archetype_override", "listed", *has):
        grouped[effective_archetype(row["archetype_override"], row["archetype"])].append(row)
    names = _archetype_names()
    rows, n, total = [], 0, 0
    for number in _archetype_order(grouped):
        members = [m for m in grouped[number] if m["listed"]]
        n += len(members)
        total += len(grouped[number])
        values = [len(members)] + [_percent(sum(1 for m in members if m[key]), len(members)) for key in has]
        rows.append(_small_row(Row(_archetype_label(number, names), values, n=len(members), key=number)))
    return _small(
        Figure(
            "equipment",
            _("Equipment rates by archetype"),
            n,
            [_("Archetype"), _("Workshops that listed their machines"), *(f"{label} (%)" for _c, label in categories)],
            rows,
            note=_(
                "The share of the archetype's workshops with at least one machine of the category, over the "
                "%(known)s workshops that listed their machines (of %(total)s): a workshop that listed none is "
                "left out, as unknown."
            )
            % {"known": n, "total": total},
            unit="%",
        )
    )


def _is_mediation_space(record):
    archetype = effective_archetype(record.archetype_override, record.archetype)
    return archetype == Archetype.MEDIATION or record.carrier_type == CarrierType.PUBLIC_DIGITAL_SPACE


def _latest_before(records, moment):
    """{object id: its last historical record at `moment`}, from records sorted by date."""
    latest = {}
    for record in records:
        if record.history_date > moment:
            break
        latest[record.id] = record
    return latest


def mediation_spaces_over_time(territory, today=None) -> Figure:
    """Digital-mediation spaces (archetype 1 or a public digital space) with machines, at each year's end.

    Past years are read from the history (django-simple-history): a workshop counts at a date
    when its last record before it is published, in the territory and a mediation space, and a
    machine of it existed then. This year's row is the directory as it is today, as the
    dashboard counts it: imports, the classifier and bulk changes write no history, so the
    history alone would miss what they did.
    """
    today = today or timezone.localdate()
    now = mediation_spaces(published_in(territory)).count()
    condition = territory.workshop_condition()
    workshop_records = list(
        Workshop.history.filter(condition)
        .order_by("history_date", "history_id")
        .only("id", "history_date", "history_type", "status", "archetype", "archetype_override", "carrier_type")
    )
    ids = {r.id for r in workshop_records}
    machine_records = list(
        Equipment.history.filter(workshop_id__in=ids)
        .order_by("history_date", "history_id")
        .only("id", "workshop_id", "history_date", "history_type")
    )
    first_year = workshop_records[0].history_date.year if workshop_records else today.year
    rows = []
    for year in range(first_year, today.year):
        moment = timezone.make_aware(datetime.combine(min(date(year, 12, 31), today), time.max))
        workshops_then = _latest_before(workshop_records, moment)
        machines_then = _latest_before(machine_records, moment)
        equipped = {m.workshop_id for m in machines_then.values() if m.history_type != "-"}
        count = sum(
            1
            for record in workshops_then.values()
            if record.history_type != "-"
            and record.status == "published"
            and record.id in equipped
            and _is_mediation_space(record)
        )
        rows.append(Row(str(year), [count]))
    rows.append(Row(_("%(year)s (today)") % {"year": today.year}, [now]))
    _scale_bars(rows, value_index=0)
    return Figure(
        "mediation",
        _("Mediation spaces with machines, year by year"),
        now,
        [_("Year"), _("Mediation spaces with machines")],
        rows,
        note=_(
            "At the end of each past year, from the history of the profiles and their machines; this year, "
            "the directory today."
        ),
    )


def questionnaire_participation(workshops, today=None) -> Figure:
    """Year by year, how many of the territory's workshops answered the managers' yearly
    questionnaire (and what share of the workshops published today that is), and how many
    responses their users gave: what the survey figures rest on, and where to push."""
    today = today or timezone.localdate()
    responses = Response.objects.for_workshops(workshops).order_by()
    managers = dict(responses.of_managers().values_list("year").annotate(n=Count("workshop", distinct=True)).order_by())
    users = dict(
        responses.of_users()
        .annotate(submitted_year=ExtractYear("submitted_at"))
        .values_list("submitted_year")
        .annotate(n=Count("pk"))
        .order_by()
    )
    first = min((year for year in {*managers, *users} if year is not None), default=today.year + 1)
    published_today = workshops.count()
    rows = []
    for year in range(first, today.year + 1):  # no answer yet: no row
        answered = managers.get(year, 0)
        label = str(year) if year < today.year else _("%(year)s (today)") % {"year": year}
        share = _percent(answered, published_today)
        rows.append(Row(label, [answered, share, users.get(year, 0)], bar=share))
    return _small(
        Figure(
            "participation",
            _("Answers to the questionnaires, year by year"),
            sum(managers.values()) + sum(users.values()),
            [
                _("Year"),
                _("Workshops that answered"),
                _("Share of the workshops (%)"),
                _("Users' responses"),
            ],
            rows,
            note=_(
                "Workshops that answered: the managers' yearly questionnaire, once a year each; their "
                "share is of the workshops published today (%(count)s)."
            )
            % {"count": published_today},
            unit="%",
            n_of=RESPONSES,
            bar_note=_("Bars: that share."),
        )
    )


def latest_per_workshop(responses):
    """Each workshop's latest response among `responses` to the managers' questionnaire (once a
    year): a workshop that answers every year counts once, as it is now."""
    latest = (
        Response.objects.of_managers()
        .filter(workshop=OuterRef("workshop"))
        .order_by(F("year").desc(nulls_last=True), "-submitted_at", "-pk")
    )
    return responses.filter(pk=Subquery(latest.values("pk")[:1]))


def survey_question_by_archetype(workshops, question: dict, responses) -> Figure:
    """One single or multiple choice question's answers, per archetype of the workshop answered about.

    `question`: its spec (code, text, choices, audience); `responses`: the territory's responses to
    it, for the managers' questionnaire one per workshop (latest_per_workshop()), so that its n and
    its rows count workshops. The rows hidden, and their n, follow complementary_hidden(): the
    dashboard gives the territory's total for each answer.
    """
    managers = question.get("audience") == Respondents.MANAGER
    grouped, years = defaultdict(list), set()
    rows_data = responses.order_by().values_list(
        "workshop__archetype", "workshop__archetype_override", "answers", "year"
    )
    for archetype, override, answers, year in rows_data:
        value = (answers or {}).get(question["code"])
        if value in (None, "", []):
            continue
        grouped[effective_archetype(override, archetype)].append(value if isinstance(value, list) else [value])
        years.add(year)
    names = _archetype_names()
    order = _archetype_order(grouped)
    hidden = complementary_hidden({number: len(grouped[number]) for number in order})
    rows = []
    for number in order:
        answers = grouped[number]
        label = _archetype_label(number, names)
        if number in hidden:
            values = [None] * (1 + len(question["choices"]))
            secondary = len(answers) >= MIN_N
            rows.append(Row(label, values, n=len(answers), key=number, hidden=True, secondary=secondary))
            continue
        values = [len(answers)] + [
            _percent(sum(1 for a in answers if c["code"] in a), len(answers)) for c in question["choices"]
        ]
        rows.append(Row(label, values, n=len(answers), key=number))
    if managers:
        title = _("Managers: “%(question)s”, by archetype") % {"question": question["text"]}
        note = _(
            "Share of the archetype's workshops giving each answer. Each workshop counts once, with its latest "
            "answer to the managers' questionnaire; years of these answers: %(years)s."
        ) % {"years": ", ".join(str(y) for y in sorted(y for y in years if y is not None))}
    else:
        title = _("Users: “%(question)s”, by archetype") % {"question": question["text"]}
        note = _("Share of the responses about the archetype's workshops giving each answer.")
    return _small(
        Figure(
            "survey",
            title,
            sum(len(answers) for answers in grouped.values()),
            [
                _("Archetype"),
                _("Workshops") if managers else _("Responses"),
                *(f"{c['label']} (%)" for c in question["choices"]),
            ],
            rows,
            note=note,
            unit="%",
            n_of=WORKSHOPS if managers else RESPONSES,
        )
    )


def _scale_bars(rows, value_index):
    """Bars proportional to one value column, the largest row full width."""
    values = [r.values[value_index] for r in rows if not r.hidden and r.values[value_index] is not None]
    top = max(values, default=0)
    for row in rows:
        value = None if row.hidden else row.values[value_index]
        row.bar = round(100 * value / top, 1) if top and value is not None else None


def _small_row(row: Row) -> Row:
    """A breakdown row resting on fewer than MIN_N is shown without its figures."""
    if row.n is not None and row.n < MIN_N:
        row.hidden = True
        row.values = [row.n] + [None] * (len(row.values) - 1)
        row.bar = None
    return row


def _small(figure: Figure) -> Figure:
    """A figure resting on fewer than MIN_N, or whose every row is hidden, is shown with its n
    only: no rows, and no note, which may carry a figure of its own (the revenue's total budget)."""
    if figure.n < MIN_N or (figure.rows and all(row.hidden for row in figure.rows)):
        figure.hidden = True
        figure.rows = []
        figure.note = figure.bar_note = ""
    return figure


def workshop_figures(workshops) -> list[Figure]:
    """Every figure drawn from the profiles of the territory's published workshops."""
    return [
        workshops_by_archetype(workshops),
        revenue_structure(workshops),
        funders(workshops),
        staff_and_volunteers(workshops),
        users_by_archetype(workshops),
        audiences(workshops),
        equipment_rates(workshops),
    ]


def published_in(territory):
    return Workshop.objects.published().filter(territory.workshop_condition())
