"""Coverage: workshops open to the public per 100,000 inhabitants, per department and per EPCI.

Each figure carries the query that lists the workshops it counts (see dashboard.py).
"""

from dataclasses import dataclass

from django.db.models import Count, Sum

from territories.models import EPCI, Commune, Department

from .dashboard import PUBLIC_ACCESS


@dataclass
class Coverage:
    code: str
    name: str
    population: int | None
    workshops: int
    query: dict
    url: str = ""

    @property
    def per_100k(self):
        return round(self.workshops * 100_000 / self.population, 2) if self.population else None


def _communes(territory):
    return Commune.objects.filter(territory.workshop_condition(), kind=Commune.Kind.COMMUNE)


def coverage_by_department(workshops, territory):
    """Workshops open to the public per 100,000 inhabitants, per department of the territory."""
    public = workshops.filter(access__in=PUBLIC_ACCESS)
    counts = dict(public.values_list("department_id").annotate(n=Count("pk")).order_by())
    populations = dict(_communes(territory).values_list("department_id").annotate(p=Sum("population")).order_by())
    departments = Department.objects.filter(code__in=populations).order_by("code")
    return [
        Coverage(
            d.code, str(d), populations.get(d.code), counts.get(d.code, 0), {"department": d.code, "public": "true"}
        )
        for d in departments
    ]


def coverage_by_epci(workshops, territory):
    """The same per EPCI with a commune in the territory (an EPCI's whole population counts)."""
    public = workshops.filter(access__in=PUBLIC_ACCESS)
    counts = dict(public.values_list("commune__epci_id").annotate(n=Count("pk")).order_by())
    epcis = EPCI.objects.filter(communes__in=_communes(territory)).distinct().order_by("name")
    return [
        Coverage(e.code, e.name, e.population, counts.get(e.code, 0), {"epci": e.code, "public": "true"}) for e in epcis
    ]


def uncovered(coverage):
    """The territories without any workshop open to the public, most populous first."""
    return sorted((c for c in coverage if c.workshops == 0), key=lambda c: -(c.population or 0))
