"""What territory a regional official may see: one helper asked by every page, API and export.

Staff see the whole country (with their second factor, afn_directory/staff.py); an official sees the regions and departments their OfficialScope
rows grant; everyone else sees nothing private.
"""

from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from afn_directory.staff import has_staff_powers, second_factor_satisfied
from territories.models import NAMES_SECONDS, Department, Region
from territories.process_copy import ProcessCopy
from workshops.search import sort_key

# Why a page, a file or the API refuses (PermissionDenied's message, shown by templates/403.html).
NO_SCOPE = _("Exports are for regional officials and staff.")
OUTSIDE_SCOPE = _("This territory is outside your scope, or does not exist.")


@dataclass(frozen=True)
class Territory:
    """A region, a department or the whole country (kind "all")."""

    kind: str
    code: str = ""
    name: str = ""

    @property
    def key(self):
        """The value of the dashboard's `territory` selector."""
        return f"{self.kind}:{self.code}" if self.code else self.kind

    @property
    def query(self):
        """The query-string parameters that select this territory."""
        return {self.kind: self.code} if self.kind in ("region", "department") else {}

    def workshop_condition(self, prefix=""):
        if self.kind == "region":
            return Q(**{f"{prefix}region_id": self.code})
        if self.kind == "department":
            return Q(**{f"{prefix}department_id": self.code})
        return Q()

    def __str__(self):
        return self.name


NATION = Territory("all", "", "France")


@dataclass(frozen=True)
class Scope:
    everything: bool = False
    regions: frozenset = frozenset()
    departments: frozenset = frozenset()

    @property
    def is_empty(self):
        return not (self.everything or self.regions or self.departments)

    def allows(self, territory: Territory) -> bool:
        if self.everything:
            return True
        if territory.kind == "region":
            return territory.code in self.regions
        if territory.kind == "department":
            return territory.code in self.departments or self._department_region(territory.code) in self.regions
        return False

    def _department_region(self, code):
        return Department.objects.filter(code=code).values_list("region_id", flat=True).first()

    def workshops(self, queryset):
        """The part of a workshop queryset this scope may see."""
        if self.everything:
            return queryset
        if self.is_empty:
            return queryset.none()
        return queryset.filter(Q(region_id__in=self.regions) | Q(department_id__in=self.departments))

    def territories(self) -> list[Territory]:
        """The territories one can choose from, broadest first: the whole country (staff), the
        regions in French order (« Île-de-France » among the I), then the departments by code.
        From the copies each process keeps of the regions and departments: no query."""
        regions, departments = Region.objects.names(), departments_copy(self.regions, self.departments)
        if self.everything:
            region_codes, department_codes = set(regions), set(departments)
        else:
            region_codes = set(self.regions) & set(regions)
            department_codes = {
                code
                for code, (_name, region) in departments.items()
                if region in self.regions or code in self.departments
            }
        return [
            *([NATION] if self.everything else []),
            *sorted(
                (Territory("region", code, regions[code]) for code in region_codes), key=lambda t: sort_key(t.name)
            ),
            *(Territory("department", code, f"{departments[code][0]} ({code})") for code in sorted(department_codes)),
        ]


def _read_departments():
    return {code: (name, region) for code, name, region in Department.objects.values_list("code", "name", "region_id")}


_departments = ProcessCopy(_read_departments, NAMES_SECONDS)


def departments_copy(regions=(), departments=()) -> dict:
    """{code: (name, region)} of every department, from this process's copy, read again when it
    does not know one of these regions or departments (read before the territories were loaded,
    or before a change)."""
    copy = _departments.whole()
    known = {region for _name, region in copy.values()}
    if not copy or not set(regions) <= known or not set(departments) <= set(copy):
        _departments.forget()
        copy = _departments.whole()
    return copy


def scope_for(user) -> Scope:
    if not user.is_authenticated or not user.is_active:
        return Scope()
    if has_staff_powers(user):
        return Scope(everything=True)
    rows = list(user.official_scopes.values_list("region_id", "department_id"))
    if rows and not second_factor_satisfied(user):
        return Scope()
    return Scope(
        regions=frozenset(r for r, _d in rows if r),
        departments=frozenset(d for _r, d in rows if d),
    )


def territory_from(params, scope: Scope) -> Territory | None:
    """The territory a request asks for, or the scope's first.

    `territory=region:52` (the dashboard's selector) wins over `department=44`, which wins over
    `region=52`.

    None when the request names a territory outside the scope, one that does not exist, or a
    `territory` it does not understand (`foo:bar`, `all` for an official): a page never shows
    another territory than the one asked for.
    """
    department, region = (params.get("department") or "").strip(), (params.get("region") or "").strip()
    kind, _sep, code = (params.get("territory") or "").strip().partition(":")
    if kind == "department" and code:
        department = code
    elif kind == "region" and code:
        region, department = code, ""
    elif kind == "all" and not code and scope.everything:
        return NATION
    elif kind:
        return None
    if department:
        found = Department.objects.filter(code=department).first()
        territory = Territory("department", found.code, str(found)) if found else None
    elif region:
        found = Region.objects.filter(code=region).first()
        territory = Territory("region", found.code, found.name) if found else None
    else:
        choices = scope.territories()
        return choices[0] if choices else None
    return territory if territory and scope.allows(territory) else None
