"""What a manager's home (/manage/, a page of the workshops app) shows of the visitors' reports: the
template asks this app, so that workshops does not import moderation (arrows point down, DESIGN.md)."""

from django import template

from moderation.reports import open_reports, where_to_correct

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
