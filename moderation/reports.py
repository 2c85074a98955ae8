"""Problems visitors report on a workshop's page: its managers hear of each at once and are led to
the part of the profile it is about; moderators close it (decisions.decide_report), and the
reporter is told.

Managers see what was reported and the visitor's words, never the visitor's e-mail address (it is
for the moderators' answer only).
"""

import logging

from django.contrib.auth import get_user_model
from django.urls import reverse

from accounts.emails import absolute, send_to_users

from .models import ProblemReport

logger = logging.getLogger(__name__)
Kind = ProblemReport.Kind

# The managers' page where each kind of problem is corrected (URL name, section).
WHERE_TO_CORRECT = {
    Kind.CLOSED: ("manage:edit", None),
    Kind.ADDRESS: ("manage:section", "address"),
    Kind.HOURS: ("manage:section", "access"),
    Kind.EQUIPMENT: ("manage:equipment", None),
    Kind.CONTACT: ("manage:edit", None),
    Kind.PHOTO: ("manage:photos", None),
}


def where_to_correct(report: ProblemReport) -> str:
    name, section = WHERE_TO_CORRECT.get(report.kind, ("manage:edit", None))
    return reverse(name, args=[report.workshop.slug, section] if section else [report.workshop.slug])


def file_report(report: ProblemReport) -> None:
    """Record a visitor's report and tell the workshop's managers. A mail server that fails loses
    nothing: the report is recorded first, and the moderators see it in their queue."""
    report.save()
    managers = get_user_model().objects.filter(memberships__workshop=report.workshop)
    context = {"workshop": report.workshop, "report": report, "link": absolute(where_to_correct(report))}
    try:
        send_to_users("moderation/email/report_filed", managers, context)
    except OSError:  # smtplib's errors included
        logger.exception("Could not tell the managers of %s about report %s", report.workshop.slug, report.pk)


def open_reports(workshops) -> dict[int, list[ProblemReport]]:
    """The reports still open on these workshops, by workshop id, oldest first; one query."""
    found: dict[int, list[ProblemReport]] = {}
    for report in ProblemReport.objects.filter(workshop__in=workshops, state=ProblemReport.State.OPEN):
        found.setdefault(report.workshop_id, []).append(report)
    return found


def open_by_workshop() -> list[dict]:
    """The open reports for the moderators' queue, one entry per workshop ({"workshop", "reports"}):
    ten visitors reporting the same closed door make one row. The workshop waiting longest comes
    first, and its reports oldest first; one query, however many reports."""
    found: dict[int, dict] = {}
    for report in ProblemReport.objects.filter(state=ProblemReport.State.OPEN).select_related("workshop"):
        found.setdefault(report.workshop_id, {"workshop": report.workshop, "reports": []})["reports"].append(report)
    return list(found.values())
