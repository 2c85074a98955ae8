import secrets

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import PasswordResetForm as DjangoPasswordResetForm
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from afn_directory.input_guard import validate_no_bidi_controls

User = get_user_model()


def find_user_by_email(email: str):
    """The account with this address (case-insensitive), or None."""
    return User.objects.filter(email__iexact=(email or "").strip()).order_by("pk").first()


class SignupForm(forms.Form):
    # The account page's two fields, so that "Marie Curie" is not stored whole as a first name.
    first_name = forms.CharField(
        label=_("First name"),
        max_length=150,
        required=False,
        validators=[validate_no_bidi_controls],
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=150,
        required=False,
        validators=[validate_no_bidi_controls],
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    email = forms.EmailField(
        label=_("E-mail"), widget=forms.EmailInput(attrs={"autocomplete": "email"}), max_length=254
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters, not a common password, not only digits."),
    )
    password2 = forms.CharField(
        label=_("Password again"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            candidate = User(
                username=data.get("email", ""),
                email=data.get("email", ""),
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
            )
            try:
                password_validation.validate_password(first, candidate)
            except ValidationError as exc:
                self.add_error("password1", exc)
        return data

    def build_user(self):
        """An inactive account: it becomes active when its address is confirmed."""
        email = self.cleaned_data["email"]
        username = email[:150]
        if User.objects.filter(username=username).exists():  # taken by an account that changed address
            username = f"{email[:130]}-{secrets.token_hex(4)}"
        user = User(username=username, email=email, is_active=False)
        self.set_names(user)
        user.set_password(self.cleaned_data["password1"])
        return user

    def set_names(self, user):
        user.first_name = self.cleaned_data["first_name"]
        user.last_name = self.cleaned_data["last_name"]


class LoginForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    password = forms.CharField(
        label=_("Password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class PasswordResetForm(DjangoPasswordResetForm):
    # Django's own says "Email"; every other form of the site says "E-mail".
    email = forms.EmailField(
        label=_("E-mail"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )


class LoginCodeForm(forms.Form):
    token = forms.CharField(
        label=_("Authenticator code"),
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
        help_text=_("The 6-digit code your authenticator app shows now."),
    )

    def clean_token(self):
        return self.cleaned_data["token"].strip().replace(" ", "")


class AccountForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "email"]
        labels = {"first_name": _("First name"), "last_name": _("Last name"), "email": _("E-mail")}
        help_texts = {"email": _("A new address is used once you confirm it from the link we send there.")}

    language = forms.ChoiceField(
        label=_("Language of our e-mails"),
        required=False,  # a form sent without it (an older page) keeps the language as it was
        choices=[(code, capfirst(get_language_info(code)["name_local"])) for code, _name in settings.LANGUAGES],
        help_text=_("Decisions on your workshops and claims, reminders. The site's language switch changes it too."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("first_name", "last_name"):
            self.fields[name].validators.append(validate_no_bidi_controls)

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if not email:
            raise ValidationError(_("An account needs an e-mail address."))
        # Another account's address is not refused here: that would tell anyone which addresses
        # have an account (accounts.views._send_address_link).
        return email


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password, to confirm"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("This is not your password."))
        return password
