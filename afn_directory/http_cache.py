"""Who may keep a response: shared caches (nginx, a CDN) for public reads, nobody for personal pages.

A view that answers the same bytes to every anonymous visitor marks its response with
`mark_public(response, etag, s_maxage)`. `CachePolicyMiddleware`, which sits above the session
middleware, then finishes the job once every other middleware has spoken: it drops `Cookie`
from `Vary` (the session middleware adds it as soon as a template asks who is logged in, even
when nobody is) and sends `Cache-Control: public, max-age=0, s-maxage=…`. A response that sets a
cookie is never made public. Any other response that read the session gets
`Cache-Control: private, no-store`: it may show who is logged in, their messages or a CSRF token.

Rebuilding a costly cached value goes through `single_flight`, so that a cache miss under load
costs one rebuild, not one per waiting request. Within `writes_sent_together()` what it keeps (and
what `keep` is given) reaches the cache in one round trip when the block ends.
"""

import time
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.cache import cache
from django.utils.cache import cc_delim_re, patch_cache_control, patch_vary_headers

from .limits import redis_client

PUBLIC_ATTRIBUTE = "public_cache_seconds"
LOCK_SECONDS = 60
WAIT_STEP = 0.02


def mark_public(response, etag: str, s_maxage: int):
    """Let shared caches keep `response` for `s_maxage` seconds under the strong `etag`."""
    response["ETag"] = etag
    setattr(response, PUBLIC_ATTRIBUTE, s_maxage)
    return response


def if_none_match(request, etag: str) -> bool:
    """True when the client already holds the representation tagged `etag`."""
    header = request.META.get("HTTP_IF_NONE_MATCH", "")
    return header.strip() == "*" or etag in (tag.strip() for tag in header.split(","))


def _drop_vary_cookie(response) -> None:
    if not response.has_header("Vary"):
        return
    kept = [value for value in cc_delim_re.split(response["Vary"]) if value and value.lower() != "cookie"]
    del response["Vary"]
    if kept:
        patch_vary_headers(response, kept)


class CachePolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        s_maxage = getattr(response, PUBLIC_ATTRIBUTE, None)
        if s_maxage is not None and response.status_code in (200, 304) and not response.cookies:
            _drop_vary_cookie(response)
            if response.has_header("Cache-Control"):
                del response["Cache-Control"]
            patch_cache_control(response, public=True, max_age=0, s_maxage=s_maxage)
        elif s_maxage is not None:
            response.headers.pop("ETag", None)
            patch_cache_control(response, private=True, no_store=True)
        elif not response.has_header("Cache-Control") and "cookie" in response.get("Vary", "").lower():
            patch_cache_control(response, private=True, no_store=True)
        return response


def single_flight(key: str, build, timeout: int, wait_seconds: float = 10.0):
    """The cached value of `key`, built by `build()` at most once at a time across processes.

    The first caller to miss puts a placeholder (BUILDING) under the key itself, atomically, and
    builds; the value then replaces the placeholder. The others find the placeholder and wait for
    the value (up to `wait_seconds`, then build themselves rather than fail). Lock and value
    sharing one key, no builder can start just after another finished, and on Redis a miss costs
    two round trips (`SET NX GET`: the value, or the placeholder put; then the value), a hit one;
    elsewhere three (get, add, set). A build that returns None is not kept (the value is not to
    be shared): the placeholder goes and the others build their own. A placeholder left by a
    process that died expires after LOCK_SECONDS.
    """
    value, claimed = _claim(key)
    if claimed:
        return _build(key, build, timeout)
    deadline = time.monotonic() + wait_seconds
    while not _built(value):
        if time.monotonic() >= deadline:
            return build()
        time.sleep(WAIT_STEP)
        value, claimed = _claim(key)
        if claimed:
            return _build(key, build, timeout)
    return value


def _claim(key: str) -> tuple:
    """(the value under `key`, True when there was none and this caller put the placeholder)."""
    pending = _pending.get()
    if pending is not None and key in pending:  # built by this request, not sent yet
        return pending[key][0], False
    client = redis_client()
    if client is None:
        value = cache.get(key)
        return value, value is None and cache.add(key, BUILDING, timeout=LOCK_SECONDS)
    codec = cache.client
    previous = client.set(codec.make_key(key), codec.encode(BUILDING), nx=True, get=True, ex=LOCK_SECONDS)
    return (None, True) if previous is None else (codec.decode(previous), False)


BUILDING = "single-flight: building"


def _built(value) -> bool:
    return value is not None and not (isinstance(value, str) and value == BUILDING)


def _build(key, build, timeout):
    """Build under the placeholder this caller put at `key`; keep the value in its place."""
    try:
        value = build()
    except BaseException:
        cache.delete(key)
        raise
    if value is None:
        cache.delete(key)
    else:
        keep(key, value, timeout)
    return value


# The values kept within `writes_sent_together`, not sent yet: {key: (value, timeout)}.
_pending: ContextVar[dict | None] = ContextVar("pending_cache_writes", default=None)


@contextmanager
def writes_sent_together():
    """Within the block, `keep` (and so `single_flight`) holds what it is given, and sends it all
    when the block ends: on Redis in one round trip, where a public read missed by every cache
    keeps two or three values (its count, its body, its whole answer), each a round trip of its
    own. Those who wait for a value (`single_flight`) find it that much later (they look every
    WAIT_STEP); a value is read back from the block meanwhile. Blocks do not nest: an inner one
    sends with the outer."""
    if _pending.get() is not None:
        yield
        return
    pending = {}
    token = _pending.set(pending)
    try:
        yield
    finally:
        _pending.reset(token)
        _send(pending)


def keep(key: str, value, timeout: int) -> None:
    """`cache.set(key, value, timeout)`, or held until the end of `writes_sent_together`."""
    pending = _pending.get()
    if pending is None or timeout is None or timeout < 1:  # no expiry, or none to speak of: as it is
        cache.set(key, value, timeout=timeout)
    else:
        pending[key] = (value, timeout)


def _send(pending: dict) -> None:
    if not pending:
        return
    client = redis_client()
    if client is None:
        for key, (value, timeout) in pending.items():
            cache.set(key, value, timeout=timeout)
        return
    codec, writes = cache.client, client.pipeline(transaction=False)
    for key, (value, timeout) in pending.items():
        writes.set(codec.make_key(key), codec.encode(value), ex=int(timeout))
    writes.execute()
