"""Abuse limits as named policies, in one place.

A policy allows `limit` hits per `period` seconds for one key (an e-mail, a hashed IP, …),
counted in the cache (Redis in production), in fixed windows. Views ask `policy.hit(key)` and
refuse with 429 when it answers False; `policy.reset(key)` clears a key (e.g. after a successful
login). Keys are hashed, so no raw IP or e-mail is kept in the cache.
"""

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
        cache_key = self._cache_key(key)
        cache.add(cache_key, 0, timeout=self.period)
        try:
            count = cache.incr(cache_key)
        except ValueError:  # expired between add and incr
            cache.set(cache_key, 1, timeout=self.period)
            count = 1
        return count <= self.limit

    def exceeded(self, key: str) -> bool:
        """True when the limit is already reached, without counting an attempt."""
        return (cache.get(self._cache_key(key)) or 0) >= self.limit

    def reset(self, key: str) -> None:
        cache.delete(self._cache_key(key))

    def retry_after(self) -> int:
        """Seconds until the current window ends."""
        return self.period - int(time.time() % self.period)


HOUR = 3600
DAY = 24 * HOUR

LOGIN_PER_EMAIL = Policy("login-email", limit=5, period=15 * 60)
LOGIN_PER_IP = Policy("login-ip", limit=30, period=HOUR)
SIGNUP_PER_IP = Policy("signup-ip", limit=5, period=HOUR)
PASSWORD_RESET_PER_EMAIL = Policy("password-reset-email", limit=3, period=HOUR)
PASSWORD_RESET_PER_IP = Policy("password-reset-ip", limit=10, period=HOUR)
SURVEY_PER_IP = Policy("survey-ip", limit=20, period=HOUR)
PROBLEM_REPORT_PER_IP = Policy("problem-report-ip", limit=10, period=HOUR)
CLAIM_PER_USER = Policy("claim-user", limit=10, period=DAY)


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


class ApiAnonReadThrottle(AnonRateThrottle):
    """Anonymous API reads per client address (anonymous writes are refused before throttling)."""

    def get_ident(self, request):
        return _hashed_client(request)


class ApiUserThrottle(UserRateThrottle):
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


def too_many_attempts(request, policy: Policy):
    """The 429 page every view answers when a policy refuses, with when to try again."""
    response = render(request, "accounts/limited.html", {"retry_minutes": policy.retry_after() // 60 + 1}, status=429)
    response["Retry-After"] = str(policy.retry_after())
    return response
