import logging
import os
from importlib import import_module

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.utils.module_loading import import_string

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "afn_directory.settings")
django_application = get_wsgi_application()

logger = logging.getLogger(__name__)


class KeptAnswers:
    """The WSGI application: an API answer kept whole for the very same anonymous request is sent
    before Django's handler (`answer`: settings.KEPT_ANSWERS, workshops.http_cache.kept_answer),
    any other request goes to it.

    A warm read of the API is then a round trip to Redis and little else, as nginx or a CDN in
    front would serve it, for what they did not keep. What the lookup found goes on to Django with
    the request (KeptAnswerMiddleware builds the answer and keeps it): it is never asked twice."""

    def __init__(self, handler, answer):
        self.handler = handler
        self.answer = answer  # (headers, content) of the kept answer to a WSGI environ, or None

    def __call__(self, environ, start_response):
        try:
            kept = self.answer(environ)
        except Exception:  # noqa: BLE001 — Django's handler meets the same failure and answers it
            logger.warning("kept answers unavailable, the request goes to Django", exc_info=True)
            kept = None
        if kept is None:
            return self.handler(environ, start_response)
        headers, content = kept
        start_response("200 OK", headers)
        return [content]


application = KeptAnswers(django_application, import_string(settings.KEPT_ANSWERS))

# Import every view now rather than on a worker's first request (≈ 0.4 s): with gunicorn's
# preload_app this happens once, before the workers fork, and a recycled worker starts warm.
import_module(settings.ROOT_URLCONF)
