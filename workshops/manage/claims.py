"""Claiming an existing listing: a request with a message and an optional proof by e-mail.

An address at the domain of the workshop's website is a proof once its owner follows the link
sent there (at once when it is the account's own, already confirmed, address). Moderators decide.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.emails import send
from afn_directory import limits
from afn_directory.limits import too_many_attempts
from afn_directory.links import absolute
from workshops.importers.contacts import CODE_DOMAINS, SOCIAL_DOMAINS
from workshops.models import ClaimRequest, Membership, Workshop
from workshops.validators import SHORTENER_DOMAINS, domain_suffixes, website_domain

from .forms import ClaimForm

SALT = "manage.claim-proof"
MAX_AGE = 7 * 24 * 3600


# Mail providers anyone can get an address from: an address there proves nothing about a website
# hosted under the same name (monfablab.free.fr, sites.google.com, lab.wanadoo.fr…).
SHARED_MAIL_DOMAINS = frozenset(
    [
        "aliceadsl.fr",
        "aol.com",
        "aol.fr",
        "bbox.fr",
        "cegetel.net",
        "club-internet.fr",
        "free.fr",
        "gmail.com",
        "gmx.com",
        "gmx.fr",
        "google.com",
        "googlemail.com",
        "hotmail.com",
        "hotmail.fr",
        "icloud.com",
        "laposte.net",
        "libertysurf.fr",
        "live.com",
        "live.fr",
        "mac.com",
        "mail.com",
        "mailo.com",
        "me.com",
        "msn.com",
        "neuf.fr",
        "numericable.fr",
        "orange.fr",
        "outlook.com",
        "outlook.fr",
        "proton.me",
        "protonmail.com",
        "sfr.fr",
        "tutanota.com",
        "wanadoo.fr",
        "yahoo.com",
        "yahoo.fr",
        "yandex.com",
        "zoho.com",
    ]
)


# Sites where anyone opens a page under the platform's name: a workshop's site there
# (lafabriqueccprf.wordpress.com, wix.com/…) has no domain of its own, so no address proves that one
# runs it (6 of the 2019 census's websites); nor does a social network's or code host's page (the
# importers' SOCIAL_DOMAINS and CODE_DOMAINS) or a shortened link (validators.SHORTENER_DOMAINS, 9).
HOSTING_DOMAINS = frozenset(
    [
        "blogspot.com",
        "blogspot.fr",
        "canalblog.com",
        "e-monsite.com",
        "framasite.org",
        "gitlab.io",
        "jimdo.com",
        "jimdofree.com",
        "jimdosite.com",
        "linktr.ee",
        "medium.com",
        "netlify.app",
        "over-blog.com",
        "over-blog.fr",
        "squarespace.com",
        "webnode.com",
        "webnode.fr",
        "weebly.com",
        "wifeo.com",
        "wix.com",
        "wixsite.com",
        "wordpress.com",
    ]
)
NO_PROOF_DOMAINS = SHARED_MAIL_DOMAINS | HOSTING_DOMAINS | SOCIAL_DOMAINS | CODE_DOMAINS | SHORTENER_DOMAINS


def proof_domain(website: str) -> str:
    """The domain an address must be at to prove a claim on a workshop with this website ("" if none can)."""
    domain = website_domain(website or "")
    if "." not in domain or _no_proof(domain):
        return ""
    return domain


def email_matches_website(email: str, website: str) -> bool:
    """True when the e-mail's domain is the website's, or a sub-domain of it (or the reverse).

    Never for a shared mail provider's domain, nor for a website hosted under one or on a platform.
    """
    domain = proof_domain(website)
    email_domain = email.rpartition("@")[2].lower()
    if not domain or not email_domain or _no_proof(email_domain):
        return False
    return email_domain == domain or email_domain.endswith("." + domain) or domain.endswith("." + email_domain)


def _no_proof(domain: str) -> bool:
    return bool(domain_suffixes(domain) & NO_PROOF_DOMAINS)


@login_required
def claim(request, slug):
    workshop = get_object_or_404(Workshop.objects.published(), slug=slug)
    if Membership.objects.filter(workshop=workshop, user=request.user).exists():
        messages.info(request, _("You already manage this workshop."))
        return redirect("manage:edit", slug)
    pending = ClaimRequest.objects.filter(
        workshop=workshop,
        user=request.user,
        decision__in=[ClaimRequest.Decision.PENDING, ClaimRequest.Decision.MORE_INFO],
    ).first()
    domain = proof_domain(workshop.website)
    form = ClaimForm(
        request.POST or None,
        instance=pending or ClaimRequest(workshop=workshop, user=request.user),
        proof_domain=domain,
    )
    if request.method == "POST":
        if not limits.CLAIM_PER_USER.hit(str(request.user.pk)):
            return too_many_attempts(request, limits.CLAIM_PER_USER)
        if form.is_valid():
            claim = form.save(commit=False)
            claim.decision = ClaimRequest.Decision.PENDING
            claim.save()
            _check_proof(request, claim)
            messages.success(request, _("Your claim is sent: a moderator will answer by e-mail."))
            return redirect("manage:dashboard")
    return render(
        request,
        "manage/claim.html",
        {"workshop": workshop, "form": form, "pending": pending, "proof_domain": domain},
    )


def _check_proof(request, claim):
    email = claim.proof_email
    if not email:
        return
    if not email_matches_website(email, claim.workshop.website):
        messages.info(
            request,
            _("%(email)s is not at the domain of the workshop's website: moderators will check your claim otherwise.")
            % {"email": email},
        )
        return
    if email.lower() == request.user.email.lower():
        claim.email_domain_verified = True
        claim.save(update_fields=["email_domain_verified"])
        return
    token = signing.dumps({"claim": claim.pk, "email": email.lower()}, salt=SALT)
    link = absolute(reverse("manage:claim_proof", args=[token]))
    send("manage/email/claim_proof", [email], {"workshop": claim.workshop, "link": link})
    messages.info(request, _("Follow the link we sent to %(email)s to prove your claim.") % {"email": email})


def claim_proof(request, token):
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
        claim = ClaimRequest.objects.select_related("workshop").get(pk=data["claim"])
    except (signing.BadSignature, ClaimRequest.DoesNotExist, KeyError, TypeError):
        return render(request, "accounts/verify_failed.html", status=400)
    if claim.proof_email.lower() != data["email"]:
        return render(request, "accounts/verify_failed.html", status=400)
    claim.email_domain_verified = True
    claim.save(update_fields=["email_domain_verified"])
    return render(request, "manage/claim_proved.html", {"claim": claim})
