"""Coverage: workshops open to the public per 100,000 inhabitants, per department and per EPCI.

Open to the public is what the managers declared or, where they said nothing, what open data
suggests (`Workshop.provisional_profile`, e.g. a census fablab): a census-only territory is not
"without any workshop". Every figure says how many of its workshops are provisional, so the two
are never confused. Each figure carries the query that lists the workshops it counts (see
dashboard.py): `public=true` for all of them, `public=provisional` for the provisional part.

An EPCI may cross the territory's border (Redon Agglomération: Ille-et-Vilaine, Morbihan and
Loire-Atlantique). It counts for its part inside the territory: the population of its communes
there and the workshops there, which the official's list shows. Its workshops open to the public
on the other side are counted apart, and an EPCI that has one is never listed as without any.
"""

from dataclasses import dataclass

from django.db.models import Count, Q, Sum

from territories.models import EPCI, Commune, Department
from workshops.models import Workshop
from workshops.querysets import provisionally_public_condition

from .dashboard import PROVISIONAL, PUBLIC


@dataclass
class Coverage:
    code: str
    name: str
    population: int | None
    workshops: int  # open to the public, declared or provisional
    query: dict
    provisional: int = 0  # of `workshops`, those open to the public only provisionally
    url: str = ""
    provisional_url: str = ""
    partial: bool = False  # an EPCI crossing the territory's border: its part inside only
    across: int = 0  # open to the public in the EPCI's part outside the territory

    @property
    def per_100k(self):
        return round(self.workshops * 100_000 / self.population, 2) if self.population else None

    @property
    def provisional_query(self):
        return {**self.query, "public": PROVISIONAL}

    @property
    def only_provisional(self):
        """Covered only by workshops no manager has said are open to the public."""
        return self.workshops > 0 and self.provisional == self.workshops


# Open to the public (declared or provisional), and of those the provisional ones.
_COUNTS = {"n": Count("pk"), "provisional": Count("pk", filter=provisionally_public_condition())}


def open_to_the_public(workshops) -> Coverage:
    """The territory's workshops open to the public, and how many of them only provisionally."""
    counts = workshops.open_to_the_public().aggregate(**_COUNTS)
    return Coverage("", "", None, counts["n"], {"public": PUBLIC}, counts["provisional"])


def _counts(workshops, key):
    """{key value: (open to the public, of which provisional)} in one query."""
    rows = workshops.open_to_the_public().values_list(key).annotate(**_COUNTS).order_by()
    return {value: (n, provisional) for value, n, provisional in rows}


def _communes(territory):
    return Commune.objects.filter(territory.workshop_condition(), kind=Commune.Kind.COMMUNE)


def coverage_by_department(workshops, territory):
    """Workshops open to the public per 100,000 inhabitants, per department of the territory."""
    counts = _counts(workshops, "department_id")
    populations = dict(_communes(territory).values_list("department_id").annotate(p=Sum("population")).order_by())
    departments = Department.objects.filter(code__in=populations).order_by("code")
    return [_row(d.code, str(d), populations.get(d.code), counts, {"department": d.code}) for d in departments]


def coverage_by_epci(workshops, territory):
    """The same per EPCI with a commune in the territory; one that crosses its border counts for
    its part inside (the population of its communes there), with its workshops open to the public
    on the other side apart (`across`)."""
    counts = _counts(workshops, "commune__epci_id")
    communes = Q(communes__kind=Commune.Kind.COMMUNE)
    inside = communes & territory.workshop_condition("communes__")
    epcis = (
        EPCI.objects.annotate(
            population_inside=Sum("communes__population", filter=inside),
            communes_inside=Count("communes", filter=inside),
            communes_in_all=Count("communes", filter=communes),
        )
        .filter(communes_inside__gt=0)
        .order_by("name")
    )
    rows = []
    for e in epcis:
        partial = e.communes_inside < e.communes_in_all
        row = _row(e.code, e.name, e.population_inside if partial else e.population, counts, {"epci": e.code})
        row.partial = partial
        rows.append(row)
    across = _across(territory, [row.code for row in rows if row.partial])
    for row in rows:
        row.across = across.get(row.code, (0, 0))[0]
    return rows


def _across(territory, epcis):
    """{EPCI code: (open to the public, of which provisional)} of these EPCIs' published workshops
    outside the territory, in one query (none when no EPCI crosses its border)."""
    if not epcis:
        return {}
    outside = Workshop.objects.published().filter(commune__epci_id__in=epcis).exclude(territory.workshop_condition())
    return _counts(outside, "commune__epci_id")


def _row(code, name, population, counts, query):
    workshops, provisional = counts.get(code, (0, 0))
    return Coverage(code, name, population, workshops, {**query, "public": PUBLIC}, provisional)


def uncovered(coverage):
    """The territories without any workshop open to the public, most populous first (an EPCI
    with one just across the territory's border is not)."""
    return sorted((c for c in coverage if c.workshops == 0 and not c.across), key=lambda c: -(c.population or 0))


def served_across(coverage):
    """The EPCIs without a workshop open to the public inside the territory, but with one on the
    other side of its border."""
    return [c for c in coverage if c.workshops == 0 and c.across]


def only_provisional(coverage):
    """The territories whose workshops open to the public are all provisional: to be confirmed."""
    return [c for c in coverage if c.only_provisional]
