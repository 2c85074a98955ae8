"""The figures of a territory for regional officials, and the filter that lists what each counts.

Coverage (workshops open to the public per inhabitant) is in coverage.py.

Every count comes with the query (`Row.query`) that lists the same workshops in the officials'
list, so the dashboard can link each figure to its list. Counts are over published workshops
unless a `status` is asked for (pending moderation).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

import django_filters
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.db.models.lookups import Exact
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from afn_directory.i18n import in_language
from surveys.models import Response
from territories.models import EPCI, Department
from workshops import hours, mednum
from workshops.filters import WorkshopFilter
from workshops.models import Equipment, Membership, Workshop
from workshops.querysets import LOCATED, effective_archetype_sql
from workshops.vocabularies import Access, Archetype, CarrierType, EquipmentCategory, LocationPrecision, Status

FRESH_FOR = timedelta(days=365)
UNKNOWN = "unknown"
# `public`: open to the public as declared by the managers or, where they said nothing, provisionally
# (inferred from open data); either part alone. Coverage counts the first and shows the provisional part.
PUBLIC = "true"
DECLARED = "declared"
PROVISIONAL = "provisional"

# How precisely a workshop is placed (`position`); a position with no recorded precision counts as at the address.
_ROUGH = (LocationPrecision.STREET, LocationPrecision.COMMUNE)
POSITION_CHOICES = [
    ("door", _("At the address")),
    (LocationPrecision.STREET.value, _("In the street (no house number found)")),
    (LocationPrecision.COMMUNE.value, _("At the commune only (approximate)")),
    ("none", _("Not on the map")),
]
POSITIONS = {
    "door": LOCATED & ~Q(location_precision__in=_ROUGH),
    LocationPrecision.STREET.value: LOCATED & Q(location_precision=LocationPrecision.STREET),
    LocationPrecision.COMMUNE.value: LOCATED & Q(location_precision=LocationPrecision.COMMUNE),
    "none": ~LOCATED,
}


@dataclass
class Row:
    label: str
    count: int
    query: dict = field(default_factory=dict)
    url: str = ""
    # Of `count`, how many rest on open data only (an archetype a census gave).
    provisional: int = 0


@dataclass
class CategoryTotal:
    label: str
    machines: int
    workshops: int
    query: dict
    types: list = field(default_factory=list)
    url: str = ""


def _has_machines():
    return Exists(Equipment.objects.filter(workshop=OuterRef("pk")))


def _answered_this_year():
    """The workshop's managers answered this year's managers' questionnaire."""
    return Exists(Response.objects.managers_answers().filter(workshop=OuterRef("pk")))


def _has_manager():
    """The workshop has a manager registered on the directory: only they receive the managers'
    questionnaire (surveys/invitations.py)."""
    return Exists(Membership.objects.filter(workshop=OuterRef("pk")))


# This year's managers' questionnaire: answered; not answered by a registered manager (who was
# asked); not answered, with nobody registered to ask.
QUESTIONNAIRE_CHOICES = [
    ("answered", _("Answered")),
    ("not_answered", _("Manager registered, not answered yet")),
    ("no_manager", _("No registered manager")),
]


def _saturday_hours(workshops):
    """The opening-hours expressions (among these workshops') that open on a Saturday."""
    expressions = workshops.exclude(opening_hours="").values_list("opening_hours", flat=True).distinct()
    return [e for e in expressions if hours.weekly(e)["Sa"]]


def mediation_spaces(workshops):
    """Digital-mediation spaces (archetype 1 or a public digital space carrier) hosting machines."""
    mediation = Exact(effective_archetype_sql(), Archetype.MEDIATION)
    return workshops.filter(Q(mediation) | Q(carrier_type=CarrierType.PUBLIC_DIGITAL_SPACE)).filter(_has_machines())


class OfficialWorkshopFilter(WorkshopFilter):
    """The directory's filters plus the facets the dashboard counts."""

    status = django_filters.ChoiceFilter(label=_("Status"), choices=Status.choices, method="filter_status")
    archetype = django_filters.ChoiceFilter(
        label=_("Archetype"),
        choices=[(str(value), label) for value, label in Archetype.choices] + [(UNKNOWN, _("Unknown"))],
        method="filter_archetype",
    )
    access = django_filters.ChoiceFilter(
        label=_("Access"), choices=[*Access.choices, (UNKNOWN, _("Unknown"))], method="filter_access"
    )
    public = django_filters.ChoiceFilter(
        label=_("Open to the public"),
        choices=[
            (PUBLIC, _("Declared or provisional")),
            (DECLARED, _("Declared by the managers")),
            (PROVISIONAL, _("Provisional (open data, not confirmed by their managers)")),
        ],
        method="filter_public",
    )
    category = django_filters.ChoiceFilter(
        label=_("Equipment category"), choices=EquipmentCategory.choices, method="filter_category"
    )
    freshness = django_filters.ChoiceFilter(
        label=_("Profile freshness"),
        choices=[("recent", _("Confirmed in the last 12 months")), ("stale", _("Stale")), ("never", _("Never"))],
        method="filter_freshness",
    )
    hours = django_filters.ChoiceFilter(
        label=_("Opening hours"),
        choices=[("known", _("Known")), (UNKNOWN, _("Unknown")), ("saturday", _("Open on Saturdays"))],
        method="filter_hours",
    )
    epci = django_filters.ModelChoiceFilter(
        label=_("EPCI"), queryset=EPCI.objects.all(), to_field_name="code", field_name="commune__epci"
    )
    position = django_filters.ChoiceFilter(
        label=_("Position on the map"), choices=POSITION_CHOICES, method="filter_position"
    )
    questionnaire = django_filters.ChoiceFilter(
        label=_("This year's managers' questionnaire"),
        choices=QUESTIONNAIRE_CHOICES,
        method="filter_questionnaire",
    )
    mediation = django_filters.BooleanFilter(label=_("Mediation spaces with machines"), method="filter_mediation")
    mednum_incomplete = django_filters.BooleanFilter(
        label=_("Missing from the national export"), method="filter_mednum_incomplete"
    )

    def filter_status(self, queryset, name, value):
        return queryset  # applied in filter_queryset, which defaults to published

    def filter_archetype(self, queryset, name, value):
        if value == UNKNOWN:
            return queryset.with_archetype(None)
        return queryset.with_archetype(int(value))

    def filter_access(self, queryset, name, value):
        return queryset.filter(access="" if value == UNKNOWN else value)

    def filter_public(self, queryset, name, value):
        if value == DECLARED:
            return queryset.declared_open_to_the_public()
        if value == PROVISIONAL:
            return queryset.provisionally_open_to_the_public()
        return queryset.open_to_the_public()

    def filter_category(self, queryset, name, value):
        return queryset.with_equipment_category(value)

    def filter_freshness(self, queryset, name, value):
        limit = timezone.now() - FRESH_FOR
        if value == "recent":
            return queryset.filter(verified_at__gte=limit)
        if value == "stale":
            return queryset.filter(verified_at__lt=limit)
        return queryset.filter(verified_at__isnull=True)

    def filter_position(self, queryset, name, value):
        return queryset.filter(POSITIONS[value])

    def filter_questionnaire(self, queryset, name, value):
        answered = _answered_this_year()
        if value == "answered":
            return queryset.filter(answered)
        has_manager = _has_manager()
        return queryset.exclude(answered).filter(has_manager if value == "not_answered" else ~has_manager)

    def filter_hours(self, queryset, name, value):
        if value == "known":
            return queryset.exclude(opening_hours="")
        if value == UNKNOWN:
            return queryset.filter(opening_hours="")
        return queryset.filter(opening_hours__in=_saturday_hours(queryset))

    def filter_mediation(self, queryset, name, value):
        return mediation_spaces(queryset) if value else queryset

    def filter_mednum_incomplete(self, queryset, name, value):
        return mednum.incomplete(queryset) if value else queryset

    def filter_queryset(self, queryset):
        status = self.form.cleaned_data.get("status") or Status.PUBLISHED
        return super().filter_queryset(queryset.filter(status=status))


def archetype_counts(workshops) -> dict:
    """{effective archetype (None: unknown): (workshops, of which an archetype open data gave)}
    (`Workshop.effective_archetype_provisional`): a census's fablab is not a declared one."""
    provisional = Q(archetype_provisional=True, archetype_override=None, archetype__isnull=False)
    return {
        effective: (n, inferred)
        for effective, n, inferred in workshops.with_effective_archetype()
        .values_list("effective")
        .annotate(n=Count("pk"), inferred=Count("pk", filter=provisional))
        .order_by()
    }


def by_archetype(workshops):
    """Workshops by archetype, each row with how many have an archetype open data gave."""
    counts = archetype_counts(workshops)
    rows = []
    for value, label in Archetype.choices:
        n, inferred = counts.get(value, (0, 0))
        rows.append(Row(str(label), n, {"archetype": value}, provisional=inferred))
    rows.append(Row(str(_("Unknown")), counts.get(None, (0, 0))[0], {"archetype": UNKNOWN}))
    return rows


def by_department(workshops, territory):
    counts = dict(workshops.values_list("department_id").annotate(n=Count("pk")).order_by())
    departments = Department.objects.order_by("code")
    if territory.kind == "department":
        departments = departments.filter(code=territory.code)
    elif territory.kind == "region":
        departments = departments.filter(region_id=territory.code)
    return [Row(str(d), counts.get(d.code, 0), {"department": d.code}) for d in departments]


def equipment_totals(workshops):
    """Machines and workshops per equipment category, with the types inside each."""
    items = Equipment.objects.filter(workshop__in=workshops)
    per_category = {
        row["type__category"]: row
        for row in items.values("type__category")
        .annotate(machines=Sum("quantity"), workshops=Count("workshop", distinct=True))
        .order_by()
    }
    # The types of every category in one query (in the taxonomy's order, as the directory's machine
    # filter lists them), each named in the reader's language.
    types_in = defaultdict(list)
    per_type = items.values("type__category", "type__slug", "type__name", "type__name_en").annotate(
        machines=Sum("quantity")
    )
    for t in per_type.order_by("type__name"):
        row = Row(in_language(t["type__name"], t["type__name_en"]), t["machines"], {"equipment": t["type__slug"]})
        types_in[t["type__category"]].append(row)
    totals = []
    for value, label in EquipmentCategory.choices:
        if value not in per_category:
            continue
        row = per_category[value]
        total = CategoryTotal(str(label), row["machines"], row["workshops"], {"category": value})
        total.types = types_in[value]
        totals.append(total)
    return totals


def access_coverage(workshops):
    counts = dict(workshops.values_list("access").annotate(n=Count("pk")).order_by())
    rows = [Row(str(label), counts.get(value, 0), {"access": value}) for value, label in Access.choices]
    rows.append(Row(str(_("Unknown")), counts.get("", 0), {"access": UNKNOWN}))
    return rows


def opening_coverage(workshops):
    known = workshops.exclude(opening_hours="").count()
    saturday = workshops.filter(opening_hours__in=_saturday_hours(workshops)).count()
    total = workshops.count()
    return [
        Row(str(_("Opening hours known")), known, {"hours": "known"}),
        Row(str(_("Opening hours unknown")), total - known, {"hours": UNKNOWN}),
        Row(str(_("Open on Saturdays")), saturday, {"hours": "saturday"}),
    ]


def freshness(workshops):
    limit = timezone.now() - FRESH_FOR
    counts = workshops.aggregate(
        recent=Count("pk", filter=Q(verified_at__gte=limit)),
        stale=Count("pk", filter=Q(verified_at__lt=limit)),
        never=Count("pk", filter=Q(verified_at__isnull=True)),
    )
    return [
        Row(str(_("Confirmed in the last 12 months")), counts["recent"], {"freshness": "recent"}),
        Row(str(_("Confirmed more than 12 months ago")), counts["stale"], {"freshness": "stale"}),
        Row(str(_("Never confirmed")), counts["never"], {"freshness": "never"}),
    ]


def position_coverage(workshops):
    """How precisely the published workshops are placed on the map: at the door, in their street,
    at their commune only (an address the address service did not find: shown at an approximate
    position until a manager places the pin), or not at all (not on the map)."""
    counts = workshops.aggregate(**{value: Count("pk", filter=POSITIONS[value]) for value, _label in POSITION_CHOICES})
    return [Row(str(label), counts[value], {"position": value}) for value, label in POSITION_CHOICES]


def questionnaire_answers(workshops):
    """The published workshops whose managers answered this year's questionnaire, and the others:
    those with a registered manager, who was asked (the export of their list gives their public
    contacts, to remind them), apart from those nobody registered could answer for."""
    rows = workshops.annotate(has_answered=_answered_this_year(), has_manager=_has_manager())
    waiting = Q(has_answered=False)
    counts = rows.aggregate(
        answered=Count("pk", filter=Q(has_answered=True)),
        not_answered=Count("pk", filter=waiting & Q(has_manager=True)),
        no_manager=Count("pk", filter=waiting & Q(has_manager=False)),
    )
    return [Row(str(label), counts[value], {"questionnaire": value}) for value, label in QUESTIONNAIRE_CHOICES]


def pending_moderation(territory):
    count = Workshop.objects.filter(territory.workshop_condition(), status=Status.PENDING).count()
    return Row(str(_("Pending moderation")), count, {"status": Status.PENDING})
