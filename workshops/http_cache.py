"""Public reads of the directory that a proxy or a CDN may keep: strong ETags, 304, s-maxage.

An answer is the same for every anonymous visitor as long as the directory has not changed
(its generation), no workshop opened or closed ("open now", `querysets.open_signature`), the
day is the same (the next opening, "verified 3 months ago") and the request asks the same thing
in the same language. The ETag digests exactly these, so it is known before any query runs and
an unchanged resource costs a 304 without touching the database.

Pages (HTML) are public only for a visitor who carries no session, message or language cookie:
a logged-in visitor sees their menu, a message or another language, and gets a private answer.
The API does not depend on the session (the same JSON for anyone), only on the language cookie;
its browsable HTML form is personal.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import get_language

from afn_directory.http_cache import if_none_match, mark_public, single_flight

from .generation import generation
from .models import Workshop
from .querysets import open_signature

S_MAXAGE = 60
# A kept body is named by its ETag, which changes with the directory: the timeout only bounds
# what a bulk update that sends no signal can leave behind, as for the map layer.
BODY_SECONDS = 60
PERSONAL_COOKIES = (settings.SESSION_COOKIE_NAME, "messages", settings.LANGUAGE_COOKIE_NAME)


def directory_etag(request, variant: str = "") -> str:
    """The strong ETag of this read in the directory's current state."""
    query = sorted(request.GET.lists())
    state = [
        generation(),
        open_signature(Workshop),
        timezone.localdate().isoformat(),
        get_language(),
        request.get_host(),
        request.path,
        query,
        variant,
    ]
    digest = hashlib.sha256(repr(state).encode()).hexdigest()[:32]
    return f'"{digest}"'


def _not_modified(etag):
    from django.http import HttpResponseNotModified

    return mark_public(HttpResponseNotModified(), etag, S_MAXAGE)


def public_page(view):
    """A page that every anonymous visitor sees alike: public, with an ETag, 304 when unchanged."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD") or any(name in request.COOKIES for name in PERSONAL_COOKIES):
            return view(request, *args, **kwargs)
        etag = directory_etag(request, request.headers.get("X-Partial", ""))
        if if_none_match(request, etag):
            return _not_modified(etag)
        response = view(request, *args, **kwargs)
        if response.status_code == 200:
            mark_public(response, etag, S_MAXAGE)
        return response

    return wrapper


def public_api(method=None, *, keep_body=False):
    """A viewset action whose JSON is the same for anyone (given the language): public, ETag, 304.

    The action may decide that its answer is personal after all (a workshop that only its
    managers see) by setting `response.personal = True`.

    With `keep_body`, the rendered answer is also kept in the shared cache under its ETag, so
    that the next visitor to ask the same thing in the same state of the directory (from any web
    replica, whatever nginx or a CDN did not keep) costs one cache read, not the queries: built
    by one request at a time (`single_flight`), forgotten when the generation or the open
    workshops change (a new ETag), never kept when it is an error or personal.
    """
    if method is None:
        return lambda method: public_api(method, keep_body=keep_body)

    @wraps(method)
    def wrapper(self, request, *args, **kwargs):
        if settings.LANGUAGE_COOKIE_NAME in request.COOKIES or request.accepted_renderer.format == "api":
            return method(self, request, *args, **kwargs)
        etag = directory_etag(request, request.accepted_media_type)
        if if_none_match(request, etag):
            return _not_modified(etag)
        if keep_body:
            response = _kept_body(etag, lambda: method(self, request, *args, **kwargs), request, self)
        else:
            response = method(self, request, *args, **kwargs)
        if response.status_code == 200 and not getattr(response, "personal", False):
            mark_public(response, etag, S_MAXAGE)
        return response

    return wrapper


def _kept_body(etag, answer, request, view):
    """The response for `etag`: from the shared cache, or answered, rendered and kept there."""
    answered = []

    def build():
        response = answer()
        answered.append(response)
        if response.status_code != 200 or getattr(response, "personal", False):
            return None  # not kept: an error, or someone's own view
        renderer = request.accepted_renderer
        content = renderer.render(
            response.data, request.accepted_media_type, {"request": request, "response": response, "view": view}
        )
        charset = f"; charset={renderer.charset}" if renderer.charset else ""
        return (f"{renderer.media_type}{charset}", content)

    kept = single_flight(f"api:body:{etag}", build, timeout=BODY_SECONDS)
    if kept is None:
        return answered[0]
    content_type, content = kept
    return HttpResponse(content, content_type=content_type)
