"""Pages for regional officials: the dashboard, the list behind each figure, the exports."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from surveys import analytics
from workshops import exports, mednum
from workshops.filters import described_filters
from workshops.maps import approximate_texts, map_config
from workshops.models import Workshop
from workshops.public import approximately_located

from . import coverage, dashboard, list_form
from .embed_code import embed_snippet, embed_url
from .exports import scoped_export
from .models import ExportLog
from .scopes import OUTSIDE_SCOPE, Scope, scope_for, territory_from

MAP_POINTS_LIMIT = 5000
# The EPCIs without a workshop open to the public that the dashboard names (the table has them all).
UNCOVERED_EPCIS_SHOWN = 20


def _official_scope(request) -> Scope:
    scope = scope_for(request.user)
    if scope.is_empty:
        raise PermissionDenied
    return scope


def _territory(request, scope):
    territory = territory_from(request.GET, scope)
    if territory is None:
        raise PermissionDenied(str(OUTSIDE_SCOPE))
    return territory


def _add_links(territory, *groups):
    """Give every figure the URL of the officials' list of what it counts."""
    base = reverse("officials:list")
    for group in groups:
        for row in group:
            row.url = base + "?" + urlencode({**territory.query, **row.query})
            if hasattr(row, "provisional_query"):  # coverage: the provisional part has its own list
                row.provisional_url = base + "?" + urlencode({**territory.query, **row.provisional_query})
            for inner in getattr(row, "types", ()):
                inner.url = base + "?" + urlencode({**territory.query, **inner.query})


def map_points(workshops):
    rows = workshops.located().select_related("commune").by_name()[:MAP_POINTS_LIMIT]
    return [
        {
            "name": w.name,
            "lat": w.latitude,
            "lon": w.longitude,
            "url": w.get_absolute_url(),
            "commune": w.commune.name if w.commune_id else "",
            "archetype": w.effective_archetype,
            "provisional": w.effective_archetype_provisional,  # « (provisoire) », as the public map says
            "approximate": approximately_located(w),  # placed at its commune only
        }
        for w in rows
    ]


@require_safe
def dashboard_page(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    scope = _official_scope(request)
    territory = _territory(request, scope)
    workshops = Workshop.objects.published().filter(territory.workshop_condition())
    department_coverage = coverage.coverage_by_department(workshops, territory)
    epci_coverage = coverage.coverage_by_epci(workshops, territory)
    uncovered_epcis = coverage.uncovered(epci_coverage)
    context = {
        "territory": territory,
        "territories": scope.territories(),
        "total": workshops.count(),
        "by_archetype": dashboard.by_archetype(workshops),
        "by_department": dashboard.by_department(workshops, territory),
        "equipment": dashboard.equipment_totals(workshops),
        "access": dashboard.access_coverage(workshops),
        "opening": dashboard.opening_coverage(workshops),
        "freshness": dashboard.freshness(workshops),
        "position": dashboard.position_coverage(workshops),
        "questionnaire": dashboard.questionnaire_answers(workshops),
        "year": timezone.localdate().year,
        "pending": dashboard.pending_moderation(territory),
        "public": coverage.open_to_the_public(workshops),
        "department_coverage": department_coverage,
        "uncovered_departments": coverage.uncovered(department_coverage),
        "provisional_departments": len(coverage.only_provisional(department_coverage)),
        "epci_coverage": epci_coverage if territory.kind != "all" else [],
        "uncovered_epcis": uncovered_epcis[:UNCOVERED_EPCIS_SHOWN],
        "uncovered_epci_count": len(uncovered_epcis),
        "served_across_epcis": len(coverage.served_across(epci_coverage)),
        "provisional_epcis": len(coverage.only_provisional(epci_coverage)),
        "mediation": dashboard.mediation_spaces(workshops).select_related("commune").by_name(),
        "mednum": mednum.coverage(workshops),
        "map_points": map_points(workshops),
        "map_config": map_config(text=approximate_texts()),
        "embed_url": embed_url(territory.query),
        "embed_snippet": embed_snippet(territory.query, str(territory)) if territory.query else None,
        "export_query": urlencode(territory.query),
    }
    results, context["survey_groups"] = analytics.territory_survey(workshops, by="archetype")
    context["survey_results"] = analytics.without_small_cells(results)
    context["mediation_count"] = context["mediation"].count()
    context["approximate_points"] = sum(point["approximate"] for point in context["map_points"])
    context["max"] = {k: max((r.count for r in context[k]), default=0) for k in ("by_archetype", "by_department")}
    context["mediation_url"] = reverse("officials:list") + "?" + urlencode({**territory.query, "mediation": "true"})
    context["mednum_url"] = (
        reverse("officials:list") + "?" + urlencode({**territory.query, "mednum_incomplete": "true"})
    )
    context["pending"].url = (
        reverse("officials:list") + "?" + urlencode({**territory.query, **context["pending"].query})
    )
    _add_links(
        territory,
        *(context[k] for k in ("by_archetype", "by_department", "equipment", "access", "opening", "freshness")),
        context["position"],
        context["questionnaire"],
        *(context[k] for k in ("department_coverage", "epci_coverage", "uncovered_epcis")),
        [context["public"]],
    )
    return render(request, "officials/dashboard.html", context)


@require_safe
def workshop_list(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    scope = _official_scope(request)
    territory = _territory(request, scope)
    workshops = scope.workshops(Workshop.objects.filter(territory.workshop_condition()))
    filterset = dashboard.OfficialWorkshopFilter(request.GET, queryset=workshops, request=request)
    status = 200 if filterset.is_valid() else 400
    rows = filterset.qs.select_related("commune", "department") if status == 200 else Workshop.objects.none()
    page = Paginator(rows.by_name(), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    for name in ("page", "delimiter"):  # a wrong export's query comes here (export_file)
        query.pop(name, None)
    filters = described_filters(filterset, leave_out=territory.query) if status == 200 else []
    groups, kept = list_form.build(filterset, territory)
    context = {
        "territory": territory,
        "territories": scope.territories(),
        "filterset": filterset,
        "groups": groups,
        "kept": kept,
        "filters_label": _("Filters (%(n)s)") % {"n": len(filters)},
        "page": page,
        "query": query.urlencode(),
        "filters": filters,
        "whole_territory_url": reverse("officials:list") + "?" + urlencode(territory.query),
    }
    return render(request, "officials/list.html", context, status=status)


@require_safe
def export_file(request, fmt):
    if fmt not in exports.FORMATS:
        raise Http404
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    try:
        export = scoped_export(request.user, fmt, ExportLog.Via.PAGE, request.GET, request=request, readable=True)
    except ValidationError as invalid:
        # The list with the same filters: it names each wrong one and why, with the form to correct it
        # (400); a wrong separator, which no filter of the list shows, in a message above it.
        for message in invalid.message_dict.get("delimiter", []):
            messages.error(request, message)
        response = workshop_list(request)
        response.status_code = 400
        return response
    return exports.response(export)
