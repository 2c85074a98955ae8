"""/embed/?region=…: a light map of a territory's workshops that any site may put in an iframe."""

from csp.decorators import csp_replace
from django.shortcuts import render
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from territories.models import Department, Region
from territories.places import normalise
from workshops.http_cache import public_page
from workshops.maps import approximate_texts, map_config
from workshops.models import Workshop

from .views import map_points


def _territory_for_embed(params):
    department, region = params.get("department", ""), params.get("region", "")
    if department:
        found = Department.objects.filter(code=department).first()
        return (found, {"department_id": department}) if found else (None, None)
    if region:
        found = Region.objects.filter(code=region).first()
        return (found, {"region_id": region}) if found else (None, None)
    return None, None


@require_safe
@xframe_options_exempt
@csp_replace({"frame-ancestors": ["*"]})
@public_page  # every visit to a page that embeds it asks for it: proxies and CDNs keep it
def embed(request):
    """A light page, without the site's header and footer, that any site may put in an iframe."""
    place, condition = _territory_for_embed(request.GET)
    if place is None:
        # Whoever opens it is putting the map on a site: say what the address needs, and why not.
        context = {
            "department": request.GET.get("department", ""),
            "region": request.GET.get("region", ""),
            "regions": sorted(Region.objects.all(), key=lambda region: normalise(region.name)),  # Île-de-France at I
        }
        return render(request, "embed/missing.html", context, status=404)
    workshops = Workshop.objects.published().filter(**condition).select_related("commune").by_name()
    context = {
        "place": place,
        "workshops": workshops,
        "map_points": map_points(workshops),
        "map_config": map_config(text=approximate_texts()),
    }
    return render(request, "embed/map.html", context)
