"""Links that leave the site: e-mails, feeds, sitemaps and exports need the whole URL."""

from django.conf import settings


def absolute(path: str) -> str:
    """`/workshops/x/` → `https://…/workshops/x/`, on the configured SITE_URL (never the request's host)."""
    return settings.SITE_URL.rstrip("/") + path
