"""The manager's forms: one per section of a profile, the equipment rows, invitations, claims."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import BLANK_CHOICE_DASH
from django.utils.translation import gettext_lazy as _

from territories import places
from workshops import hours, photos, validators
from workshops.models import ECONOMICS_FIELDS, ClaimRequest, Equipment, EquipmentType, Photo, Workshop
from workshops.public import in_category_order
from workshops.vocabularies import Audience, Label, Service


class ProfileForm(forms.ModelForm):
    """A section of the profile; `version` is the one the editor started from."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["version"].initial = self.instance.version

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields if name in self.cleaned_data}


class IdentityForm(ProfileForm):
    class Meta:
        model = Workshop
        fields = [
            "name",
            "summary",
            "description",
            "carrier_type",
            "initiative_origin",
            "governance",
            "purpose",
            "siret",
            "rna",
            "website",
            "email",
            "phone",
            "activity_status",
        ]
        widgets = {"summary": forms.Textarea(attrs={"rows": 2}), "description": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "summary": _("One or two sentences, 280 characters at most, shown in lists and on the map."),
            "siret": _("14 digits (or the 9-digit SIREN); leave empty if the carrier has none."),
            "rna": _("For an association: W followed by 9 digits."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["carrier_type"].required = True
        self.fields["website"].validators.append(validators.validate_not_shortened)
        # Contacts imported from open data that looked personal are kept private until published here.
        for public, private in (("email", "private_email"), ("phone", "private_phone")):
            value = getattr(self.instance, private, "")
            if value and not getattr(self.instance, public):
                self.fields[public].help_text = _(
                    "Open data gave “%(value)s”; it is kept private. Type it here to publish it."
                ) % {"value": value}


class CommuneField(forms.CharField):
    """A commune typed by name (“Nantes”, “Nantes (44)”) or postal code, or picked from suggestions."""

    def to_python(self, value):
        text = " ".join(super().to_python(value).split())
        if "\x00" in text:  # PostgreSQL refuses NUL in a query: refuse it here, with a message
            raise ValidationError(_("Null characters are not allowed."), code="null_characters_not_allowed")
        if not text:
            return None
        found = places.matching_communes(text)
        if not found:
            raise ValidationError(
                _("No commune matches “%(text)s”. Check the spelling, or type its postal code."),
                code="no_commune",
                params={"text": value},
            )
        if len(found) > 1 and found[0].name.lower() == found[1].name.lower():
            raise ValidationError(
                _("Several communes are called “%(text)s” (%(choices)s): pick one from the suggestions."),
                code="ambiguous_commune",
                params={"text": value, "choices": ", ".join(str(c) for c in found[:5])},
            )
        return found[0]


class AddressForm(ProfileForm):
    commune_choice = CommuneField(
        label=_("Commune"),
        help_text=_("Type its name or its postal code, then pick it from the suggestions."),
    )
    location_manual = forms.BooleanField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Workshop
        fields = ["street", "address_extra", "postal_code", "latitude", "longitude"]
        help_texts = {
            "latitude": _("Set by the pin on the map; you may also type it (WGS84 degrees)."),
            "longitude": _("Set by the pin on the map; you may also type it (WGS84 degrees)."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["street"].required = True
        self.fields["commune_choice"].widget.attrs.update({"autocomplete": "off", "data-commune-input": ""})
        for name in ("latitude", "longitude"):
            self.fields[name].widget.attrs.update({"step": "any"})
        if not self.is_bound and self.instance.commune_id:
            self.fields["commune_choice"].initial = str(self.instance.commune)

    def clean_postal_code(self):
        code = "".join((self.cleaned_data.get("postal_code") or "").split())
        if code and not re.fullmatch(r"\d{5}", code):
            raise ValidationError(_("A postal code has five digits, e.g. 35000."), code="postal_code_format")
        return code

    def clean(self):
        data = super().clean()
        commune = data.get("commune_choice")
        if commune and not data.get("postal_code") and len(commune.postal_code_list) == 1:
            data["postal_code"] = commune.postal_code_list[0]
        return data

    def _post_clean(self):
        # The model checks the postal code against the commune: give it the chosen one.
        commune = self.cleaned_data.get("commune_choice")
        if commune is not None:
            self.instance.set_commune(commune)
        super()._post_clean()
        # After the model's checks, which would read a refused latitude as a missing one.
        try:
            validators.validate_pin_near_commune(
                commune, self.cleaned_data.get("latitude"), self.cleaned_data.get("longitude")
            )
        except ValidationError as error:
            self.add_error("latitude", error)
        if self.has_error("commune_choice") and self.has_error("postal_code", "postal_code_mismatch"):
            # Checked against the commune being replaced, whose name the manager just erased: said
            # once a commune is found.
            kept = [e for e in self.errors["postal_code"].as_data() if e.code != "postal_code_mismatch"]
            if kept:
                self._errors["postal_code"] = self.error_class(kept)
            else:
                del self._errors["postal_code"]

    def changes(self) -> dict:
        changes = super().changes()
        changes["commune"] = self.cleaned_data["commune_choice"]
        return changes


class AccessForm(ProfileForm):
    services = forms.MultipleChoiceField(
        label=_("Services"), choices=Service.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    audiences = forms.MultipleChoiceField(
        label=_("Audiences"), choices=Audience.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    labels = forms.MultipleChoiceField(
        label=_("Labels and networks"), choices=Label.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Workshop
        fields = [
            "access",
            "pricing",
            "opening_hours",
            "wheelchair",
            "acceslibre_url",
            "services",
            "audiences",
            "labels",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["access"].required = True
        self.fields["pricing"].required = True
        self.fields["opening_hours"].widget.attrs.update({"data-hours-raw": "", "spellcheck": "false"})

    def clean_opening_hours(self):
        value = self.cleaned_data["opening_hours"]
        if problems := hours.slot_problems(value):
            raise ValidationError(problems)
        return value


class NumbersForm(ProfileForm):
    class Meta:
        model = Workshop
        fields = list(ECONOMICS_FIELDS)


class EquipmentForm(forms.ModelForm):
    # A positive integer's form field allows 0 while the model wants at least 1: one bound, so
    # -1 and 0 get the same message.
    quantity = Equipment._meta.get_field("quantity").formfield(min_value=1)

    class Meta:
        model = Equipment
        fields = ["type", "brand", "model", "quantity", "work_area", "power_w", "requires_training", "notes"]

    def __init__(self, *args, type_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = type_choices or grouped_type_choices()


def grouped_type_choices() -> list:
    """The machine types as people look for one: grouped by category in the categories' order,
    each by its label, in the page's language (the field's queryset still decides what is valid)."""
    groups = {}
    for kind in in_category_order(EquipmentType.objects.all()):
        groups.setdefault(kind.get_category_display(), []).append((kind.pk, kind.label))
    return [*BLANK_CHOICE_DASH, *groups.items()]


class BaseEquipmentFormSet(forms.BaseInlineFormSet):
    def get_form_kwargs(self, index):
        # The types read once for every card of the page, not once per card.
        if not hasattr(self, "_type_choices"):
            self._type_choices = grouped_type_choices()
        return {**super().get_form_kwargs(index), "type_choices": self._type_choices}

    def clean(self):
        """The same machine twice (type, brand and model) is one card with its quantity: listed
        twice, the public page would show it twice. Two models of a type are two cards."""
        super().clean()
        seen = {}
        for number, form in enumerate(self.forms, start=1):
            data = getattr(form, "cleaned_data", None)
            if not data or self._should_delete_form(form) or data.get("type") is None:
                continue
            key = (data["type"].pk, *(" ".join((data.get(f) or "").casefold().split()) for f in ("brand", "model")))
            if key in seen:
                form.add_error(
                    "type",
                    _("Machine %(number)s is already this one: raise its quantity rather than add a card.")
                    % {"number": seen[key]},
                )
            else:
                seen[key] = number


EquipmentFormSet = forms.inlineformset_factory(
    Workshop,
    Equipment,
    form=EquipmentForm,
    formset=BaseEquipmentFormSet,
    extra=1,
    can_delete=True,
    max_num=200,
    validate_max=True,
)


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail of the person to invite"))
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[("editor", _("Editor: edits the profile and equipment")), ("owner", _("Owner: also invites others"))],
        initial="editor",
    )

    def __init__(self, *args, workshop, **kwargs):
        super().__init__(*args, **kwargs)
        self.workshop = workshop

    def clean_email(self):
        """Someone who already manages the workshop has nothing to accept: an invitation would only
        leave a link that makes no one a manager."""
        email = self.cleaned_data["email"]
        if self.workshop.memberships.filter(user__email__iexact=email).exists():
            raise ValidationError(
                _("%(email)s already manages this workshop."), code="already_manager", params={"email": email}
            )
        return email


class ClaimForm(forms.ModelForm):
    class Meta:
        model = ClaimRequest
        fields = ["message", "proof_email"]
        labels = {
            "message": _("Who are you for this workshop?"),
            "proof_email": _("Your e-mail at the workshop (optional)"),
        }
        help_texts = {"message": _("E.g. “I am the fab manager since 2021.” Moderators read it.")}
        widgets = {"message": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, proof_domain="", **kwargs):
        """`proof_domain`: where an address proves the claim; without one, the form asks for none."""
        super().__init__(*args, **kwargs)
        self.fields["message"].required = True
        if proof_domain:
            self.fields["proof_email"].help_text = _(
                "An address ending in @%(domain)s proves the claim: we send a link there."
            ) % {"domain": proof_domain}
        else:
            del self.fields["proof_email"]


class PhotoDetailsForm(forms.ModelForm):
    """What a photo shows and its credit, changed after it was added."""

    class Meta:
        model = Photo
        fields = ["alt_text", "credit"]


class PhotoForm(PhotoDetailsForm):
    """A new photo: the file (read and drawn again by workshops.photos), what it shows, its credit."""

    file = forms.FileField(
        label=_("Photo"),
        help_text=_("JPEG, PNG or WebP, at most 10 MB. Its place and date (EXIF) are not kept."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    rights = forms.BooleanField(
        label=_(
            "I may publish this photo in the directory (I took it, or its author agreed), "
            "and the people who can be recognised in it agreed to appear"
        ),
    )

    def __init__(self, *args, workshop, **kwargs):
        super().__init__(*args, **kwargs)
        self.workshop = workshop
        self.order_fields(["file", "alt_text", "credit", "rights"])

    def clean_file(self):
        self.drawn = photos.read(self.cleaned_data["file"])
        return self.cleaned_data["file"]

    def clean(self):
        if self.workshop.photos.count() >= photos.PER_WORKSHOP:
            raise ValidationError(
                _("A workshop shows at most %(count)s photos: remove one before adding another."),
                params={"count": photos.PER_WORKSHOP},
            )
        return super().clean()
