"""Abuse limits as named policies, in one place.

A policy allows `limit` hits per `period` seconds for one key (an e-mail, a hashed IP, …),
counted in the cache (Redis in production), in fixed windows. Views ask `policy.hit(key)` and
refuse with 429 when it answers False; `policy.reset(key)` clears a key (e.g. after a successful
login). Keys are hashed, so no raw IP or e-mail is kept in the cache.
"""

import contextlib
import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


@dataclass(frozen=True)
class Policy:
    name: str
    limit: int
    period: int  # seconds

    def _cache_key(self, key: str) -> str:
        digest = hashlib.sha256(f"{settings.SECRET_KEY}:{self.name}:{key}".encode()).hexdigest()[:32]
        window = int(time.time() // self.period)
        return f"limit:{self.name}:{digest}:{window}"

    def hit(self, key: str) -> bool:
        """Count one attempt; True while within the limit."""
        return count_in_window(self._cache_key(key), self.period) <= self.limit

    def count(self, key: str) -> int:
        """The attempts counted in the current window, without counting one more."""
        return cache.get(self._cache_key(key)) or 0

    def exceeded(self, key: str) -> bool:
        """True when the limit is already reached, without counting an attempt."""
        return self.count(key) >= self.limit

    def reset(self, key: str) -> None:
        cache.delete(self._cache_key(key))

    def refund(self, key: str) -> None:
        """Give back the attempt `hit` counted: one that turned out not to be abuse (a correct
        password). Counted first, refunded after, so that parallel attempts cannot all pass."""
        with contextlib.suppress(ValueError):  # the window ended meanwhile: nothing to give back
            cache.decr(self._cache_key(key))

    def retry_after(self) -> int:
        """Seconds until the current window ends."""
        return self.period - int(time.time() % self.period)

    def retry_after_hours(self) -> int:
        """Whole hours until the current window ends, rounded up (what a form tells a person)."""
        return -(-self.retry_after() // 3600)


def count_in_window(cache_key: str, period: int) -> int:
    """Add one to a window's counter and return it, atomically.

    A read-modify-write (get, add one, set) lets parallel requests each read the same count: the
    API throttle once let 953 of 1,500 parallel requests through a limit of 600. On Redis (the
    production cache) a script creates the counter with its expiry and increments it: one round
    trip, atomic, and a counter that expired in between cannot be left without an expiry. Other
    caches add then increment (locmem holds a lock).
    """
    client = redis_client()
    if client is not None:
        return count_on(client, cache_key, period)
    cache.add(cache_key, 0, timeout=period)
    try:
        return cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.add(cache_key, 0, timeout=period)
        return cache.incr(cache_key)


# Lua: the window's counter KEYS[1] created with its expiry ARGV[1] (seconds), then incremented.
COUNT_IN_WINDOW = "redis.call('SET', KEYS[1], 0, 'NX', 'EX', ARGV[1]) return redis.call('INCR', KEYS[1])"


def count_on(client, cache_key: str, period: int):
    """What count_in_window does, on a Redis `client` (the count) or queued on a pipeline (its
    result, in its place among the pipeline's, is the count). A caller counts so in the same round
    trip as reads of its own, which it queues as plain commands: a script that read them too would
    copy what it read once more (0.09 ms for a kept page of the API, where a transaction's replies
    cost 0.03 ms on a small one)."""
    return client.eval(COUNT_IN_WINDOW, 1, cache.client.make_key(cache_key), period)


def redis_client():
    """The redis-py client of the cache when it is django-redis's, else None."""
    client = getattr(cache, "client", None)
    return client.get_client(write=True) if hasattr(client, "get_client") else None


HOUR = 3600
DAY = 24 * HOUR

# Wrong passwords lock a pair (e-mail, address) out, never the e-mail from everywhere: anyone could
# otherwise lock the real user out. Failures on one e-mail from many addresses slow every attempt on
# it down (LOGIN_FAILURES_PER_EMAIL, login_slowdown) without refusing any; unknown e-mails alike.
LOGIN_PER_EMAIL_AND_IP = Policy("login-email-ip", limit=5, period=15 * 60)
LOGIN_FAILURES_PER_EMAIL = Policy("login-email", limit=10, period=HOUR)
# Per address, only the failures stay counted (a correct password gives its attempt back): a school,
# a library or a fablab signs many people in from one address.
LOGIN_PER_IP = Policy("login-ip", limit=30, period=HOUR)
LOGIN_CODE_PER_USER = Policy("login-code-user", limit=5, period=15 * 60)
SIGNUP_PER_IP = Policy("signup-ip", limit=5, period=HOUR)
PASSWORD_RESET_PER_EMAIL = Policy("password-reset-email", limit=3, period=HOUR)
PASSWORD_RESET_PER_IP = Policy("password-reset-ip", limit=10, period=HOUR)
SURVEY_PER_IP = Policy("survey-ip", limit=20, period=HOUR)
PROBLEM_REPORT_PER_IP = Policy("problem-report-ip", limit=10, period=HOUR)
CLAIM_PER_USER = Policy("claim-user", limit=10, period=DAY)
# Anyone with an account may add photos to the draft they register: each upload is decoded.
PHOTO_UPLOAD_PER_USER = Policy("photo-upload-user", limit=30, period=HOUR)
# Each sends an e-mail to an address the account chooses: not a way to flood someone's mailbox.
ADDRESS_CHANGE_PER_USER = Policy("address-change-user", limit=5, period=DAY)
INVITATION_PER_USER = Policy("invitation-user", limit=30, period=DAY)


MAX_SLOWDOWN_SECONDS = 3.0
sleep = time.sleep  # replaced in tests


def slowdown_seconds(failures: int, free: int) -> float:
    """The wait before an attempt after `failures` failures: none up to `free`, then doubling from 0.25 s."""
    if failures <= free:
        return 0.0
    return min(0.25 * 2 ** (failures - free - 1), MAX_SLOWDOWN_SECONDS)


def login_slowdown(email: str) -> None:
    """Wait before checking a password for `email`, as long as its recent failures say (captcha-free)."""
    seconds = slowdown_seconds(LOGIN_FAILURES_PER_EMAIL.count(email), LOGIN_FAILURES_PER_EMAIL.limit)
    if seconds:
        sleep(seconds)


def client_ip(request) -> str:
    """The client's address; behind a trusted proxy, the last hop it added."""
    if getattr(settings, "TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


# The API's limits are DRF throttles (429 with Retry-After), rates from API_ANON_RATE and
# API_USER_RATE, counted in the same cache. They identify a client by `client_ip`, hashed like the
# policies' keys: DRF's own identification trusts any X-Forwarded-For header, which a client could
# vary to escape the limit, and keeps the raw address in the cache.
def _hashed_client(request) -> str:
    return hashlib.sha256(f"{settings.SECRET_KEY}:api:{client_ip(request)}".encode()).hexdigest()[:32]


class AtomicCountMixin:
    """DRF's throttles keep a list of timestamps, read and written back: not atomic. This counts in
    fixed windows with the cache's atomic increment instead, like the policies above."""

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        window = self.window_key()
        # Counted once per request: a count made before the view (anonymous_read_counter) is
        # taken, not counted again.
        count = _counts(getattr(request, "_request", request)).pop(window, None)
        if count is None:
            count = count_in_window(window, self.duration)
        return count <= self.num_requests

    def window_key(self) -> str:
        """The counter of the current window, for the client named by `self.key`."""
        self.now = self.timer()
        window = int(self.now // self.duration)
        self.window_end = (window + 1) * self.duration
        return f"{self.key}:{window}"

    def wait(self):
        return max(self.window_end - self.now, 1)


class ApiAnonReadThrottle(AtomicCountMixin, AnonRateThrottle):
    """Anonymous API reads per client address (anonymous writes are refused before throttling)."""

    def get_ident(self, request):
        return _hashed_client(request)


def _counts(request) -> dict:
    return request.__dict__.setdefault("throttle_counts", {})


def hand_counts(request, counts: dict) -> None:
    """Hand `request`'s throttles the counts made for another request object of the same request
    (the one the WSGI application looked a kept answer up with, afn_directory/wsgi.py)."""
    _counts(request).update(counts)


def counts_of(request) -> dict:
    """The counts made for `request` before any view (`Counter.counted`)."""
    return dict(_counts(request))


@dataclass(frozen=True)
class Counter:
    """The anonymous API rate's counter of a request, counted before any view is reached (an
    answer served whole from the cache, workshops.http_cache.KeptAnswerMiddleware): `key` and
    `period` for count_in_window, or for count_on with reads of one's own."""

    key: str
    period: int
    limit: int

    def counted(self, request, count: int) -> bool:
        """Hand `count` to the request's throttle, which takes it instead of counting again (and
        answers 429 past the rate, if the view is reached); True while within the rate."""
        _counts(request)[self.key] = count
        return count <= self.limit


def anonymous_read_counter(request) -> Counter | None:
    """The anonymous API rate's counter for `request` in the current window; None without a rate."""
    throttle = ApiAnonReadThrottle()
    if throttle.rate is None:
        return None
    throttle.key = throttle.cache_format % {"scope": throttle.scope, "ident": throttle.get_ident(request)}
    return Counter(throttle.window_key(), throttle.duration, throttle.num_requests)


class ApiUserThrottle(AtomicCountMixin, UserRateThrottle):
    """Authenticated API requests per user.

    DRF's UserRateThrottle also counts anonymous requests (per address): ApiAnonReadThrottle
    already does, with a lower rate, so this one leaves them alone — one cache round trip per
    anonymous request instead of two.
    """

    def get_cache_key(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return None
        return super().get_cache_key(request, view)

    def get_ident(self, request):
        return _hashed_client(request)


# Refused logins: a forgotten password is the likely cause, and its reset is not limited by them.
OFFER_PASSWORD_RESET = {LOGIN_PER_EMAIL_AND_IP.name, LOGIN_PER_IP.name}


def counted_on_form(policy: Policy, key: str, form, field: str, message) -> bool:
    """Count one attempt of `key`: True while within the limit; beyond it, `form` says so on
    `field` with `message` (an ngettext_lazy counting "hours": when to try again), so that the
    page shows again what was typed, and the view saves nothing."""
    if policy.hit(key):
        return True
    form.add_error(field, message % {"hours": policy.retry_after_hours()})
    return False


def too_many_attempts(request, policy: Policy):
    """The 429 page every view answers when a policy refuses, with when to try again and the way on."""
    context = {
        "retry_minutes": policy.retry_after() // 60 + 1,
        "offer_password_reset": policy.name in OFFER_PASSWORD_RESET,
    }
    response = render(request, "accounts/limited.html", context, status=429)
    response["Retry-After"] = str(policy.retry_after())
    return response
