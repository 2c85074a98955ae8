"""Access to a territory's dashboard: an official asks, staff grant (an OfficialScope) or refuse.

Plain functions, like moderation.decisions; the requester is told by e-mail either way.
"""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.emails import absolute, send_to_users
from officials.models import OfficialScope

from .models import AccessRequest


def file_request(user, *, region=None, department=None, organisation: str, message: str = "") -> AccessRequest:
    """The user's pending request, created or replaced by this one (one pending request per person)."""
    fields = {"region": region, "department": department, "organisation": organisation, "message": message}
    pending = AccessRequest.objects.filter(user=user, state=AccessRequest.State.PENDING).first()
    if pending is None:
        return AccessRequest.objects.create(user=user, **fields)
    for name, value in fields.items():
        setattr(pending, name, value)
    pending.save()
    return pending


def pending_for(user) -> AccessRequest | None:
    if not user.is_authenticated:
        return None
    return AccessRequest.objects.filter(user=user, state=AccessRequest.State.PENDING).first()


def decide(access_request: AccessRequest, *, grant: bool, reason: str, moderator) -> AccessRequest:
    with transaction.atomic():
        if grant:
            OfficialScope.objects.get_or_create(
                user=access_request.user, region=access_request.region, department=access_request.department
            )
        access_request.state = AccessRequest.State.GRANTED if grant else AccessRequest.State.REFUSED
        access_request.decision_reason = reason
        access_request.decided_by = moderator
        access_request.decided_at = timezone.now()
        access_request.save()
    send_to_users(
        "moderation/email/access_granted" if grant else "moderation/email/access_refused",
        [access_request.user],
        {
            "territory": access_request.territory,
            "reason": reason,
            "link": absolute(reverse("officials:dashboard")),
        },
    )
    return access_request
