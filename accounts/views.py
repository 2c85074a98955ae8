"""Sign-up with e-mail verification, login (rate-limited), password reset, the account page."""

import time
from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth import get_user_model, login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language
from django_otp import devices_for_user
from django_otp import login as otp_login
from rest_framework.authtoken.models import Token

from afn_directory import limits
from afn_directory.limits import too_many_attempts
from afn_directory.links import with_next
from afn_directory.staff import has_authenticator

from . import deletion, emails
from .forms import (
    AccountForm,
    DeleteAccountForm,
    LoginCodeForm,
    LoginForm,
    PasswordResetForm,
    SignupForm,
    find_user_by_email,
)
from .models import Preferences
from .tokens import MAX_AGE_HOURS, make_email_token, read_email_token, revoke_api_tokens

BACKEND = "django.contrib.auth.backends.ModelBackend"
# The browser that signed up (or proved its password on an unconfirmed account): the only one
# a verification link logs in.
VERIFYING = "accounts.verifying_user"
# An account with an authenticator that gave its password, waiting for the code (user id, since).
PENDING_CODE = "accounts.pending_code"
PENDING_CODE_SECONDS = 5 * 60


def _next_url(request, default="/manage/"):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return default


def _home(user):
    """Where a login with no `next` leads: an account with a territory to follow and no workshop
    (a regional official) to its dashboard, rather than to "My workshops", which would only invite
    it to register one; everyone else to the workshops they manage."""
    if user.official_scopes.exists() and not user.memberships.exists():
        return "/officials/"
    return "/manage/"


def signup(request):
    if request.user.is_authenticated:
        return redirect(_next_url(request))
    # Where the person was going when asked to log in (a workshop to claim): after the e-mail is
    # confirmed, the link leads there.
    next_url = _next_url(request, "")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # Only a sign-up that would send an e-mail counts: typos the form refuses cost nothing,
        # and a newcomer who made a few is not locked out.
        if not limits.SIGNUP_PER_IP.hit(limits.client_ip(request)):
            return too_many_attempts(request, limits.SIGNUP_PER_IP)
        email = form.cleaned_data["email"]
        existing = find_user_by_email(email)
        if existing is not None and existing.is_active:
            # Same answer, and the same work (one password hash), as a new sign-up, so that
            # nobody learns who has an account here, not even from the time it takes.
            make_password(form.cleaned_data["password1"])
            emails.send_already_registered(email)
        else:
            user = existing or form.build_user()
            if existing is not None:  # signed up before without confirming: start again
                form.set_names(user)
                user.set_password(form.cleaned_data["password1"])
            user.save()
            Preferences.objects.remember_language(user, request.LANGUAGE_CODE)
            request.session[VERIFYING] = user.pk
            emails.send_verification(user, email, make_email_token(user, email), next_url)
        return render(request, "accounts/check_inbox.html", {"email": email, "link_hours": MAX_AGE_HOURS})
    return render(request, "accounts/signup.html", {"form": form, "next": next_url})


def verify(request, token):
    found = read_email_token(token)
    if found is None:
        return render(request, "accounts/verify_failed.html", {"link_hours": MAX_AGE_HOURS}, status=400)
    user, email = found
    if not user.is_active and user.email.lower() == email.lower():
        user.is_active = True
        user.save(update_fields=["is_active"])
        messages.success(request, _("Your e-mail address is confirmed. Welcome!"))
    elif user.is_active and user.email.lower() != email.lower():
        if find_user_by_email(email) is not None:
            messages.error(request, _("Another account already uses %(email)s.") % {"email": email})
            return redirect("accounts:account")
        user.email = email
        user.save(update_fields=["email"])
        messages.success(request, _("Your new e-mail address %(email)s is confirmed.") % {"email": email})
    else:
        return render(request, "accounts/verify_failed.html", {"link_hours": MAX_AGE_HOURS}, status=400)
    next_url = _next_url(request, "")  # given at sign-up (the link carries it), checked again
    if request.user.is_authenticated and request.user.pk == user.pk:
        return redirect(next_url or "manage:dashboard")
    # The link proves the mailbox, not the password: it logs in only the browser that signed up.
    if request.session.pop(VERIFYING, None) == user.pk and not has_authenticator(user):
        login(request, user, backend=BACKEND)
        return redirect(next_url or "manage:dashboard")
    messages.info(request, _("You can now log in."))
    return redirect(with_next(reverse("accounts:login"), next_url))


def login_view(request):
    if request.user.is_authenticated:
        return redirect(_next_url(request, _home(request.user)))
    form = LoginForm(request.POST or None)
    if request.method == "POST":
        ip = limits.client_ip(request)
        email = request.POST.get("email", "").strip().lower()
        pair = f"{email} {ip}"
        if not limits.LOGIN_PER_IP.hit(ip):
            return too_many_attempts(request, limits.LOGIN_PER_IP)
        if email and not limits.LOGIN_PER_EMAIL_AND_IP.hit(pair):
            return too_many_attempts(request, limits.LOGIN_PER_EMAIL_AND_IP)
        if email:
            limits.login_slowdown(email)
        if form.is_valid():
            account = find_user_by_email(form.cleaned_data["email"])
            password = form.cleaned_data["password"]
            if account is None:
                make_password(password)  # the work of checking a real password: no timing difference
                password_ok = False
            else:
                password_ok = account.check_password(password)
            if password_ok and account.is_active:
                limits.LOGIN_PER_IP.refund(ip)
                limits.LOGIN_PER_EMAIL_AND_IP.reset(pair)
                limits.LOGIN_FAILURES_PER_EMAIL.reset(email)
                if has_authenticator(account):
                    request.session[PENDING_CODE] = {"user": account.pk, "since": time.time()}
                    return redirect(with_next(reverse_lazy("accounts:login_code"), _next_url(request, "")))
                login(request, account, backend=BACKEND)
                return redirect(_next_url(request, _home(account)))
            limits.LOGIN_FAILURES_PER_EMAIL.hit(email)
            if password_ok:
                request.session[VERIFYING] = account.pk
                token = make_email_token(account, account.email)
                emails.send_verification(account, account.email, token, _next_url(request, ""))
                form.add_error(None, _("Please confirm your e-mail address first: we have sent you a new link."))
            else:
                form.add_error(None, _("This e-mail and password do not match an account."))
    return render(request, "accounts/login.html", {"form": form, "next": _next_url(request, "")})


def login_code(request):
    """The second step of a login for an account with an authenticator: its 6-digit code."""
    pending = request.session.get(PENDING_CODE) or {}
    user = get_user_model().objects.filter(pk=pending.get("user"), is_active=True).first()
    if user is None or time.time() - pending.get("since", 0) > PENDING_CODE_SECONDS:
        request.session.pop(PENDING_CODE, None)
        messages.error(request, _("Please log in again."))
        return redirect("accounts:login")
    form = LoginCodeForm(request.POST or None)
    if request.method == "POST":
        if not limits.LOGIN_CODE_PER_USER.hit(str(user.pk)):
            return too_many_attempts(request, limits.LOGIN_CODE_PER_USER)
        if form.is_valid():
            device = next(iter(devices_for_user(user, confirmed=True)), None)
            if device is not None and device.verify_token(form.cleaned_data["token"]):
                del request.session[PENDING_CODE]
                limits.LOGIN_CODE_PER_USER.reset(str(user.pk))
                login(request, user, backend=BACKEND)
                otp_login(request, device)
                return redirect(_next_url(request, _home(user)))
            form.add_error("token", _("This code does not match; check the phone's clock and try the next code."))
    return render(request, "accounts/login_code.html", {"form": form, "next": _next_url(request, "")})


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")

    def form_valid(self, form):
        response = super().form_valid(form)
        revoke_api_tokens(form.user)
        return response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        revoke_api_tokens(form.user)
        return response


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    form_class = PasswordResetForm
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset.subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def post(self, request, *args, **kwargs):
        if not limits.PASSWORD_RESET_PER_IP.hit(limits.client_ip(request)):
            return too_many_attempts(request, limits.PASSWORD_RESET_PER_IP)
        email = request.POST.get("email", "").strip().lower()
        if email and not limits.PASSWORD_RESET_PER_EMAIL.hit(email):
            return too_many_attempts(request, limits.PASSWORD_RESET_PER_EMAIL)
        return super().post(request, *args, **kwargs)


@login_required
def account(request):
    old_email = request.user.email
    language = Preferences.objects.language_of([request.user])[request.user.pk]
    form = AccountForm(request.POST or None, instance=request.user, initial={"language": language})
    if request.method == "POST" and form.is_valid() and _address_change_allowed(request.user, form, old_email):
        new_email = form.cleaned_data["email"]
        form.instance.email = old_email
        form.save()
        if form.cleaned_data["language"]:
            Preferences.objects.remember_language(request.user, form.cleaned_data["language"])
        if new_email != old_email.lower():
            _send_address_link(request.user, new_email)
            messages.info(
                request,
                _("We sent a link to %(email)s: your address changes once you follow it.") % {"email": new_email},
            )
        messages.success(request, _("Your account is saved."))
        return redirect("accounts:account")
    token = Token.objects.filter(user=request.user).first()
    memberships = request.user.memberships.select_related("workshop").order_by("workshop__name")
    return render(request, "accounts/account.html", {"form": form, "token": token, "memberships": memberships})


ADDRESS_CHANGES_EXCEEDED = ngettext_lazy(
    "You asked to change your address too many times today: try again in %(hours)s hour.",
    "You asked to change your address too many times today: try again in %(hours)s hours.",
    "hours",
)


def _address_change_allowed(user, form, old_email: str) -> bool:
    """Whether the address the form asks for may be sent its link (each sends an e-mail to an
    address of the account's choosing); if not, the form says so and nothing is saved."""
    return form.cleaned_data["email"] == old_email.lower() or limits.counted_on_form(
        limits.ADDRESS_CHANGE_PER_USER, str(user.pk), form, "email", ADDRESS_CHANGES_EXCEEDED
    )


def _send_address_link(user, email: str) -> None:
    """The link that moves `user` to `email`, or, when another account has that address, a notice
    to it instead: the person asking gets the same answer either way, so nobody learns from this
    page which addresses have an account here. (verify checks again: the address may be taken
    between the two.)"""
    holder = find_user_by_email(email)
    if holder is None:
        emails.send_verification(user, email, make_email_token(user, email))
    else:
        emails.send_address_in_use(holder)


@login_required
@require_POST
def api_token(request):
    Token.objects.filter(user=request.user).delete()
    if request.POST.get("action") == "create":
        Token.objects.create(user=request.user)
        messages.success(request, _("Your API token is ready. Keep it secret."))
    else:
        messages.success(request, _("Your API token is revoked: programs using it no longer have access."))
    return redirect("accounts:account")


@login_required
def delete_account(request):
    form = DeleteAccountForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            left = deletion.left_behind(request.user, lock=True)
            if not left.without_owner:
                user = request.user
                logout(request)
                # Memberships, claims, the API token and the drafts nobody else manages go with the
                # account; history entries stay, their author shown as a deleted user
                # (simple-history sets it to NULL).
                deletion.discard(left)
                user.delete()
                messages.success(request, _("Your account and your personal data are deleted."))
                return redirect("/")
        for workshop in left.without_owner:
            form.add_error(
                None,
                _(
                    "Your account is not deleted: you are the only owner of %(name)s, and without one nobody "
                    "could invite or remove its managers. Make another of its managers owner first."
                )
                % {"name": workshop.name},
            )
    else:
        left = deletion.left_behind(request.user)
    return render(request, "accounts/delete.html", {"form": form, "left": left})


# Exempt from CSRF so that public pages carry no token and can be cached by proxies: a forged
# request could only change a visitor's language (the `next` URL is checked by Django's view), and
# changes a signed-in person's e-mails only when it comes from this site.
@csrf_exempt
def set_language(request):
    """Django's language switch; for a signed-in person, also the language of their e-mails."""
    response = django_set_language(request)
    if request.method == "POST" and request.user.is_authenticated and _from_this_site(request):
        Preferences.objects.remember_language(request.user, request.POST.get("language", ""))
    return response


def _from_this_site(request) -> bool:
    origin = request.headers.get("Origin")
    if origin:
        try:
            return urlsplit(origin).netloc == request.get_host()
        except ValueError:  # "http://[": not an origin, and not this site
            return False
    return request.headers.get("Sec-Fetch-Site") == "same-origin"
