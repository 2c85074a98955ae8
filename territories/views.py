"""Place suggestions for search boxes and forms: communes by name prefix or postal code."""

from django.http import JsonResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from . import places

MAX_QUERY_LENGTH = 100


def _commune_json(commune):
    return {
        "code": commune.code,
        "name": commune.name,
        "label": f"{commune.name} ({commune.department_id})",
        "postal_codes": [p.code for p in commune.postal_codes.all()],
        "department": {"code": commune.department_id, "name": commune.department.name},
        "latitude": commune.latitude,
        "longitude": commune.longitude,
    }


@require_safe
@cache_control(public=True, max_age=3600)
def suggest(request):
    """`?q=nan` or `?q=440` → `{"results": [{code, name, label, postal_codes, department, latitude, longitude}]}`.

    The centre is null while it is not known.
    """
    query = request.GET.get("q", "")[:MAX_QUERY_LENGTH]
    return JsonResponse({"results": [_commune_json(c) for c in places.suggest(query)]})
