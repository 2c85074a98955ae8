"""One response per browser, per workshop, per 30 days — without knowing who answered.

The browser keeps a random token in a signed cookie; the response keeps only a salted hash of
it (keyed by the site's secret and the workshop), so the stored hash cannot be linked back to a
browser without its cookie. After DUPLICATE_WINDOW both the cookie and the check expire.
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.utils import timezone

from .models import Response

DUPLICATE_WINDOW = timedelta(days=30)
_SALT = "surveys.duplicate"


def cookie_name(workshop) -> str:
    return f"afn_survey_{workshop.pk}"


def new_token() -> str:
    return secrets.token_urlsafe(24)


def hash_token(token: str, workshop) -> str:
    return hashlib.sha256(f"{settings.SECRET_KEY}:{_SALT}:{workshop.pk}:{token}".encode()).hexdigest()


def read_token(request, workshop) -> str | None:
    try:
        return request.get_signed_cookie(
            cookie_name(workshop), salt=_SALT, max_age=DUPLICATE_WINDOW.total_seconds(), default=None
        )
    except signing.BadSignature:
        return None


def already_answered(request, workshop) -> bool:
    token = read_token(request, workshop)
    if not token:
        return False
    return Response.objects.filter(
        workshop=workshop,
        duplicate_token=hash_token(token, workshop),
        submitted_at__gte=timezone.now() - DUPLICATE_WINDOW,
    ).exists()


def remember(http_response, workshop, token: str) -> None:
    http_response.set_signed_cookie(
        cookie_name(workshop),
        token,
        salt=_SALT,
        max_age=int(DUPLICATE_WINDOW.total_seconds()),
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
        path=f"/workshops/{workshop.slug}/survey/",
    )


def new_submission_key() -> str:
    """A random key per displayed form: submitting the same form twice stores one response."""
    return secrets.token_urlsafe(24)
