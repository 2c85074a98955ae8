"""Links that leave the page need the site's whole address: e-mails, feeds, sitemaps, exports, snippets.

In production SITE_URL is set. In development it often is not, and the server runs on whatever
host and port the developer chose: then the address is the one the current request came to, so
an e-mail's link or an embed snippet points at the server that wrote it, not at 127.0.0.1:8000.
"""

from contextvars import ContextVar
from urllib.parse import urlencode

from django.conf import settings

_request_site_url: ContextVar[str | None] = ContextVar("request_site_url", default=None)


def site_url() -> str:
    """SITE_URL without its trailing slash; the request's own scheme and host when it follows the request."""
    return (_request_site_url.get() or settings.SITE_URL).rstrip("/")


def absolute(path: str) -> str:
    """`/workshops/x/` → `https://…/workshops/x/`."""
    return site_url() + path


def with_next(url, next_url: str) -> str:
    """`url` leading on to `next_url` (`?next=…`) when there is somewhere to go."""
    return f"{url}?{urlencode({'next': next_url})}" if next_url else str(url)


class RequestSiteURLMiddleware:
    """With SITE_URL_FROM_REQUEST (DEBUG without SITE_URL), site_url() is the request's own address."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.SITE_URL_FROM_REQUEST:
            return self.get_response(request)
        token = _request_site_url.set(f"{request.scheme}://{request.get_host()}")
        try:
            return self.get_response(request)
        finally:
            _request_site_url.reset(token)
