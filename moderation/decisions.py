"""Moderators' decisions as plain functions: change the state, log the decision, tell the people.

Each returns the logged ModerationDecision. A rejection or a request for more information
carries a reason, which is e-mailed.
"""

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.emails import absolute, send, send_to_users
from workshops.editing import save_profile
from workshops.models import ClaimRequest, Membership, Workshop
from workshops.vocabularies import Status

from .models import ModerationDecision, ProblemReport

Action = ModerationDecision.Action
WORKSHOP_STATUS = {Action.APPROVE: Status.PUBLISHED, Action.REJECT: Status.REJECTED, Action.MORE_INFO: Status.DRAFT}
CLAIM_DECISION = {
    Action.APPROVE: ClaimRequest.Decision.APPROVED,
    Action.REJECT: ClaimRequest.Decision.REJECTED,
    Action.MORE_INFO: ClaimRequest.Decision.MORE_INFO,
}
REPORT_STATE = {Action.RESOLVE: ProblemReport.State.RESOLVED, Action.DISMISS: ProblemReport.State.DISMISSED}


def _log(subject, action, reason, workshop, moderator, **links):
    return ModerationDecision.objects.create(
        subject=subject,
        action=action,
        reason=reason,
        workshop=workshop,
        workshop_name=workshop.name,
        moderator=moderator,
        **links,
    )


def _managers(workshop):
    return [membership.user for membership in workshop.memberships.select_related("user")]


def decide_workshop(workshop: Workshop, action: str, reason: str, moderator) -> ModerationDecision:
    with transaction.atomic():
        workshop = save_profile(
            workshop,
            {"status": WORKSHOP_STATUS[action]},
            expected_version=workshop.version,
            user=moderator,
            reason=reason,
        )
        decision = _log(ModerationDecision.Subject.WORKSHOP, action, reason, workshop, moderator)
    link = absolute(
        workshop.get_absolute_url() if action == Action.APPROVE else reverse("manage:edit", args=[workshop.slug])
    )
    send_to_users(
        "moderation/email/workshop_decision",
        _managers(workshop),
        {"workshop": workshop, "decision": decision, "link": link},
    )
    return decision


def decide_claim(claim: ClaimRequest, action: str, reason: str, moderator) -> ModerationDecision:
    with transaction.atomic():
        claim.decision = CLAIM_DECISION[action]
        claim.decision_reason = reason
        claim.decided_by = moderator
        claim.decided_at = timezone.now()
        claim.save()
        owners = []
        if action == Action.APPROVE:
            owners = [
                m.user
                for m in claim.workshop.memberships.filter(role=Membership.Role.OWNER).select_related("user")
                if m.user_id != claim.user_id
            ]
            role = Membership.Role.EDITOR if owners else Membership.Role.OWNER
            try:
                with transaction.atomic():
                    Membership.objects.create(user=claim.user, workshop=claim.workshop, role=role)
            except IntegrityError:  # already a manager: nothing more to grant
                pass
        decision = _log(ModerationDecision.Subject.CLAIM, action, reason, claim.workshop, moderator, claim=claim)
    link = absolute(
        reverse("manage:edit", args=[claim.workshop.slug])
        if action == Action.APPROVE
        else reverse("manage:claim", args=[claim.workshop.slug])
    )
    send_to_users(
        "moderation/email/claim_decision",
        [claim.user],
        {"workshop": claim.workshop, "decision": decision, "link": link},
    )
    if owners:
        # A workshop that has owners gains an editor on a claim: its owners hear of it from us,
        # with the page where they remove a manager they do not know.
        send_to_users(
            "moderation/email/claim_approved_owners",
            owners,
            {
                "workshop": claim.workshop,
                "claimant": claim.user,
                "link": absolute(reverse("manage:managers", args=[claim.workshop.slug])),
            },
        )
    return decision


def decide_report(report: ProblemReport, action: str, reason: str, moderator) -> ModerationDecision:
    with transaction.atomic():
        report.state = REPORT_STATE[action]
        report.save(update_fields=["state"])
        decision = _log(ModerationDecision.Subject.REPORT, action, reason, report.workshop, moderator, report=report)
    send(  # to whoever reported it, in the language they reported it in
        "moderation/email/report_decision",
        [report.email],
        {"workshop": report.workshop, "decision": decision, "link": absolute(report.workshop.get_absolute_url())},
        language=report.language or None,
    )
    return decision


def decide_reports(reports, action: str, reason: str, moderator) -> list[ModerationDecision]:
    """The same decision on several reports about one workshop: each is logged, and each reporter
    told in their own language, as one decided alone."""
    return [decide_report(report, action, reason, moderator) for report in reports]
