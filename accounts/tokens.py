"""Signed, short-lived, single-use links for e-mail verification (sign-up and change of address).

No table: the link carries the user's id, the address to confirm and a fingerprint of the account's
state, signed with SECRET_KEY. The fingerprint covers what using the link changes (`is_active`, the
address) and the password hash, so a link works once, and no longer after a password change.
A link only verifies: it logs in only the browser that asked for it (see accounts.views.verify).
"""

from django.contrib.auth import get_user_model
from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac

SALT = "accounts.email-verification"
MAX_AGE = 24 * 3600
MAX_AGE_HOURS = MAX_AGE // 3600  # what the e-mail and the pages tell people


def _state(user, email: str) -> str:
    material = f"{user.pk}|{email.lower()}|{(user.email or '').lower()}|{user.is_active}|{user.password}"
    return salted_hmac(SALT, material).hexdigest()[:32]


def make_email_token(user, email: str) -> str:
    return signing.dumps({"user": user.pk, "email": email, "state": _state(user, email)}, salt=SALT, compress=True)


def read_email_token(token: str):
    """The (user, email) a valid, unused token was made for, or None (invalid, expired or used)."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    user = get_user_model().objects.filter(pk=data.get("user")).first()
    email = data.get("email")
    if user is None or not isinstance(email, str):
        return None
    if not constant_time_compare(str(data.get("state", "")), _state(user, email)):
        return None
    return user, email


def revoke_api_tokens(user) -> None:
    """A new password ends the programs' access given under the old one."""
    from rest_framework.authtoken.models import Token

    Token.objects.filter(user=user).delete()
