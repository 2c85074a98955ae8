"""The admin site, with a second factor (django-otp, TOTP) for staff.

Policy (docs/deploy.md, "Staff accounts and two-factor"):
- the admin is for active staff only;
- any staff member can set up an authenticator app at /admin/two-factor/;
- once a staff member has one, the admin asks for its 6-digit code at every login, and a session
  opened without it (e.g. through the public login page) does not reach the admin;
- with ADMIN_REQUIRE_OTP=1, staff without an authenticator are sent to set one up before anything
  else; a superuser can delete a lost device in the admin ("TOTP devices").
- admin logins count against the LOGIN_PER_IP abuse policy.
"""

import io
from base64 import b32encode

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.admin import OTPAdminAuthenticationForm
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.qr import write_qrcode_image

from .limits import LOGIN_PER_IP, client_ip
from .staff import has_authenticator


class AdminLoginForm(OTPAdminAuthenticationForm):
    """Password, then the authenticator's code for staff who set one up."""

    otp_token = forms.CharField(
        required=False,
        label=_("Authenticator code"),
        help_text=_("The 6-digit code of your authenticator app, if you set one up."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean(self):
        self.cleaned_data = AdminAuthenticationForm.clean(self)
        user = self.get_user()
        device = next(iter(devices_for_user(user, confirmed=True)), None) if user is not None else None
        if device is not None:
            # One authenticator per staff member (see the set-up page): no device to choose.
            self.cleaned_data["otp_device"] = device.persistent_id
            self.clean_otp(user)
        return self.cleaned_data


class ConfirmDeviceForm(forms.Form):
    token = forms.CharField(
        label=_("Code shown by the app"),
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class AdminSite(admin.AdminSite):
    login_form = AdminLoginForm
    login_template = "admin/otp_login.html"

    def _must_enrol(self, user) -> bool:
        return settings.ADMIN_REQUIRE_OTP and not has_authenticator(user)

    def has_permission(self, request):
        if not super().has_permission(request):
            return False
        user = request.user
        if user.is_verified():
            return True
        return not settings.ADMIN_REQUIRE_OTP and not has_authenticator(user)

    def login(self, request, extra_context=None):
        if request.method == "POST" and not LOGIN_PER_IP.hit(client_ip(request)):
            response = render(request, "admin/otp_login_limited.html", status=429)
            response["Retry-After"] = str(LOGIN_PER_IP.retry_after())
            return response
        response = super().login(request, extra_context)
        user = request.user
        if user.is_authenticated and user.is_active and user.is_staff and self._must_enrol(user):
            return redirect("admin:two_factor")
        return response

    def index(self, request, extra_context=None):
        if not has_authenticator(request.user):
            messages.info(request, _("Protect your staff account: set up an authenticator app (two-factor)."))
        return super().index(request, extra_context)

    def get_urls(self):
        return [
            path("two-factor/", self._staff_view(self.two_factor_view), name="two_factor"),
            path("two-factor/qrcode.svg", self._staff_view(self.qrcode_view), name="two_factor_qrcode"),
            *super().get_urls(),
        ]

    def _staff_view(self, view):
        """Staff only, and verified if they already have an authenticator (no silent second device)."""

        def wrapper(request, *args, **kwargs):
            user = request.user
            if not (user.is_active and user.is_staff) or (has_authenticator(user) and not user.is_verified()):
                return redirect(f"{self.login_view_url()}?next={request.path}")
            return view(request, *args, **kwargs)

        return never_cache(csrf_protect(wrapper))

    def login_view_url(self):
        return reverse("admin:login", current_app=self.name)

    @staticmethod
    def _pending_device(user) -> TOTPDevice:
        device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
        return device or TOTPDevice.objects.create(user=user, name=str(_("Authenticator app")), confirmed=False)

    def two_factor_view(self, request):
        user = request.user
        context = {**self.each_context(request), "title": _("Two-factor authentication")}
        if has_authenticator(user):
            return render(request, "admin/two_factor.html", {**context, "enabled": True})
        device = self._pending_device(user)
        form = ConfirmDeviceForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            if device.verify_token(form.cleaned_data["token"].strip()):
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                otp_login(request, device)
                messages.success(request, _("Two-factor authentication is on: the admin will ask for a code."))
                return redirect("admin:index")
            form.add_error("token", _("This code does not match; check the phone's clock and try the next code."))
        return render(request, "admin/two_factor.html", {**context, "form": form, "secret": device_secret(device)})

    def qrcode_view(self, request):
        if has_authenticator(request.user):
            return HttpResponse(status=404)
        out = io.BytesIO()
        write_qrcode_image(self._pending_device(request.user).config_url, out)
        return HttpResponse(out.getvalue(), content_type="image/svg+xml")


def device_secret(device: TOTPDevice) -> str:
    """The key in base32, grouped by four, for typing into an app by hand."""
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))
