"""Liveness and readiness probes: no authentication, no secrets in the body.

`HealthProbeMiddleware` answers them before any other middleware, so that a load balancer or
Docker asking `http://127.0.0.1:8000/readyz` is not refused by ALLOWED_HOSTS, redirected to
HTTPS, or given a session cookie. The URL patterns are kept for `reverse()` and the docs.
"""

import logging

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


@require_safe
@never_cache
def healthz(request):
    """The process is alive and answers; says nothing about its dependencies."""
    return JsonResponse({"status": "ok"})


def _check_database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        # Drop the broken connection: the next request opens a fresh one, so the app recovers
        # by itself when the database comes back.
        connection.close()
        raise


def _check_cache():
    cache.set("readyz-probe", "1", 5)
    if cache.get("readyz-probe") != "1":
        raise RuntimeError("cache did not return what was written")


CHECKS = (("database", _check_database), ("cache", _check_cache))


@require_safe
@never_cache
def readyz(request):
    """200 when the database and the cache answer, else 503 naming what failed."""
    checks = {}
    for name, check in CHECKS:
        try:
            check()
            checks[name] = "ok"
        except Exception as error:  # any failure of a dependency makes the app not ready
            # The exception's class only: its message may hold a host name or a user name.
            logger.warning("readiness check %s failed: %s", name, type(error).__name__)
            checks[name] = "unavailable"
    ready = all(value == "ok" for value in checks.values())
    return JsonResponse({"status": "ok" if ready else "unavailable", "checks": checks}, status=200 if ready else 503)


PROBES = {"/healthz": healthz, "/readyz": readyz}


class HealthProbeMiddleware:
    """Serves the probes first in the chain (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        probe = PROBES.get(request.path_info)
        if probe is not None and request.method in ("GET", "HEAD"):
            return probe(request)
        return self.get_response(request)
