"""What an account keeps besides Django's user: the language to write to the person in.

What is sent later — a moderator's decision, a yearly reminder — is written outside the person's
own requests (in a moderator's, in a timer's), so the language they read the site in is kept:
chosen on their account page or with the site's language switch, else the one they signed up in
or first logged in with.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PreferencesQuerySet(models.QuerySet):
    def language_of(self, users) -> dict[int, str]:
        """{user id: language} of `users`; the site's language for whoever never said."""
        known = dict(self.filter(user__in=users).values_list("user_id", "language"))
        return {user.pk: known.get(user.pk, settings.LANGUAGE_CODE) for user in users}

    def remember_language(self, user, language: str, *, unless_known=False) -> None:
        """Keep `language` (a code of settings.LANGUAGES) as `user`'s; a guess (`unless_known`)
        does not replace what they chose."""
        if language not in dict(settings.LANGUAGES) or not getattr(user, "pk", None):
            return
        if unless_known:
            self.get_or_create(user=user, defaults={"language": language})
        else:
            self.update_or_create(user=user, defaults={"language": language})


class Preferences(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="preferences"
    )
    language = models.CharField(_("language of the e-mails"), max_length=7, choices=settings.LANGUAGES)

    objects = PreferencesQuerySet.as_manager()

    class Meta:
        verbose_name = _("preferences")
        verbose_name_plural = _("preferences")

    def __str__(self):
        return f"{self.user} — {self.get_language_display()}"
