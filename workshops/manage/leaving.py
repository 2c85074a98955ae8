"""What a manager's leaving (their account deleted) would do to their workshops: registered with
accounts.deletion, which asks before it deletes an account."""

from accounts.deletion import LeftBehind
from workshops.models import Equipment, Membership, Photo, Workshop
from workshops.vocabularies import Status


def left_behind(user, *, lock: bool = False) -> LeftBehind:
    """The workshops `user` is the only owner of while others manage them (a published one would
    keep managers nobody could change), and those nobody else manages (a published one can be
    claimed again: workshops.manage.claims). `lock`: their rows stay locked until the transaction
    ends, so that of two owners deleting their accounts at once, one only goes. Drafts nobody
    else manages are not left behind but deleted with the account (discard())."""
    if lock:
        list(Workshop.objects.select_for_update(of=("self",)).filter(memberships__user=user).values_list("pk"))
    others = Membership.objects.filter(workshop__memberships__user=user).exclude(user=user)
    roles = {}
    for workshop_id, role in others.values_list("workshop_id", "role"):
        roles.setdefault(workshop_id, set()).add(role)
    mine = list(user.memberships.select_related("workshop").order_by("workshop__name"))
    alone = [m.workshop for m in mine if m.workshop_id not in roles]
    return LeftBehind(
        without_owner=[
            m.workshop
            for m in mine
            if m.role == Membership.Role.OWNER
            and m.workshop_id in roles
            and Membership.Role.OWNER not in roles[m.workshop_id]
        ],
        unmanaged=[w for w in alone if w.status != Status.DRAFT],
        deleted=[w for w in alone if w.status == Status.DRAFT],
    )


def discard(drafts) -> None:
    """Delete unfinished registrations and their history (their photos' files go with their photos,
    models._delete_photo_files): nobody could finish them, and what they say of their author goes
    with the author's account."""
    for workshop in drafts:
        pk = workshop.pk
        workshop.delete()
        Workshop.history.filter(id=pk).delete()
        Equipment.history.filter(workshop_id=pk).delete()
        Photo.history.filter(workshop_id=pk).delete()
