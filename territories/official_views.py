"""Pages for regional officials (dashboard, list, exports), the embeddable map and the open data."""

from urllib.parse import urlencode

from csp.decorators import csp_replace
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET
from rest_framework import exceptions as api_exceptions

from accounts.models import ExportLog
from accounts.scopes import Scope, scope_for, territory_from
from surveys import analytics
from workshops import exports, mednum, okw, opendata
from workshops.api.exports import scoped_export
from workshops.models import Workshop
from workshops.vocabularies import Archetype

from . import dashboard
from .models import Department, Region

MAP_POINTS_LIMIT = 5000


def _official_scope(request) -> Scope:
    scope = scope_for(request.user)
    if scope.is_empty:
        raise PermissionDenied
    return scope


def _territory(request, scope):
    territory = territory_from(request.GET, scope)
    if territory is None:
        raise PermissionDenied
    return territory


def _add_links(territory, *groups):
    """Give every figure the URL of the officials' list of what it counts."""
    base = reverse("officials:list")
    for group in groups:
        for row in group:
            row.url = base + "?" + urlencode({**territory.query, **row.query})
            for inner in getattr(row, "types", ()):
                inner.url = base + "?" + urlencode({**territory.query, **inner.query})


def _map_points(workshops):
    rows = workshops.located().select_related("commune").order_by("name")[:MAP_POINTS_LIMIT]
    return [
        {
            "name": w.name,
            "lat": w.latitude,
            "lon": w.longitude,
            "url": w.get_absolute_url(),
            "commune": w.commune.name if w.commune_id else "",
            "archetype": w.effective_archetype,
        }
        for w in rows
    ]


def _map_config(request):
    return {
        "tiles": settings.MAP_TILES_URL,
        "attribution": settings.MAP_TILES_ATTRIBUTION,
        "archetypes": {str(value): str(label) for value, label in Archetype.choices},
    }


@require_GET
def dashboard_page(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    scope = _official_scope(request)
    territory = _territory(request, scope)
    workshops = Workshop.objects.published().filter(territory.workshop_condition())
    department_coverage = dashboard.coverage_by_department(workshops, territory)
    epci_coverage = dashboard.coverage_by_epci(workshops, territory)
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
        "pending": dashboard.pending_moderation(territory),
        "department_coverage": department_coverage,
        "uncovered_departments": dashboard.uncovered(department_coverage),
        "epci_coverage": epci_coverage if territory.kind != "all" else [],
        "uncovered_epcis": dashboard.uncovered(epci_coverage)[:20],
        "mediation": dashboard.mediation_spaces(workshops).select_related("commune").order_by("name"),
        "mednum": mednum.coverage(workshops),
        "map_points": _map_points(workshops),
        "map_config": _map_config(request),
        "embed_url": request.build_absolute_uri(reverse("officials:embed") + "?" + urlencode(territory.query)),
        "export_query": urlencode(territory.query),
    }
    context["survey_results"], context["survey_groups"] = analytics.territory_survey(workshops, by="archetype")
    context["mediation_count"] = context["mediation"].count()
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
        *(context[k] for k in ("department_coverage", "epci_coverage", "uncovered_epcis")),
    )
    return render(request, "officials/dashboard.html", context)


@require_GET
def workshop_list(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    scope = _official_scope(request)
    territory = _territory(request, scope)
    workshops = scope.workshops(Workshop.objects.filter(territory.workshop_condition()))
    filterset = dashboard.OfficialWorkshopFilter(request.GET, queryset=workshops, request=request)
    status = 200 if filterset.is_valid() else 400
    rows = filterset.qs.select_related("commune", "department") if status == 200 else Workshop.objects.none()
    page = Paginator(rows.order_by("name", "pk"), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"territory": territory, "filterset": filterset, "page": page, "query": query.urlencode()}
    return render(request, "officials/list.html", context, status=status)


@require_GET
def export_file(request, fmt):
    if fmt not in exports.FORMATS:
        raise Http404
    try:
        export = scoped_export(request, fmt, ExportLog.Via.PAGE, request.GET)
    except api_exceptions.ValidationError as exc:
        return HttpResponse(str(exc.detail), status=400, content_type="text/plain; charset=utf-8")
    except api_exceptions.PermissionDenied as exc:
        raise PermissionDenied from exc
    return exports.response(export)


def _territory_for_embed(params):
    department, region = params.get("department", ""), params.get("region", "")
    if department:
        found = Department.objects.filter(code=department).first()
        return (found, {"department_id": department}) if found else (None, None)
    if region:
        found = Region.objects.filter(code=region).first()
        return (found, {"region_id": region}) if found else (None, None)
    return None, None


@require_GET
@xframe_options_exempt
@csp_replace({"frame-ancestors": ["*"]})
def embed(request):
    """A light page, without the site's header and footer, that any site may put in an iframe."""
    place, condition = _territory_for_embed(request.GET)
    if place is None:
        raise Http404("Give region=CODE or department=CODE.")
    workshops = Workshop.objects.published().filter(**condition).select_related("commune").order_by("name")
    context = {
        "place": place,
        "workshops": workshops,
        "map_points": _map_points(workshops),
        "map_config": _map_config(request),
    }
    return render(request, "embed/map.html", context)


def open_data(request):
    context = {"files": opendata.files(), "licence_url": exports.LICENCE_URL}
    return render(request, "officials/open_data.html", context)


@require_GET
def open_data_file(request, fmt):
    """The published directory, public fields only; generated on demand, cached until it changes."""
    if fmt not in opendata.FORMATS:
        raise Http404
    generated = opendata.generated(fmt)
    response = HttpResponse(generated.content, content_type=exports.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{generated.filename}"'
    response["Link"] = f'<{exports.LICENCE_URL}>; rel="license"'
    response["Cache-Control"] = "public, max-age=600"
    return response


@require_GET
def open_data_catalog(request):
    """The DCAT-AP catalogue of the open data (JSON-LD), for data.gouv.fr's harvester."""
    response = JsonResponse(
        opendata.catalog(), content_type="application/ld+json", json_dumps_params={"ensure_ascii": False}
    )
    response["Cache-Control"] = "public, max-age=600"
    return response


@require_GET
def open_data_okw_schema(request):
    """The JSON Schema of the Open Know-Where file, as the project keeps it from the specification."""
    return HttpResponse(okw.SCHEMA_PATH.read_bytes(), content_type="application/schema+json")
