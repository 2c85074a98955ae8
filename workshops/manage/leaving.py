"""What a manager's leaving (their account deleted) would do to their workshops: registered with
accounts.deletion, which asks before it deletes an account."""

from accounts.deletion import LeftBehind
from workshops.models import Membership, Workshop


def left_behind(user, *, lock: bool = False) -> LeftBehind:
    """The workshops `user` is the only owner of while others manage them (a published one would
    keep managers nobody could change), and those nobody else manages (a published one can be
    claimed again: workshops.manage.claims). `lock`: their rows stay locked until the transaction
    ends, so that of two owners deleting their accounts at once, one only goes."""
    if lock:
        list(Workshop.objects.select_for_update(of=("self",)).filter(memberships__user=user).values_list("pk"))
    others = Membership.objects.filter(workshop__memberships__user=user).exclude(user=user)
    roles = {}
    for workshop_id, role in others.values_list("workshop_id", "role"):
        roles.setdefault(workshop_id, set()).add(role)
    mine = list(user.memberships.select_related("workshop").order_by("workshop__name"))
    return LeftBehind(
        without_owner=[
            m.workshop
            for m in mine
            if m.role == Membership.Role.OWNER
            and m.workshop_id in roles
            and Membership.Role.OWNER not in roles[m.workshop_id]
        ],
        unmanaged=[m.workshop for m in mine if m.workshop_id not in roles],
    )
