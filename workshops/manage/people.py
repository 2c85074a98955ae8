"""Co-managers: invite someone by e-mail, accept an invitation, remove a manager."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.emails import send
from afn_directory.links import absolute
from workshops.models import ManagerInvitation, Membership

from .access import managed_workshop
from .forms import InvitationForm


@login_required
def managers(request, slug):
    workshop, access = managed_workshop(request, slug)
    form = InvitationForm(request.POST or None)
    if request.method == "POST":
        workshop, access = managed_workshop(request, slug, need="people")
        if form.is_valid():
            invitation = ManagerInvitation.objects.create(
                workshop=workshop,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                invited_by=request.user,
            )
            link = absolute(reverse("manage:invitation", args=[invitation.token]))
            send(
                "manage/email/invitation",
                [invitation.email],
                {"workshop": workshop, "inviter": request.user, "link": link, "days": ManagerInvitation.VALID_DAYS},
            )
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": invitation.email})
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
def invitation(request, token):
    invitation = ManagerInvitation.objects.select_related("workshop").filter(token=token).first()
    if invitation is None or invitation.accepted_at or invitation.expired:
        return render(request, "manage/invitation_invalid.html", status=404)
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
                return render(request, "manage/invitation_invalid.html", status=404)
            if Membership.objects.filter(user=request.user, workshop=invitation.workshop).exists():
                messages.info(request, _("You already manage this workshop."))
            else:
                Membership.objects.create(user=request.user, workshop=invitation.workshop, role=invitation.role)
        messages.success(request, _("You now manage %(name)s.") % {"name": invitation.workshop.name})
        return redirect("manage:edit", invitation.workshop.slug)
    return render(request, "manage/invitation.html", {"invitation": invitation})
