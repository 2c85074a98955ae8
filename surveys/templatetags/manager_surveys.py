"""What a manager's home (/manage/, a page of the workshops app) shows of the surveys: the template
asks this app, so that workshops does not import surveys (arrows point down, DESIGN.md)."""

from django import template
from django.db.models import Count, Q
from django.utils import timezone

from surveys.models import Audience, Questionnaire, Response

register = template.Library()


@register.simple_tag
def with_survey_status(rows):
    """`rows` of /manage/ (dicts with a "workshop"), each given "questionnaire_due" — this year's
    managers' questionnaire is open and a published workshop has not answered it — and
    "user_answers", how many of its users answered. Two queries, however many rows."""
    if not rows:
        return rows
    year = timezone.localdate().year
    per_workshop = (
        Response.objects.filter(workshop__in=[row["workshop"] for row in rows])
        .values("workshop_id")
        .annotate(
            users=Count("id", filter=Q(questionnaire__audience=Audience.USER)),
            this_year=Count("id", filter=Q(questionnaire__audience=Audience.MANAGER, year=year)),
        )
    )
    counts = {counted["workshop_id"]: counted for counted in per_workshop}
    is_open = Questionnaire.objects.current("manager") is not None
    for row in rows:
        found = counts.get(row["workshop"].pk, {})
        row["user_answers"] = found.get("users", 0)
        row["questionnaire_due"] = is_open and row["workshop"].is_published and not found.get("this_year")
        row["questionnaire_year"] = year
    return rows
