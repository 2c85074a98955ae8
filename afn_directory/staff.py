"""Who holds staff powers: asked by every page, API and export that gives them.

Staff powers (moderation, every territory's private fields, editing any workshop) need the second
factor when the account has an authenticator, as the admin does: a session opened with the
password alone (or an API token) is then an ordinary account's. With ADMIN_REQUIRE_OTP, every staff
member needs it. An official who was given an authenticator needs its code for their territory.
"""

from django.conf import settings
from django_otp import devices_for_user


def has_authenticator(user) -> bool:
    """True when the account has a confirmed authenticator; remembered on the user object."""
    if not getattr(user, "pk", None):
        return False
    known = getattr(user, "_afn_has_authenticator", None)
    if known is None:
        known = any(devices_for_user(user, confirmed=True))
        user._afn_has_authenticator = known
    return known


def is_verified(user) -> bool:
    """True when this session gave the authenticator's code (django-otp's OTPMiddleware)."""
    check = getattr(user, "is_verified", None)
    return bool(check()) if callable(check) else False


def second_factor_satisfied(user, *, required: bool = False) -> bool:
    if is_verified(user):
        return True
    return not required and not has_authenticator(user)


def has_staff_powers(user) -> bool:
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return False
    return second_factor_satisfied(user, required=settings.ADMIN_REQUIRE_OTP)
