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
from django.middleware.gzip import re_accepts_gzip
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.text import compress_string
from django.utils.translation import get_language
from rest_framework.response import Response

from afn_directory.http_cache import if_none_match, mark_public, single_flight

from .generation import generation
from .models import Workshop
from .querysets import open_signature

S_MAXAGE = 60
# A kept body is named by its ETag, which changes with the directory: the timeout only bounds
# what a bulk update that sends no signal can leave behind, as for the map layer.
BODY_SECONDS = 60
PERSONAL_COOKIES = (settings.SESSION_COOKIE_NAME, "messages", settings.LANGUAGE_COOKIE_NAME)


def _read_state(request, ignored=()) -> list:
    """What a public read asks of the directory besides its generation: which workshops are open
    now, the day, the path and its parameters (but the `ignored` ones)."""
    query = sorted((name, values) for name, values in request.GET.lists() if name not in ignored)
    return [open_signature(Workshop), timezone.localdate().isoformat(), request.path, query]


def _digest(state: list) -> str:
    return hashlib.sha256(repr(state).encode()).hexdigest()[:32]


def directory_etag(request, variant: str = "") -> str:
    """The strong ETag of this read in the directory's current state."""
    return f'"{_digest([generation(), *_read_state(request), get_language(), request.get_host(), variant])}"'


def request_query_key(request, paging=("page", "page_size")) -> str:
    """What a public collection's query depends on, besides the generation: its read state without
    the paging parameters (the "open now" filter follows which workshops are open now). Only for
    a collection that is the same for every visitor and language (the API's list)."""
    return _digest(["query", *_read_state(request, ignored=paging)])


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

    A client that accepts gzip (every browser, every CDN) gets the answer compressed here, once:
    another representation with its own strong ETag, which nginx keeps beside the plain one
    (`Vary: Accept-Encoding`) and serves without compressing it again for every visitor (the map
    layer of 100,000 workshops is 25 MB plain, about 2 MB compressed).

    With `keep_body`, the answer is also kept in the shared cache under its ETag, so that the
    next visitor to ask the same thing in the same state of the directory (from any web replica,
    whatever nginx or a CDN did not keep) costs one cache read, not the queries: built by one
    request at a time (`single_flight`), forgotten when the generation or the open workshops
    change (a new ETag), never kept when it is an error or personal. An action that answers from
    a cache of its own (the map layer) keeps only its compressed form here.
    """
    if method is None:
        return lambda method: public_api(method, keep_body=keep_body)

    @wraps(method)
    def wrapper(self, request, *args, **kwargs):
        if settings.LANGUAGE_COOKIE_NAME in request.COOKIES or request.accepted_renderer.format == "api":
            return method(self, request, *args, **kwargs)
        gzipped = bool(re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))
        etag = directory_etag(request, request.accepted_media_type + ("|gzip" if gzipped else ""))
        if if_none_match(request, etag):
            not_modified = _not_modified(etag)
            patch_vary_headers(not_modified, ["Accept-Encoding"])
            return not_modified
        answer = lambda: method(self, request, *args, **kwargs)  # noqa: E731
        if keep_body:
            response = _kept_body(etag, answer, request, self, gzipped)
        else:
            response = _compressed(answer(), request, self) if gzipped else answer()
        if _shareable(response):
            mark_public(response, etag, S_MAXAGE)
        patch_vary_headers(response, ["Accept-Encoding"])
        return response

    return wrapper


def _shareable(response) -> bool:
    return response.status_code == 200 and not getattr(response, "personal", False)


def _content(response, request, view) -> tuple[str, bytes]:
    """(content type, bytes) of an action's answer: a DRF Response rendered as DRF would."""
    if not isinstance(response, Response):
        return response["Content-Type"], response.content
    renderer = request.accepted_renderer
    content = renderer.render(
        response.data, request.accepted_media_type, {"request": request, "response": response, "view": view}
    )
    charset = f"; charset={renderer.charset}" if renderer.charset else ""
    return f"{renderer.media_type}{charset}", content


def _response(content_type: str, content: bytes, gzipped: bool) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    if gzipped:
        response["Content-Encoding"] = "gzip"
    return response


def _compressed(response, request, view):
    if not _shareable(response):
        return response
    content_type, content = _content(response, request, view)
    return _response(content_type, compress_string(content), gzipped=True)


def kept_body_key(etag: str) -> str:
    """Where the answer tagged `etag` is kept in the cache (the benchmark reads it there by hand)."""
    return f"api:body:{etag}"


def _kept_body(etag, answer, request, view, gzipped):
    """The response for `etag`: from the shared cache, or answered, rendered and kept there."""
    answered = []

    def build():
        response = answer()
        answered.append(response)
        if not _shareable(response) or not (gzipped or isinstance(response, Response)):
            return None  # not kept: an error, someone's own view, or plain bytes cached by the action
        content_type, content = _content(response, request, view)
        return (content_type, compress_string(content) if gzipped else content)

    kept = single_flight(kept_body_key(etag), build, timeout=BODY_SECONDS)
    if kept is None:
        return answered[0]
    return _response(*kept, gzipped=gzipped)
