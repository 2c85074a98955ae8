from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def remember_the_language_at_first_login(sender, request, user, **kwargs):
    """A guess from the browser or the language cookie, for an account that never said."""
    from .models import Preferences

    language = getattr(request, "LANGUAGE_CODE", None)  # none on a request made up by Client.force_login
    if language:
        Preferences.objects.remember_language(user, language, unless_known=True)


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        user_logged_in.connect(remember_the_language_at_first_login, dispatch_uid="accounts.language_at_login")
