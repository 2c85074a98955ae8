from importlib import import_module

from django.apps import apps
from django.contrib.admin.apps import SimpleAdminConfig
from django.utils.module_loading import module_has_submodule
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.apps import DefaultConfig

# django-leaflet's admin module imports GeoDjango, which needs the GDAL library: never load it.
_SKIPPED_ADMIN_MODULES = {"leaflet"}


class AdminConfig(SimpleAdminConfig):
    """The admin, discovering every installed app's admin module but django-leaflet's."""

    # With a second factor for staff: see afn_directory/admin_site.py.
    default_site = "afn_directory.admin_site.AdminSite"

    def ready(self):
        super().ready()
        for app_config in apps.get_app_configs():
            if app_config.label in _SKIPPED_ADMIN_MODULES:
                continue
            if module_has_submodule(app_config.module, "admin"):
                import_module(f"{app_config.name}.admin")


class OTPTOTPConfig(DefaultConfig):
    """django-otp's authenticator devices, named in the admin's language ("OTP_TOTP", "User" otherwise)."""

    verbose_name = _("Two-factor authentication")

    def ready(self):
        from django_otp.plugins.otp_totp.models import TOTPDevice

        TOTPDevice._meta.get_field("user").verbose_name = _("user")
