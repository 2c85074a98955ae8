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
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIRequest
from django.http import HttpResponse
from django.middleware.gzip import re_accepts_gzip
from django.utils import timezone
from django.utils.cache import cc_delim_re, get_conditional_response, patch_vary_headers
from django.utils.text import compress_string
from django.utils.translation import get_language
from rest_framework.response import Response

from afn_directory.http_cache import if_none_match, keep, mark_public, single_flight, writes_sent_together
from afn_directory.limits import (
    anonymous_read_counter,
    count_in_window,
    count_on,
    counts_of,
    hand_counts,
    redis_client,
)

from .generation import GENERATION_KEY, adopt_generation, generation, request_scope
from .models import Workshop
from .querysets import open_signature

S_MAXAGE = 60
# A kept body is named by its ETag, which changes with the directory: the timeout only bounds
# what a bulk update that sends no signal can leave behind, as for the map layer.
BODY_SECONDS = 60
# The attribute of a response kept under its ETag: the state of the directory it was built for.
KEPT_ANSWER = "kept_answer"
PERSONAL_COOKIES = (settings.SESSION_COOKIE_NAME, "messages", settings.LANGUAGE_COOKIE_NAME)


def _directory_state() -> tuple:
    """The state of the directory a public read is answered for: its generation, which workshops
    are open now, the day."""
    return (generation(), open_signature(Workshop), timezone.localdate().isoformat())


def _asked(request, ignored=()) -> list:
    """What a public read asks: the path and its parameters (but the `ignored` ones)."""
    return [request.path, sorted((name, values) for name, values in request.GET.lists() if name not in ignored)]


def _digest(state: list) -> str:
    return hashlib.sha256(repr(state).encode()).hexdigest()[:32]


def directory_etag(request, variant: str = "", state: tuple | None = None) -> str:
    """The strong ETag of this read in the directory's current state (or in `state`)."""
    state = state or _directory_state()
    return f'"{_digest([*state, *_asked(request), get_language(), request.get_host(), variant])}"'


def request_query_key(request, paging=("page", "page_size")) -> str:
    """What a public collection's query depends on, besides the generation: its read state without
    the paging parameters (the "open now" filter follows which workshops are open now). Only for
    a collection that is the same for every visitor and language (the API's list)."""
    return _digest(["query", *_directory_state()[1:], *_asked(request, ignored=paging)])


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


# public_api(keep_body=COMPRESSED_ONLY): the action keeps its plain answer in a cache of its own.
COMPRESSED_ONLY = "compressed only"


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
    a cache of its own (the map layer) says so with `keep_body=COMPRESSED_ONLY`: only its
    compressed form is kept here, and its plain answer goes straight to the action (no claim to
    put and take back at every request, no plain request waiting on another); the very same
    request is still answered whole next time, if its answer is small enough (KEPT_ANSWER_MAX_BYTES).
    """
    if method is None:
        return lambda method: public_api(method, keep_body=keep_body)

    @wraps(method)
    def wrapper(self, request, *args, **kwargs):
        if settings.LANGUAGE_COOKIE_NAME in request.COOKIES or request.accepted_renderer.format == "api":
            return method(self, request, *args, **kwargs)
        gzipped = bool(re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))
        state = _directory_state()
        etag = directory_etag(request, request.accepted_media_type + ("|gzip" if gzipped else ""), state)
        if if_none_match(request, etag):
            not_modified = _not_modified(etag)
            patch_vary_headers(not_modified, ["Accept-Encoding"])
            return not_modified
        answer = lambda: method(self, request, *args, **kwargs)  # noqa: E731
        if keep_body is True or (keep_body == COMPRESSED_ONLY and gzipped):
            response = _kept_body(etag, answer, request, self, gzipped, state)
        elif keep_body == COMPRESSED_ONLY:
            response = answer()
            if _shareable(response):  # kept whole all the same (KeptAnswerMiddleware), when small enough
                setattr(response, KEPT_ANSWER, state)
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


def _kept_body(etag, answer, request, view, gzipped, state):
    """The response for `etag`: from the shared cache, or answered, rendered and kept there; when
    kept, it says for which state of the directory (KeptAnswerMiddleware keeps it with it)."""
    answered = []

    def build():
        response = answer()
        answered.append(response)
        if not _shareable(response):
            return None  # not kept: an error, or someone's own view
        content_type, content = _content(response, request, view)
        return (content_type, compress_string(content) if gzipped else content)

    kept = single_flight(kept_body_key(etag), build, timeout=BODY_SECONDS)
    if kept is None:
        return answered[0]
    response = _response(*kept, gzipped=gzipped)
    setattr(response, KEPT_ANSWER, state)
    return response


# Whole answers, kept for the very same request. An API answer kept above is served again without
# the framework by KeptAnswerMiddleware, first in the chain, to a client that asks exactly the same
# thing (the same URL and the same headers the answer may vary on) of the same state of the
# directory, the anonymous rate counted as the API counts it. On Redis it costs one round trip: a
# pipeline counts the read and reads the directory's generation with the kept answer, which is
# kept under the request alone and says which state of the directory it was built for. What nginx
# or a CDN does in front, each replica does here for whatever they did not keep.
API_PREFIX = "/api/v1/"
# What a kept answer depends on besides its URL and the directory: the headers that choose its
# representation (Vary) and those that choose its links (the host, as a proxy forwards it).
KEYED_HEADERS = (
    "HTTP_ACCEPT",
    "HTTP_ACCEPT_LANGUAGE",
    "HTTP_ACCEPT_ENCODING",
    "HTTP_ORIGIN",
    "HTTP_HOST",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PROTO",
)
KEYED_VARY = {"accept", "accept-language", "accept-encoding", "origin"}


def _anonymous_api_read(request) -> bool:
    """A GET of the API with no cookie and no credentials: the same answer for anyone who asks it
    so (and not one that the security middleware sends to HTTPS)."""
    meta = request.META
    return (
        request.method == "GET"
        and request.path.startswith(API_PREFIX)
        and not meta.get("HTTP_COOKIE")
        and not meta.get("HTTP_AUTHORIZATION")
        and (request.is_secure() or not settings.SECURE_SSL_REDIRECT)
    )


def kept_answer_key(request) -> str:
    """Where the whole answer to `request` is kept (with the state of the directory it is for)."""
    asked = [request.scheme, request.path, request.META.get("QUERY_STRING", "")]
    return f"api:answer:{_digest(asked + [request.META.get(name, '') for name in KEYED_HEADERS])}"


def _read_kept(request, key):
    """(within the anonymous rate, the answer kept under `key` or None, the generation read or
    None), the generation adopted."""
    counter = anonymous_read_counter(request)
    client = redis_client()
    if client is None:
        allowed = counter is None or counter.counted(request, count_in_window(counter.key, counter.period))
        return allowed, cache.get(key), None
    reads = client.pipeline(transaction=False)
    if counter is not None:
        count_on(reads, counter.key, counter.period)
    make_key = cache.client.make_key
    *counted, current, kept = reads.get(make_key(GENERATION_KEY)).get(make_key(key)).execute()
    count = counted[0] if counted else 0
    current = None if current is None else cache.client.decode(current)
    adopt_generation(current)
    allowed = counter is None or counter.counted(request, count)
    return allowed, None if kept is None else cache.client.decode(kept), current


# Where the WSGI application (afn_directory/wsgi.py) leaves what it found for KeptAnswerMiddleware,
# when it could not send the kept answer itself: the request is looked up once.
FOUND = "afn_directory.kept_answer"


@dataclass(frozen=True)
class _Found:
    key: str
    allowed: bool  # within the anonymous rate
    kept: tuple | None  # (state of the directory, headers, content), for this state or another
    generation: int | None  # read with it
    counts: dict  # the throttle's counts made meanwhile (limits.Counter.counted)
    current: bool  # `kept` is for the current state of the directory


def _find(request) -> _Found:
    key = kept_answer_key(request)
    allowed, kept, generation_read = _read_kept(request, key)
    current = kept is not None and kept[0] == _directory_state()
    return _Found(key, allowed, kept, generation_read, counts_of(request), current)


def kept_answer(environ) -> tuple[list, bytes] | None:
    """(headers, content) of the answer kept for the very same request (its WSGI `environ`) as it
    is, before Django's handler (afn_directory/wsgi.py); else None, what was found left in the
    environ for KeptAnswerMiddleware.

    An answer given here is the one the middleware would give, without the handler, its signals,
    the chain and a response object (0.07–0.17 ms of a 0.4–0.65 ms warm read of a workshop,
    docs/performance.md): to a GET of the API with no cookie and no credentials, within the
    anonymous rate, for the current state of the directory, and not conditional (a 304 is the
    middleware's). No request is built for a page or a write."""
    if environ.get("REQUEST_METHOD") != "GET" or not environ.get("PATH_INFO", "").startswith(API_PREFIX):
        return None
    # Django's request writes the path it decodes back into the environ it is given: it reads a
    # copy, and the handler decodes the path once, as gunicorn passed it.
    request = WSGIRequest(dict(environ))
    if not _anonymous_api_read(request):
        return None
    with request_scope():
        found = _find(request)
        if found.allowed and found.current and not _conditional(request):
            return found.kept[1], found.kept[2]
    environ[FOUND] = found
    return None


def _conditional(request) -> bool:
    return any(name in request.META for name in CONDITIONAL_HEADERS)


CONDITIONAL_HEADERS = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_MATCH", "HTTP_IF_UNMODIFIED_SINCE")


# An answer larger than this is not kept whole besides (KeptAnswerMiddleware): Redis would hold its
# bytes twice (256 MB in docker-compose.yml, least recently used evicted) for a framework cost its
# reading dwarfs (the plain map layer of 100,000 workshops: 25 MB, ~90 ms to read back from Redis
# against ~3 ms of Django); its own cache answers it.
KEPT_ANSWER_MAX_BYTES = 8 * 1024 * 1024


def _may_keep(response) -> bool:
    """An answer of public_api, kept by it, public once every middleware has spoken, the same for
    every request with the same keyed headers, not too large to keep twice."""
    if not (
        getattr(response, KEPT_ANSWER, None) is not None
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "public" in response.get("Cache-Control", "")
        and len(response.content) <= KEPT_ANSWER_MAX_BYTES
    ):
        return False
    return {value.lower() for value in cc_delim_re.split(response.get("Vary", "")) if value} <= KEYED_VARY


class KeptAnswerMiddleware:
    """Serves a kept API answer to the very same request, before the rest of the chain (above)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _anonymous_api_read(request):
            return self.get_response(request)
        found = request.META.pop(FOUND, None)
        if found is None:
            found = _find(request)
        else:  # looked up by the WSGI application: what it read goes on with this request
            hand_counts(request, found.counts)
            adopt_generation(found.generation)
        if not found.allowed:  # the API's throttle answers 429 (it takes this count)
            return self.get_response(request)
        if found.current:
            response = HttpResponse(found.kept[2], headers=found.kept[1])
            return get_conditional_response(request, etag=response["ETag"], response=response)
        # What the answer keeps on its way (its count, its body) and the whole answer: one round trip.
        with writes_sent_together():
            response = self.get_response(request)
            if _may_keep(response):
                state = getattr(response, KEPT_ANSWER)
                keep(found.key, (state, list(response.items()), response.content), BODY_SECONDS)
        return response
