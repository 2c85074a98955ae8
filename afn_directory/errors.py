"""Error pages, and a friendly 503 when the database cannot be reached.

A database outage must not show a traceback nor a bare 500: visitors get a page saying the
service is briefly unavailable (503, Retry-After), and the broken connection is dropped, so
the next request reconnects and the app recovers by itself when the database is back.

Two places catch it: the middleware for exceptions raised by views, and the 500 handler for
those raised elsewhere in the chain (e.g. saving a session on the way out).
"""

import logging
import sys

from django.db import connections
from django.db.utils import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
API_PREFIX = "/api/"


def is_database_unavailable(error: BaseException | None) -> bool:
    return isinstance(error, OperationalError | InterfaceError)


def _close_connections():
    for connection in connections.all(initialized_only=True):
        try:
            connection.close()
        except Exception:  # closing a dead connection may fail too; it is dropped either way
            logger.debug("closing connection %s failed", connection.alias, exc_info=True)


def service_unavailable(error: BaseException, request=None) -> HttpResponse:
    """The 503 page (JSON for the API); rendered without the request so that no context processor
    queries the database."""
    logger.error("database unavailable: %s", type(error).__name__)
    _close_connections()
    if request is not None and request.path.startswith(API_PREFIX):
        response = JsonResponse(
            {"detail": gettext("The service is briefly unavailable; try again shortly.")}, status=503
        )
    else:
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_database_unavailable(exception):
            return service_unavailable(exception, request)
        return None


class MethodNotAllowedPageMiddleware:
    """A page for an address opened with a method it does not take (mostly a form's target opened
    by itself: the log-out, a new API token): Django answers 405 with an empty body, which a
    browser shows as a blank page or its own error. The status and `Allow` stay; the API answers
    its own JSON."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 405 or response.streaming or response.content or request.path.startswith(API_PREFIX):
            return response
        page = render(request, "405.html", status=405)
        page["Allow"] = response.get("Allow", "")
        return page


def server_error(request):
    """handler500: the 503 page for a database outage, else the plain 500 page (no traceback)."""
    error = sys.exc_info()[1]
    if is_database_unavailable(error):
        return service_unavailable(error, request)
    if request is not None and request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": gettext("Server error.")}, status=500)
    return HttpResponseServerError(loader.render_to_string("500.html"))
