"""Signed, expiring links for e-mail verification (sign-up and change of address).

No table: the link carries the user's id and the address to confirm, signed with SECRET_KEY.
It stops working once used, because the state it would change (is_active, email) has changed.
"""

from django.contrib.auth import get_user_model
from django.core import signing

SALT = "accounts.email-verification"
MAX_AGE = 3 * 24 * 3600


def make_email_token(user, email: str) -> str:
    return signing.dumps({"user": user.pk, "email": email}, salt=SALT, compress=True)


def read_email_token(token: str):
    """The (user, email) a valid token was made for, or None when it is invalid or expired."""
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
    return user, email
