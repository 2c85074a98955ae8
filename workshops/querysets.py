"""Intention-named queries over workshops, shared by the pages, the API and the exports."""

import hashlib
import time

from django.db import connections, models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Coalesce
from django.db.models.lookups import Exact, IsNull

from afn_directory.http_cache import single_flight

from . import geo, hours
from . import search as text_search
from .generation import generation
from .vocabularies import Access, Status

# Open to the public: open to all, or on request. Officials' coverage counts these.
PUBLIC_ACCESS = (Access.OPEN.value, Access.ON_REQUEST.value)
# On the map: a workshop with a position (`located()`; the officials' figures count with it).
LOCATED = Q(latitude__isnull=False, longitude__isnull=False)


def effective_archetype(override, computed):
    """The archetype a workshop is shown and counted with: a staff override wins over the classifier's.

    The one statement of the rule; `effective_archetype_sql` says the same in SQL, for counts and
    filters, and `Workshop.effective_archetype` applies it to one workshop.
    """
    return override or computed


def effective_archetype_sql(prefix=""):
    """`effective_archetype` as an SQL expression; `prefix` reaches a related workshop ("workshop__")."""
    return Coalesce(
        f"{prefix}archetype_override", f"{prefix}archetype", output_field=models.PositiveSmallIntegerField()
    )


def effective_archetype_provisional(provisional, override, computed) -> bool:
    """Whether the archetype a workshop is shown with was inferred from open data: the classifier's
    (`computed`), resting on criteria open data gave (`provisional`), for want of staff's
    `override`, which is never provisional. `effective_archetype_provisional_sql` says the same in SQL."""
    return bool(provisional and not override and computed)


def effective_archetype_provisional_sql(prefix=""):
    """`effective_archetype_provisional` as an SQL boolean."""
    return models.ExpressionWrapper(
        Q(**{f"{prefix}archetype_provisional": True, f"{prefix}archetype_override": None})
        & ~Q(**{f"{prefix}archetype": None}),
        output_field=models.BooleanField(),
    )


def provisional_access(access, inferred):
    """The access a workshop is counted with provisionally: the one inferred from open data
    (`provisional_profile["access"]["value"]`), while its managers have given none; "" otherwise.

    The rule `classification.provisional_values` applies to every criterion for the classifier,
    stated here for access alone; `provisionally_public_condition` says it in SQL.
    """
    return "" if access else inferred or ""


def provisionally_public_condition():
    """Open to the public only provisionally: the managers gave no access, open data says open."""
    return Q(access="", provisional_profile__access__value__in=PUBLIC_ACCESS)


def public_condition():
    """Open to the public as the managers declared it or, where they said nothing, provisionally."""
    return Q(access__in=PUBLIC_ACCESS) | provisionally_public_condition()


class WorkshopQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def open_to_the_public(self):
        """Declared open to the public, or provisionally so where the managers gave no access."""
        return self.filter(public_condition())

    def with_access(self, access):
        """The access declared by the managers or, where they declared none, inferred from open
        data: what the workshop's page shows (the latter as provisional)."""
        return self.filter(Q(access=access) | Q(access="", provisional_profile__access__value=access))

    def declared_open_to_the_public(self):
        return self.filter(access__in=PUBLIC_ACCESS)

    def provisionally_open_to_the_public(self):
        return self.filter(provisionally_public_condition())

    def in_region(self, code):
        return self.filter(region_id=code)

    def in_department(self, code):
        return self.filter(department_id=code)

    def in_commune(self, code):
        """Workshops of a commune; those of Paris, Lyon and Marseille include their arrondissements'."""
        return self.filter(Q(commune_id=code) | Q(commune__parent_id=code))

    def managed_by(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(memberships__user=user)

    def with_equipment(self, *types):
        """Workshops that have every one of the given equipment types (slugs or EquipmentType rows).

        Rows are matched on their id, so each EXISTS is one probe of the (workshop, type) index;
        a slug costs a join to the taxonomy that PostgreSQL plans as a scan of every such machine.
        """
        machines = self._machines()
        queryset = self
        for machine_type in types:
            condition = {"type__slug": machine_type} if isinstance(machine_type, str) else {"type_id": machine_type.pk}
            queryset = queryset.filter(Exists(machines.filter(workshop=OuterRef("pk"), **condition)))
        return queryset

    def with_any_equipment(self, types=(), categories=()):
        """Workshops that have at least one of the given equipment types or a machine of one of the categories.

        The taxonomy is small: the categories become the ids of their types here. PostgreSQL
        checks them against the ids each workshop stores (`equipment_types`, carried by the
        territory and nearby indexes: a count never visits the machines); SQLite, which has no
        JSON containment, by one EXISTS over the (workshop, type) index.
        """
        machines = self._machines()
        machine_types = machines.model._meta.get_field("type").related_model.objects

        ids = {t.pk for t in types if not isinstance(t, str)}
        slugs = [t for t in types if isinstance(t, str)]
        if slugs or categories:
            ids |= set(
                machine_types.filter(Q(slug__in=slugs) | Q(category__in=list(categories))).values_list("pk", flat=True)
            )
        if not ids:
            return self.none()
        if self.db_vendor() == "postgresql":
            any_type = Q()
            for pk in sorted(ids):
                any_type |= Q(equipment_types__contains=[pk])
            return self.filter(any_type)
        return self.filter(Exists(machines.filter(workshop=OuterRef("pk"), type_id__in=sorted(ids))))

    def with_equipment_category(self, category):
        return self.filter(Exists(self._machines().filter(workshop=OuterRef("pk"), type__category=category)))

    def _machines(self):
        """Every machine (Equipment), reached through the relation: this module imports no model."""
        return self.model._meta.get_field("equipment").related_model.objects.all()

    def _with_json_code(self, field, code):
        # A JSON list of codes, matched on its quoted element: works on SQLite and PostgreSQL.
        return self.filter(**{f"{field}__icontains": f'"{code}"'})

    def with_service(self, code):
        return self._with_json_code("services", code)

    def with_audience(self, code):
        return self._with_json_code("audiences", code)

    def with_label(self, code):
        return self._with_json_code("labels", code)

    def with_archetype(self, number):
        """Workshops whose effective archetype (staff override first) is the given one; None: unknown."""
        if number is None:
            return self.filter(IsNull(effective_archetype_sql(), True))
        return self.filter(Exact(effective_archetype_sql(), number))

    def with_effective_archetype(self):
        """Each workshop annotated with `effective`, its effective archetype (None when unknown)."""
        return self.annotate(effective=effective_archetype_sql())

    def search(self, text):
        """Workshops that hold every word of `text`, in any case, with or without accents (`search`)."""
        holds = text_search.condition(text)
        return self if holds is None else self.filter(holds)

    def located(self):
        return self.filter(LOCATED)

    def by_name(self):
        """In French alphabetical order (the stored sort key), as every list ordered by name."""
        return self.order_by("sort_name", "pk")

    def nearby(self, lat, lon, radius_km=50):
        """Workshops within radius_km of (lat, lon), annotated with distance_km, nearest first.

        distance_km is the haversine distance on every database. PostgreSQL finds and orders
        the rows through a GiST index of the positions (a k-nearest walk of `workshop_earth_walk`:
        `[:20]` reads about twenty rows whatever the density; the count reads `workshop_earth`
        alone) and checks the radius as the index measures, by the chord between two points
        (`geo.earth_within_condition`: the same workshops as the haversine keeps); SQLite scans a
        latitude/longitude box and sorts.
        PostgreSQL cannot add a tie-break to an index walk without sorting every row again, so
        workshops at exactly the same distance come in the index's order there (the same for
        the same data), by id on SQLite.
        """
        if self.db_vendor() == "postgresql":
            return (
                self.filter(
                    geo.earth_box_condition(lat, lon, radius_km), geo.earth_within_condition(lat, lon, radius_km)
                )
                .annotate(distance_km=geo.distance_expression(lat, lon))
                .order_by(geo.earth_order(lat, lon))
            )
        box = geo.bounding_box(lat, lon, radius_km)
        return (
            self.filter(
                latitude__gte=box.south,
                latitude__lte=box.north,
                longitude__gte=box.west,
                longitude__lte=box.east,
            )
            .annotate(distance_km=geo.distance_expression(lat, lon))
            .filter(distance_km__lte=radius_km)
            .order_by("distance_km", "pk")
        )

    def by_distance(self, lat, lon):
        """Annotated with distance_km from (lat, lon), nearest first; workshops without a position last."""
        return self.annotate(distance_km=geo.distance_expression(lat, lon)).order_by(
            models.F("distance_km").asc(nulls_last=True), "pk"
        )

    def db_vendor(self):
        return connections[self.db].vendor

    def open_now(self, at=None):
        """Workshops open at the given instant (now by default), in their own time zone.

        Opening hours cannot be evaluated in SQL; there are far fewer distinct expressions than
        workshops, so each distinct (expression, region) pair is evaluated once. The pairs of the
        whole directory are cached until a workshop changes (the directory generation), so the
        query never repeats this queryset's other, costlier conditions.
        """
        regions_by_expression: dict[str, list[str | None]] = {}
        open_regions: dict[str, list[str | None]] = {}
        for (expression, region), state in open_states(self.model, at).items():
            regions_by_expression.setdefault(expression, []).append(region)
            if state:
                open_regions.setdefault(expression, []).append(region)
        if not open_regions:
            return self.none()
        # Regions only matter through their public holidays: most expressions are open (or
        # closed) wherever they are used, and need no condition on the region. Keeping the SQL
        # to one IN list lets the database check it cheaply on every row.
        everywhere = [e for e, regions in open_regions.items() if len(regions) == len(regions_by_expression[e])]
        condition = Q(opening_hours__in=everywhere) if everywhere else Q(pk__in=[])
        for expression, regions in open_regions.items():
            if len(regions) < len(regions_by_expression[expression]):
                in_regions = Q(region_id__in=[r for r in regions if r is not None])
                if None in regions:
                    in_regions |= Q(region_id__isnull=True)
                condition |= Q(opening_hours=expression) & in_regions
        return self.filter(condition)


# What each process derives from a generation, kept as one (key, value) pair that a thread
# replaces whole: another thread reads the old pair or the new, never a half-made one.
_pairs: tuple[int, list[tuple[str, str | None]]] | None = None
_states: tuple[tuple[int, int], dict[tuple[str, str | None], bool | None], str] | None = None


def _hours_pairs(model) -> list[tuple[str, str | None]]:
    """Every distinct (opening hours, region) pair of the directory, per generation: kept by each
    process, read by the first from the database and shared with the others through the cache."""
    global _pairs
    current, kept = generation(), _pairs
    if kept is None or kept[0] != current:
        kept = (current, single_flight(f"directory:hours-pairs:{current}", lambda: hours_pairs(model), timeout=3600))
        _pairs = kept
    return kept[1]


def _open_states(model, at=None) -> tuple[dict[tuple[str, str | None], bool | None], str]:
    """Each (opening hours, region) pair of the directory (`model`'s) with whether it is open at
    `at` (now by default), and a digest of them. Opening hours change state on the minute: each
    process evaluates the pairs once per minute and generation, not once per request."""
    global _states
    memo_key, kept = (generation(), int((at.timestamp() if at else time.time()) // 60)), _states
    if kept is None or kept[0] != memo_key:
        states = {(e, r): hours.is_open(e, r, at) for e, r in _hours_pairs(model)}
        digest = hashlib.sha256(repr(sorted((e, r or "", str(s)) for (e, r), s in states.items())).encode())
        kept = (memo_key, states, digest.hexdigest()[:16])
        _states = kept
    return kept[1], kept[2]


def open_states(model, at=None) -> dict[tuple[str, str | None], bool | None]:
    """Whether each (opening hours, region) pair of the directory is open at `at` (now by
    default): True, False, or None when the hours are unreadable (`hours.is_open`)."""
    return _open_states(model, at)[0]


_UNKNOWN_PAIR = object()


def is_open_now(model, expression: str, region: str | None) -> bool | None:
    """`hours.is_open` now, read from this minute's `open_states` when the directory holds the pair."""
    state = open_states(model).get((expression, region), _UNKNOWN_PAIR)
    return hours.is_open(expression, region) if state is _UNKNOWN_PAIR else state


def open_signature(model, at=None) -> str:
    """A digest of which opening hours of the directory (`model`'s) are open right now.

    It changes when a workshop opens or closes (a few dozen times a day), not every minute:
    cached answers that show "open now" are keyed on it rather than on the clock.
    """
    return _open_states(model, at)[1]


# PostgreSQL reads the distinct pairs as a skip scan of workshop_hours_region: a probe of the
# index per distinct opening-hours expression and per region it is used in (a few hundred
# probes), where DISTINCT reads every entry of the index (12 ms at 100,000 workshops, against
# 1–2 ms). It finds each next expression, then each next region of that expression, then
# whether some workshop with that expression has no region.
HOURS_PAIRS_SKIP_SCAN = """
WITH RECURSIVE expressions AS (
    SELECT min(opening_hours) AS expression FROM {table} WHERE opening_hours > ''
    UNION ALL
    SELECT (SELECT min(opening_hours) FROM {table} WHERE opening_hours > expressions.expression)
    FROM expressions WHERE expressions.expression IS NOT NULL
), pairs AS (
    SELECT expression, (SELECT min(region_id) FROM {table} WHERE opening_hours = expression) AS region
    FROM expressions WHERE expression IS NOT NULL
    UNION ALL
    SELECT expression,
        (SELECT min(region_id) FROM {table} WHERE opening_hours = expression AND region_id > pairs.region)
    FROM pairs WHERE pairs.region IS NOT NULL
)
SELECT expression, region FROM pairs WHERE region IS NOT NULL
UNION ALL
SELECT expression, NULL FROM expressions WHERE expression IS NOT NULL
    AND EXISTS (SELECT 1 FROM {table} WHERE opening_hours = expression AND region_id IS NULL)
"""


def hours_pairs_query(model):
    """The distinct (opening hours, region) pairs: an index-only scan of workshop_hours_region."""
    return model.objects.exclude(opening_hours="").values_list("opening_hours", "region_id").distinct().order_by()


def hours_pairs(model) -> list[tuple[str, str | None]]:
    """The distinct (opening hours, region) pairs, as `hours_pairs_query` finds them; a skip scan
    of the same index on PostgreSQL."""
    queryset = hours_pairs_query(model)
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return list(queryset)
    with connection.cursor() as cursor:
        cursor.execute(HOURS_PAIRS_SKIP_SCAN.format(table=connection.ops.quote_name(model._meta.db_table)))
        return [tuple(row) for row in cursor.fetchall()]
