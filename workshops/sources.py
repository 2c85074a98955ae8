"""Re-importing the configured open-data sources: what `manage.py sync_sources` runs every day.

`SYNC_SOURCES` lists them as `FORMAT=URL` (an `import_workshops` format and the address of its
file, e.g. the national cartography's mednum CSV or an Overpass query). Each file is fetched by
`fetch`, the one function that touches the network (tests replace it with a fake), then goes
through the same importer and writer as `import_workshops`; one source failing never stops the
others. The address API and the registries stay optional: nothing here needs them.
"""

import logging
import urllib.error
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.utils.translation import gettext as _

from . import importers
from .importers.reading import MAX_FILE_BYTES

logger = logging.getLogger(__name__)


class SourceUnavailable(Exception):
    """The source's file could not be fetched (network, HTTP error, too large)."""


class SourceConfigurationError(ValueError):
    """An entry of SYNC_SOURCES is not FORMAT=URL with a known format."""


@dataclass(frozen=True)
class Source:
    format: str
    url: str


@dataclass
class SyncResult:
    source: Source
    report: importers.ImportReport | None = None
    error: str = ""

    @property
    def failed(self) -> bool:
        return bool(self.error)


def parse_sources(entries) -> list[Source]:
    """[Source] from SYNC_SOURCES entries ("mednum-csv=https://…"). Raises SourceConfigurationError."""
    sources = []
    for entry in entries:
        format, separator, url = entry.strip().partition("=")
        format, url = format.strip(), url.strip()
        if not separator or format not in importers.FORMATS or not url.startswith(("https://", "http://")):
            raise SourceConfigurationError(
                _("SYNC_SOURCES: “%(entry)s” is not FORMAT=URL with FORMAT one of %(formats)s and an http(s) URL.")
                % {"entry": entry, "formats": ", ".join(sorted(importers.FORMATS))}
            )
        sources.append(Source(format, url))
    return sources


def configured_sources() -> list[Source]:
    return parse_sources(settings.SYNC_SOURCES)


def fetch(url: str) -> bytes:
    """The file at `url`. Raises SourceUnavailable."""
    agent = f"AFN-Directory-sync/1.0 (+{settings.SITE_URL})"
    request = urllib.request.Request(url, headers={"User-Agent": agent})  # noqa: S310 (http(s) only, checked)
    try:
        with urllib.request.urlopen(request, timeout=settings.SYNC_TIMEOUT) as response:  # noqa: S310
            data = response.read(MAX_FILE_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise SourceUnavailable(_("HTTP error %(code)d from %(url)s.") % {"code": exc.code, "url": url}) from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise SourceUnavailable(_("%(url)s cannot be reached: %(error)s.") % {"url": url, "error": exc}) from exc
    if len(data) > MAX_FILE_BYTES:
        raise SourceUnavailable(
            _("%(url)s is larger than %(size)d MB.") % {"url": url, "size": MAX_FILE_BYTES // (1024 * 1024)}
        )
    return data


def sync(sources: list[Source], *, dry_run: bool = False) -> list[SyncResult]:
    """Fetch and import each source in turn; a failure is recorded and the next source still runs."""
    results = []
    for source in sources:
        result = SyncResult(source)
        try:
            data = fetch(source.url)
            result.report = importers.import_file(source.format, data, dry_run=dry_run)
        except (SourceUnavailable, importers.ImportFileError) as exc:
            result.error = str(exc)
        except Exception as exc:  # a bug or a database failure: the import rolled back; say so, carry on
            logger.exception("Sync of %s (%s) failed", source.url, source.format)
            result.error = _("Unexpected error, nothing imported from this source: %(error)s") % {"error": exc}
        results.append(result)
    return results


def report_text(results: list[SyncResult]) -> str:
    lines = []
    for result in results:
        head = f"{result.source.format} — {result.source.url}"
        if result.failed:
            lines.append(head + "\n  " + _("FAILED: %(error)s") % {"error": result.error})
        else:
            lines.append(head + "\n  " + result.report.summary())
            skipped = result.report.skipped
            if skipped:
                lines.append("  " + _("%(count)d rows skipped (see the import report).") % {"count": skipped})
    return "\n".join(lines)


def staff_emails() -> list[str]:
    users = get_user_model().objects.filter(is_staff=True, is_active=True).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


def email_staff_on_errors(results: list[SyncResult]) -> int:
    """E-mail the staff the report when a source failed; the number of recipients."""
    if not any(result.failed for result in results):
        return 0
    recipients = staff_emails()
    if recipients:
        failed = sum(result.failed for result in results)
        send_mail(
            _("AFN Directory: %(count)d open-data source(s) could not be synchronised") % {"count": failed},
            report_text(results),
            settings.DEFAULT_FROM_EMAIL,
            recipients,
        )
    return len(recipients)
