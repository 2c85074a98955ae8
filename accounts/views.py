"""Sign-up with e-mail verification, login (rate-limited), password reset, the account page."""

from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from rest_framework.authtoken.models import Token

from afn_directory import limits

from . import emails
from .forms import AccountForm, DeleteAccountForm, LoginForm, SignupForm, find_user_by_email
from .tokens import make_email_token, read_email_token

BACKEND = "django.contrib.auth.backends.ModelBackend"


def too_many_attempts(request, policy):
    response = render(request, "accounts/limited.html", {"retry_minutes": policy.retry_after() // 60 + 1}, status=429)
    response["Retry-After"] = str(policy.retry_after())
    return response


def _next_url(request, default="/manage/"):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return default


def signup(request):
    if request.user.is_authenticated:
        return redirect("manage:dashboard")
    form = SignupForm(request.POST or None)
    if request.method == "POST":
        if not limits.SIGNUP_PER_IP.hit(limits.client_ip(request)):
            return too_many_attempts(request, limits.SIGNUP_PER_IP)
        if form.is_valid():
            email = form.cleaned_data["email"]
            existing = find_user_by_email(email)
            if existing is not None and existing.is_active:
                # Same answer as a new sign-up, so that nobody learns who has an account here.
                emails.send_already_registered(email)
            else:
                user = existing or form.build_user()
                if existing is not None:  # signed up before without confirming: start again
                    form.set_names(user)
                    user.set_password(form.cleaned_data["password1"])
                user.save()
                emails.send_verification(user, email, make_email_token(user, email))
            return render(request, "accounts/check_inbox.html", {"email": email})
    return render(request, "accounts/signup.html", {"form": form})


def verify(request, token):
    found = read_email_token(token)
    if found is None:
        return render(request, "accounts/verify_failed.html", status=400)
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
    elif not user.is_active:
        return render(request, "accounts/verify_failed.html", status=400)
    login(request, user, backend=BACKEND)
    return redirect("manage:dashboard")


def login_view(request):
    if request.user.is_authenticated:
        return redirect(_next_url(request))
    form = LoginForm(request.POST or None)
    if request.method == "POST":
        ip = limits.client_ip(request)
        email = request.POST.get("email", "").strip().lower()
        if not limits.LOGIN_PER_IP.hit(ip):
            return too_many_attempts(request, limits.LOGIN_PER_IP)
        if email and not limits.LOGIN_PER_EMAIL.hit(email):
            return too_many_attempts(request, limits.LOGIN_PER_EMAIL)
        if form.is_valid():
            account = find_user_by_email(form.cleaned_data["email"])
            password = form.cleaned_data["password"]
            user = authenticate(request, username=account.username, password=password) if account else None
            if user is not None:
                limits.LOGIN_PER_EMAIL.reset(email)
                login(request, user)
                return redirect(_next_url(request))
            if account is not None and not account.is_active and account.check_password(password):
                emails.send_verification(account, account.email, make_email_token(account, account.email))
                form.add_error(None, _("Please confirm your e-mail address first: we have sent you a new link."))
            else:
                form.add_error(None, _("This e-mail and password do not match an account."))
    return render(request, "accounts/login.html", {"form": form, "next": _next_url(request, "")})


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
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
    form = AccountForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        new_email = form.cleaned_data["email"]
        form.instance.email = old_email
        form.save()
        if new_email != old_email.lower():
            emails.send_verification(request.user, new_email, make_email_token(request.user, new_email))
            messages.info(
                request,
                _("We sent a link to %(email)s: your address changes once you follow it.") % {"email": new_email},
            )
        messages.success(request, _("Your account is saved."))
        return redirect("accounts:account")
    token = Token.objects.filter(user=request.user).first()
    memberships = request.user.memberships.select_related("workshop").order_by("workshop__name")
    return render(request, "accounts/account.html", {"form": form, "token": token, "memberships": memberships})


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
        user = request.user
        logout(request)
        # Memberships, claims and the API token go with the account; history entries stay,
        # their author shown as a deleted user (simple-history sets it to NULL).
        user.delete()
        messages.success(request, _("Your account and your personal data are deleted."))
        return redirect("/")
    return render(request, "accounts/delete.html", {"form": form})
