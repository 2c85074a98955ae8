"""The API's errors in the request's language, in the API's own words.

DRF answers Django's Http404 with its message: get_object_or_404's "No Workshop matches the given
query." is English whatever the language, and names a model rather than what was asked; the
session's CSRF refusal is Django's English reason. Both are said here as the rest of the API says
things.
"""

from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, exceptions.PermissionDenied) and str(exc.detail).startswith("CSRF Failed"):
        exc = exceptions.PermissionDenied(
            _(
                "Signed in with the session, a change needs its CSRF token (the X-CSRFToken header); or use an API token."
            )
        )
    return drf_exception_handler(exc, context)
