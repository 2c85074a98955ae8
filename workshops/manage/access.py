"""Who may do what with a workshop, asked in one place.

`managed_workshop` returns the workshop and the caller's Access. Strangers get a 403 for a
published workshop (anyone may see it exists: the page says they do not manage it and how to
claim it) and a 404 otherwise (the page does not say whether a draft exists); managers without
the needed right get a 403.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from afn_directory.staff import has_staff_powers
from workshops.models import Membership, Workshop

# PermissionDenied's message for a stranger to a published workshop: templates/403.html
# recognises it and adds the link to claim the workshop.
NOT_MANAGED = _("You do not manage this workshop: only its managers can open this page.")


@dataclass(frozen=True)
class Access:
    role: str | None  # "owner", "editor" or None for staff without a membership
    is_staff: bool

    @property
    def can_edit(self):
        return self.is_staff or self.role is not None

    @property
    def can_manage_people(self):
        return self.is_staff or self.role == Membership.Role.OWNER

    @property
    def can_revert(self):
        return self.is_staff


def access_for(user, workshop) -> Access | None:
    if not user.is_authenticated:
        return None
    membership = Membership.objects.filter(user=user, workshop=workshop).only("role").first()
    staff = has_staff_powers(user)
    if membership is None and not staff:
        return None
    return Access(role=membership.role if membership else None, is_staff=staff)


def managed_workshop(request, slug, *, need="edit", queryset=None):
    """The workshop at `slug` and the request user's Access, or Http404 / PermissionDenied."""
    workshop = (queryset or Workshop.objects.select_related("commune")).filter(slug=slug).first()
    access = access_for(request.user, workshop) if workshop else None
    if access is None:
        if workshop is not None and workshop.is_published and request.user.is_authenticated:
            raise PermissionDenied(NOT_MANAGED)
        raise Http404("No workshop you manage has this address.")
    if need == "people" and not access.can_manage_people:
        raise PermissionDenied("Only the workshop's owners invite or remove managers.")
    if need == "revert" and not access.can_revert:
        raise PermissionDenied("Only staff revert a profile.")
    return workshop, access
