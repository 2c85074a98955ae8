"""Where a workshop's information comes from, and how much to trust it, for its page and the API.

An imported workshop says which open-data sources describe it and as of when, and stays "not
confirmed by its manager" until a manager confirms the profile. An unconfirmed record whose most
recent source is more than two years old is shown as possibly outdated.
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .page_rows import source_rows

OUTDATED_AFTER = datetime.timedelta(days=730)
SOURCE_NAMES = {
    "cget-2019": _("CGET / ANCT census of tiers-lieux (Mission Coworking)"),
    "fablabs-io": _("fablabs.io"),
}


def source_name(source: str) -> str:
    return str(SOURCE_NAMES.get(source, source))


def attach_sources(workshops) -> None:
    """Give each workshop its sources as plain rows (`source_rows`): one query, none without imports."""
    by_workshop = source_rows([w.pk for w in workshops if w.source])
    for workshop in workshops:
        workshop.source_rows = by_workshop[workshop.pk]


def provenance(workshop, today: datetime.date | None = None) -> dict:
    """{"sources": [...], "confirmed_by_manager": bool, "possibly_outdated": bool} (attach_sources first)."""
    today = today or timezone.localdate()
    rows = getattr(workshop, "source_rows", None)
    if rows is None:
        attach_sources([workshop])
        rows = workshop.source_rows
    sources = {}
    for row in rows:  # one entry per source, however many of its records feed the workshop
        date = row["source_date"] or timezone.localdate(row["last_seen"])
        entry = sources.setdefault(row["source"], {"source": row["source"], "name": source_name(row["source"])})
        entry["date"] = max(entry.get("date") or date, date)
    newest = max((entry["date"] for entry in sources.values()), default=None)
    confirmed = workshop.verified_at is not None
    return {
        "sources": list(sources.values()),
        "confirmed_by_manager": confirmed,
        "possibly_outdated": bool(newest and not confirmed and today - newest > OUTDATED_AFTER),
    }
