"""The site's e-mails, rendered from templates/accounts/email/ and sent through Django's back-end."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from afn_directory.links import absolute, site_url, with_next

from .models import Preferences
from .tokens import MAX_AGE_HOURS

__all__ = ["absolute", "send", "send_to_users"]


def send(template: str, to: list[str], context: dict, *, language: str | None = None) -> int:
    """Render templates/<template>.subject.txt and .txt, send them; returns the number sent."""
    recipients = [address for address in to if address]
    if not recipients:
        return 0
    with translation.override(language or translation.get_language() or settings.LANGUAGE_CODE):
        context = {"SITE_URL": site_url(), **context}
        # Plain text: the "text" engine (settings.TEMPLATES) escapes nothing for HTML.
        subject = " ".join(render_to_string(f"{template}.subject.txt", context, using="text").split())
        body = render_to_string(f"{template}.txt", context, using="text")
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)


def send_to_users(template: str, users, context: dict) -> int:
    """One e-mail to each active user with an address, in the language they read the site in
    (accounts.models), whoever's request sends it; returns the number sent."""
    users = [user for user in users if user.is_active and user.email]
    languages = Preferences.objects.language_of(users)
    return sum(send(template, [user.email], context, language=languages[user.pk]) for user in users)


def send_verification(user, email: str, token: str, next_url: str = "") -> int:
    """The link that confirms `email`; it leads on to `next_url` (a path of this site) when given."""
    link = with_next(absolute(reverse("accounts:verify", args=[token])), next_url)
    return send("accounts/email/verify", [email], {"user": user, "link": link, "link_hours": MAX_AGE_HOURS})


def send_already_registered(email: str) -> int:
    link = absolute(reverse("accounts:password_reset"))
    return send("accounts/email/already_registered", [email], {"link": link})


def send_address_in_use(holder) -> int:
    """To the account that has an address someone asked to move another account to: it stays
    theirs. In their language, and sent even to an unconfirmed account, as a link would be."""
    link = absolute(reverse("accounts:password_reset"))
    language = Preferences.objects.language_of([holder])[holder.pk]
    return send("accounts/email/address_in_use", [holder.email], {"link": link}, language=language)
