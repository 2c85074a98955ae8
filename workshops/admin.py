from django import forms
from django.contrib import admin, messages
from django.db import models, transaction
from django.urls import path
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from afn_directory.i18n import content_language

from .classification import reclassify
from .importers import upload
from .models import (
    ECONOMICS_FIELDS,
    ClaimRequest,
    Equipment,
    EquipmentType,
    Membership,
    Photo,
    Workshop,
    WorkshopSource,
)


class EquipmentInline(admin.TabularInline):
    model = Equipment
    extra = 0
    autocomplete_fields = ["type"]
    # Nine columns: a notes box of the default 40 columns made the table, and the page, wider
    # than the screen. Narrower here; what is still wider scrolls in its own box (css/admin.css).
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 24})}}

    class Media:
        css = {"all": ["css/admin.css"]}


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


class PhotoInline(admin.TabularInline):
    """The workshop's photos: moderators correct what one shows or remove it; managers add them
    from their profile pages, where an upload is checked and drawn again (workshops/photos.py)."""

    model = Photo
    extra = 0
    fields = ["preview", "alt_text", "credit", "position", "added_by", "added_at"]
    readonly_fields = ["preview", "added_by", "added_at"]

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("photo"))
    def preview(self, photo):
        return format_html('<a href="{}"><img src="{}" alt="" width="120"></a>', photo.image.url, photo.thumbnail.url)


class WorkshopSourceInline(admin.TabularInline):
    """Where an imported workshop came from (read-only: the importers keep it)."""

    model = WorkshopSource
    extra = 0
    can_delete = False
    fields = ["source", "source_id", "matched_by", "first_seen", "last_seen"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class WorkshopAdminForm(forms.ModelForm):
    # The version the page was opened at: saving over a newer change (a manager's edit through the
    # API or the pages) is refused, as the API and the managers' forms refuse it (409 / StaleVersion).
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("expected_version", self.instance.version)

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            self._check_version(cleaned.get("expected_version"))
        if cleaned.get("archetype_override") and not (cleaned.get("archetype_override_reason") or "").strip():
            self.add_error(
                "archetype_override_reason", _("Say why the computed archetype is overridden: the reason is shown.")
            )
        return cleaned

    def _check_version(self, expected):
        # Locked until the admin's transaction ends (PostgreSQL), so no edit slips in before the save.
        with transaction.atomic():
            rows = Workshop.objects.select_for_update().filter(pk=self.instance.pk)
            current = rows.values_list("version", flat=True).first()
        if expected != current:
            raise forms.ValidationError(
                _(
                    "This workshop was changed since you opened this page (now version %(current)s, you started "
                    "from %(expected)s): open it again and redo your change."
                ),
                code="stale_version",
                params={"current": current, "expected": expected},
            )


@admin.register(Workshop)
class WorkshopAdmin(SimpleHistoryAdmin):
    form = WorkshopAdminForm
    actions = ["reclassify_archetype"]
    list_display = [
        "name",
        "commune",
        "department",
        "region",
        "status",
        "archetype",
        "archetype_override",
        "verified_at",
        "updated_at",
    ]
    list_filter = ["status", "activity_status", "archetype", "carrier_type", "access", "region", "department"]
    search_fields = ["name", "slug", "siret", "commune__name", "postal_code"]
    list_select_related = ["commune", "department", "region"]
    autocomplete_fields = ["commune"]
    readonly_fields = [
        "department",
        "region",
        "archetype",
        "archetype_explanation",
        "archetype_scores",
        "archetype_rules_version",
        "archetype_override_by",
        "created_at",
        "updated_at",
        "version",
    ]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [EquipmentInline, PhotoInline, MembershipInline, WorkshopSourceInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "summary", "description", "status", "activity_status", "verified_at"]}),
        (
            _("Address and position"),
            {
                "fields": [
                    "street",
                    "address_extra",
                    "postal_code",
                    "commune",
                    "department",
                    "region",
                    "latitude",
                    "longitude",
                    "location_source",
                    "location_precision",
                ]
            },
        ),
        (
            _("Contact and identity"),
            {"fields": ["website", "email", "phone", "private_email", "private_phone", "siret", "rna", "carrier_type"]},
        ),
        (
            _("Origin, governance and purpose"),
            {"fields": ["initiative_origin", "governance", "purpose", "declared_equipment_level"]},
        ),
        (
            _("Access"),
            {
                "fields": [
                    "access",
                    "pricing",
                    "opening_hours",
                    "wheelchair",
                    "acceslibre_url",
                    "services",
                    "audiences",
                    "labels",
                ]
            },
        ),
        (_("Size and economics"), {"fields": [*ECONOMICS_FIELDS, "funders"]}),
        (
            _("Archetype"),
            {
                "fields": [
                    "archetype",
                    "archetype_explanation",
                    "archetype_scores",
                    "archetype_rules_version",
                    "archetype_override",
                    "archetype_override_reason",
                    "archetype_override_by",
                ]
            },
        ),
        (_("Source"), {"fields": ["source", "source_id", "created_at", "updated_at", "version", "expected_version"]}),
    ]

    def get_urls(self):
        # The upload page of the importers (workshops/importers/upload.py), before the change views.
        info = self.opts.app_label, self.opts.model_name
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name="{}_{}_import".format(*info)),
            path(
                "import/report.csv",
                self.admin_site.admin_view(self.import_report_view),
                name="{}_{}_import_report".format(*info),
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        return upload.import_view(self, request)

    def import_report_view(self, request):
        return upload.report_csv_view(self, request)

    def save_model(self, request, obj, form, change):
        if change:
            obj.version += 1
        # The override is kept with who set it and why; clearing it clears both (the history keeps them).
        if not obj.archetype_override:
            obj.archetype_override_reason, obj.archetype_override_by = "", None
        elif {"archetype_override", "archetype_override_reason"} & set(form.changed_data):
            obj.archetype_override_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=_("why this archetype"))
    def archetype_explanation(self, obj):
        summary, *reasons = obj.archetype_reasons or [{}]
        language = content_language()
        return format_html(
            "<p>{}</p><ul>{}</ul>",
            summary.get(language, ""),
            format_html_join(
                "",
                "<li>{}{}</li>",
                # A fact inferred from open data (kind "provisional") weighs nothing by itself: no points.
                ((r[language], f" ({r['points']:+d})" if r.get("points") else "") for r in reasons),
            ),
        )

    @admin.action(description=_("Classify the selected workshops again"))
    def reclassify_archetype(self, request, queryset):
        workshops = list(queryset)
        changed = sum(reclassify(workshop) for workshop in workshops)
        message = ngettext(
            "%(changed)d of %(total)d workshop classified differently.",
            "%(changed)d of %(total)d workshops classified differently.",
            len(workshops),
        )
        self.message_user(request, message % {"changed": changed, "total": len(workshops)}, messages.SUCCESS)


@admin.register(EquipmentType)
class EquipmentTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "category", "fablabs_capability", "wikidata_id", "wikipedia_url"]
    list_filter = ["category"]
    search_fields = ["name", "name_en", "slug"]


@admin.register(Equipment)
class EquipmentAdmin(SimpleHistoryAdmin):
    list_display = ["type", "workshop", "brand", "model", "quantity"]
    list_filter = ["type__category", "workshop__region"]
    search_fields = ["workshop__name", "brand", "model", "type__name"]
    autocomplete_fields = ["workshop", "type"]
    list_select_related = ["type", "workshop"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "workshop", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__email", "user__username", "workshop__name"]
    autocomplete_fields = ["user", "workshop"]


@admin.register(ClaimRequest)
class ClaimRequestAdmin(admin.ModelAdmin):
    list_display = ["workshop", "user", "decision", "email_domain_verified", "created_at"]
    list_filter = ["decision", "email_domain_verified"]
    search_fields = ["workshop__name", "user__email"]
    autocomplete_fields = ["workshop", "user"]
