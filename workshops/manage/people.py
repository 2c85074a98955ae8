"""Co-managers: invite someone by e-mail, withdraw or accept an invitation, remove a manager."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy
from django.views.decorators.http import require_POST

from accounts.emails import send, send_to_users
from afn_directory import limits
from afn_directory.links import absolute
from afn_directory.staff import has_staff_powers
from workshops.models import ManagerInvitation, Membership, Workshop

from .access import managed_workshop
from .forms import InvitationForm


@login_required
def managers(request, slug):
    workshop, access = managed_workshop(request, slug)
    form = InvitationForm(request.POST or None, workshop=workshop)
    if request.method == "POST":
        workshop, access = managed_workshop(request, slug, need="people")
        if form.is_valid() and _invitation_allowed(request.user, form):
            invitation, again = _invite(workshop, form.cleaned_data["email"], form.cleaned_data["role"], request.user)
            link = absolute(reverse("manage:invitation", args=[invitation.token]))
            days = ManagerInvitation.VALID_DAYS
            send(
                "manage/email/invitation",
                [invitation.email],
                {"workshop": workshop, "inviter": request.user, "link": link, "days": days},
            )
            if again:
                message = _("%(email)s was already invited: the invitation was sent again, valid for %(days)s days.")
            else:
                message = _("Invitation sent to %(email)s.")
            messages.success(request, message % {"email": invitation.email, "days": days})
            return redirect(request.path)
    context = {
        "workshop": workshop,
        "access": access,
        "form": form,
        "memberships": workshop.memberships.select_related("user").order_by("role", "created_at"),
        "invitations": workshop.invitations.filter(accepted_at__isnull=True),
        "section": "managers",
    }
    return render(request, "manage/managers.html", context)


INVITATIONS_EXCEEDED = ngettext_lazy(
    "You sent too many invitations today: try again in %(hours)s hour.",
    "You sent too many invitations today: try again in %(hours)s hours.",
    "hours",
)


def _invitation_allowed(user, form) -> bool:
    """Whether `user` may send one more invitation today (each is an e-mail to an address of their
    choosing); if not, the form says so. Staff, who hand workshops over, are not counted."""
    return has_staff_powers(user) or limits.counted_on_form(
        limits.INVITATION_PER_USER, str(user.pk), form, "email", INVITATIONS_EXCEEDED
    )


def _invite(workshop, email, role, inviter) -> tuple[ManagerInvitation, bool]:
    """The invitation of `email` to `workshop`, and whether it was already waiting for an answer.

    Invited again, an address gets the same invitation again, renewed for VALID_DAYS from now
    (an expired one included) with the role chosen this time: one link per person, which one
    withdrawal ends, rather than a second one that would outlive it.
    """
    with transaction.atomic():
        # Two invitations of one workshop at once (a double click) wait for each other here (PostgreSQL).
        Workshop.objects.select_for_update().filter(pk=workshop.pk).values_list("pk").first()
        waiting = workshop.invitations.filter(accepted_at__isnull=True, email__iexact=email).first()
        if waiting is None:
            invitation = ManagerInvitation.objects.create(workshop=workshop, email=email, role=role, invited_by=inviter)
            return invitation, False
        waiting.role, waiting.invited_by, waiting.created_at = role, inviter, timezone.now()
        waiting.save(update_fields=["role", "invited_by", "created_at"])
        return waiting, True


@login_required
@require_POST
def withdraw_invitation(request, slug, invitation_id):
    """An invitation not yet accepted (a mistyped address, a change of mind) is deleted: its link
    then leads to the page that says it no longer works."""
    workshop, _access = managed_workshop(request, slug, need="people")
    pending = ManagerInvitation.objects.filter(workshop=workshop, accepted_at__isnull=True)
    invitation = get_object_or_404(pending, pk=invitation_id)
    # On the condition acceptance claims it on: of a withdrawal and an acceptance at once, one only goes on.
    if not pending.filter(pk=invitation.pk).delete()[0]:
        raise Http404("This invitation was accepted meanwhile.")
    messages.success(
        request, _("The invitation to %(email)s was withdrawn: its link no longer works.") % {"email": invitation.email}
    )
    return redirect("manage:managers", slug)


@login_required
@require_POST
def remove_manager(request, slug, membership_id):
    workshop, access = managed_workshop(request, slug)
    membership = get_object_or_404(Membership, pk=membership_id, workshop=workshop)
    leaving = membership.user_id == request.user.pk
    if not leaving:
        managed_workshop(request, slug, need="people")
    owners = workshop.memberships.filter(role=Membership.Role.OWNER)
    if membership.role == Membership.Role.OWNER and owners.count() == 1 and not access.is_staff:
        messages.error(request, _("A workshop keeps at least one owner: make someone else owner first."))
        return redirect("manage:managers", slug)
    membership.delete()
    if leaving:
        messages.success(request, _("You no longer manage %(name)s.") % {"name": workshop.name})
        return redirect("manage:dashboard")
    messages.success(request, _("%(user)s no longer manages this workshop.") % {"user": membership.user.email})
    return redirect("manage:managers", slug)


@login_required
@require_POST
def make_owner(request, slug, membership_id):
    """An owner makes an editor owner too: how a workshop is handed over before its only owner
    leaves it or deletes their account (accounts.views.delete_account asks for it)."""
    workshop, _access = managed_workshop(request, slug, need="people")
    membership = get_object_or_404(Membership.objects.select_related("user"), pk=membership_id, workshop=workshop)
    if membership.role != Membership.Role.OWNER:
        membership.role = Membership.Role.OWNER
        membership.save(update_fields=["role"])
        # They learn it from us, not by chance: what they may now do, and who made them owner.
        link = absolute(reverse("manage:managers", args=[workshop.slug]))
        send_to_users(
            "manage/email/made_owner", [membership.user], {"workshop": workshop, "by": request.user, "link": link}
        )
    messages.success(request, _("%(user)s is now an owner of this workshop.") % {"user": membership.user.email})
    return redirect("manage:managers", slug)


def _invalid(request):
    """The page of a link that leads nowhere any more: its invitation was accepted, withdrawn
    (deleted) or has expired."""
    return render(request, "manage/invitation_invalid.html", {"days": ManagerInvitation.VALID_DAYS}, status=404)


@login_required
def invitation(request, token):
    invitation = ManagerInvitation.objects.select_related("workshop").filter(token=token).first()
    if invitation is None or invitation.accepted_at or invitation.expired:
        return _invalid(request)
    # The link was sent to one address: whoever else holds it (a forwarded mail, a shared screen)
    # cannot use it.
    if invitation.email.strip().lower() != (request.user.email or "").strip().lower():
        return render(request, "manage/invitation_other_address.html", {"invitation": invitation}, status=403)
    if request.method == "POST":
        with transaction.atomic():
            # Claimed with a conditional update: of two acceptances at once, one only goes on.
            claimed = ManagerInvitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(
                accepted_at=timezone.now(), accepted_by=request.user
            )
            if not claimed:
                return _invalid(request)
            if Membership.objects.filter(user=request.user, workshop=invitation.workshop).exists():
                messages.info(request, _("You already manage this workshop."))
            else:
                Membership.objects.create(user=request.user, workshop=invitation.workshop, role=invitation.role)
        messages.success(request, _("You now manage %(name)s.") % {"name": invitation.workshop.name})
        return redirect("manage:edit", invitation.workshop.slug)
    return render(request, "manage/invitation.html", {"invitation": invitation})
