"""Inviting the managers of each published workshop to answer the year's managers' questionnaire.

Safe to run every day (deploy/afn-directory-daily.service): a workshop is invited once a year,
when a managers' questionnaire is open, it has managers, it has been listed for a while (a workshop
registered last week has just described itself), and nobody answered for it this year yet.
"""

from datetime import timedelta

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from afn_directory.links import absolute
from workshops.manage.reminders import mail_managers_once
from workshops.models import Membership, Workshop

from .models import Questionnaire, QuestionnaireInvitation, Response

LISTED_FOR = timedelta(days=30)


def due(now=None):
    """The published workshops whose managers are to be invited this year."""
    now = now or timezone.now()
    year = timezone.localdate(now).year
    answered = Response.objects.managers_answers(year).filter(workshop=OuterRef("pk"))
    invited = QuestionnaireInvitation.objects.filter(workshop=OuterRef("pk"), year=year)
    return (
        Workshop.objects.published()
        .filter(Exists(Membership.objects.filter(workshop=OuterRef("pk"))), created_at__lt=now - LISTED_FOR)
        .exclude(Exists(answered))
        .exclude(Exists(invited))
    )


def send_invitations(now=None) -> int:
    """Invite the due workshops' managers, each in their language; returns how many workshops."""
    now = now or timezone.now()
    questionnaire = Questionnaire.objects.current("manager")
    if questionnaire is None:
        return 0
    year = timezone.localdate(now).year
    invited = 0
    for workshop in due(now).prefetch_related("memberships__user"):
        context = {
            "workshop": workshop,
            "year": year,
            "link": absolute(reverse("surveys:manager_questionnaire", args=[workshop.slug])),
            "results_link": absolute(reverse("surveys:manager_results", args=[workshop.slug])),
        }
        invitation = QuestionnaireInvitation(workshop=workshop, year=year)
        if mail_managers_once(invitation, "surveys/email/manager_invitation", context):
            invited += 1
    return invited
