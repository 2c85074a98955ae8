"""What a manager's leaving (their account deleted) would do to their workshops: registered with
accounts.deletion, which asks before it deletes an account."""

from accounts.deletion import LeftBehind
from workshops import photos
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
    return LeftBehind(
        without_owner=[
            m.workshop
            for m in mine
            if m.role == Membership.Role.OWNER
            and m.workshop_id in roles
            and Membership.Role.OWNER not in roles[m.workshop_id]
        ],
        unmanaged=[m.workshop for m in mine if m.workshop_id not in roles and m.workshop.status != Status.DRAFT],
        deleted=[m.workshop for m in mine if m.workshop_id not in roles and m.workshop.status == Status.DRAFT],
    )


def discard(drafts) -> None:
    """Delete unfinished registrations, their photos' files (once committed) and their history:
    nobody could finish them, and what they say of their author goes with the author's account."""
    for workshop in drafts:
        photos.delete_files(
            *(name for photo in workshop.photos.all() for name in (photo.image.name, photo.thumbnail.name))
        )
        pk = workshop.pk
        workshop.delete()
        for model in (Workshop, Equipment, Photo):  # the history of its machines and photos too
            model.history.filter(**({"id": pk} if model is Workshop else {"workshop_id": pk})).delete()
