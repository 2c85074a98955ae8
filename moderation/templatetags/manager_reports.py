"""What a manager's home (/manage/, a page of the workshops app) shows of the visitors' reports and
of the moderators' decisions: the template asks this app, so that workshops does not import moderation (arrows point down, DESIGN.md)."""

from django import template

from moderation.models import ModerationDecision
from moderation.reports import open_reports, where_to_correct
from workshops.vocabularies import Status

register = template.Library()


@register.simple_tag
def with_open_reports(rows):
    """`rows` of /manage/ (dicts with a "workshop"), each given "open_reports": (report, the page
    where it is corrected) for every report still open on it. One query, however many rows."""
    if not rows:
        return rows
    by_workshop = open_reports([row["workshop"] for row in rows])
    for row in rows:
        reports = by_workshop.get(row["workshop"].pk, [])
        for report in reports:
            report.workshop = row["workshop"]  # known: no query to name its slug
        row["open_reports"] = [(report, where_to_correct(report)) for report in reports]
    return rows


# A workshop sent back to its managers: its status after the moderators' decision.
SENT_BACK = {Status.DRAFT: ModerationDecision.Action.MORE_INFO, Status.REJECTED: ModerationDecision.Action.REJECT}


@register.simple_tag
def with_moderators_word(rows):
    """`rows` of /manage/, each given "moderators_word": the moderators' last decision on a
    workshop they sent back (more information asked, or refused) with its reason, shown where the
    managers work on it and not only in the e-mail. One query, however many rows."""
    sent_back = {row["workshop"].pk: row["workshop"].status for row in rows if row["workshop"].status in SENT_BACK}
    latest = {}
    decisions = ModerationDecision.objects.filter(
        subject=ModerationDecision.Subject.WORKSHOP, workshop_id__in=sent_back
    ).order_by("-created_at", "-pk")
    for decision in decisions.only("workshop_id", "action", "reason", "created_at"):
        latest.setdefault(decision.workshop_id, decision)
    for row in rows:
        decision = latest.get(row["workshop"].pk)
        wanted = SENT_BACK.get(sent_back.get(row["workshop"].pk))
        row["moderators_word"] = decision if decision is not None and decision.action == wanted else None
    return rows


@register.simple_tag
def moderators_word(workshop):
    """The moderators' word on one workshop they sent back (`with_moderators_word`), or None."""
    if workshop is None or workshop.status not in SENT_BACK:
        return None
    return with_moderators_word([{"workshop": workshop}])[0]["moderators_word"]
