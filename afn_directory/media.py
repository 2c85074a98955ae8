"""The uploaded files (workshop photos), served by the application when SERVE_MEDIA says so.

In production nginx serves them (deploy/nginx.conf); this is for development and for a single
server without nginx. Their names are never reused (workshops/photos.py): kept for good.
"""

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import Http404
from django.views.decorators.http import require_safe
from django.views.static import serve

KEPT_FOR_GOOD = "public, max-age=31536000, immutable"


@require_safe
def media(request, path):
    if not settings.SERVE_MEDIA:
        raise Http404("Uploaded files are served by the web server here.")
    try:
        response = serve(request, path, document_root=settings.MEDIA_ROOT)
    except SuspiciousFileOperation:  # a path out of MEDIA_ROOT (../): nothing there to serve
        raise Http404("Not an uploaded file.") from None
    response["Cache-Control"] = KEPT_FOR_GOOD
    return response
