"""/open-data/: the published directory as open files (public fields only), and the page about them."""

import hashlib

from django.core.cache import cache
from django.db.models import Count, Max
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from workshops import exports
from workshops.models import Equipment, Workshop

OPEN_DATA_FORMATS = ("csv", "geojson", "mednum-csv")
OPEN_DATA_SECONDS = 3600


def open_data(request):
    return render(
        request, "officials/open_data.html", {"formats": OPEN_DATA_FORMATS, "licence_url": exports.LICENCE_URL}
    )


def _directory_version():
    """Changes whenever a published workshop or any equipment changes: the cache key of the files."""
    workshops = Workshop.objects.published().aggregate(n=Count("pk"), last=Max("updated_at"))
    equipment = Equipment.objects.aggregate(n=Count("pk"), last=Max("pk"))
    version = f"{workshops['n']}-{workshops['last']}-{equipment['n']}-{equipment['last']}-{timezone.localdate()}"
    return hashlib.sha256(version.encode()).hexdigest()[:24]


@require_GET
def open_data_file(request, fmt):
    """The published directory, public fields only; generated on demand, cached until it changes."""
    if fmt not in OPEN_DATA_FORMATS:
        raise Http404
    key = f"open-data:{fmt}:{_directory_version()}"
    cached = cache.get(key)
    if cached is None:
        export = exports.build(fmt, Workshop.objects.published(), private=False, delimiter=",")
        content = "".join(export.chunks).encode("utf-8")
        cached = (content, export.filename)
        cache.set(key, cached, OPEN_DATA_SECONDS)
    content, filename = cached
    response = HttpResponse(content, content_type=exports.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Link"] = f'<{exports.LICENCE_URL}>; rel="license"'
    response["Cache-Control"] = "public, max-age=600"
    return response
