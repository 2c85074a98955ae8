from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import ClaimRequest, Equipment, EquipmentType, Membership, Workshop


class EquipmentInline(admin.TabularInline):
    model = Equipment
    extra = 0
    autocomplete_fields = ["type"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Workshop)
class WorkshopAdmin(SimpleHistoryAdmin):
    list_display = ["name", "commune", "department", "region", "status", "archetype", "verified_at", "updated_at"]
    list_filter = ["status", "activity_status", "archetype", "carrier_type", "access", "region", "department"]
    search_fields = ["name", "slug", "siret", "commune__name", "postal_code"]
    list_select_related = ["commune", "department", "region"]
    autocomplete_fields = ["commune", "archetype_override_by"]
    readonly_fields = [
        "department",
        "region",
        "archetype",
        "archetype_scores",
        "archetype_reasons",
        "archetype_rules_version",
        "created_at",
        "updated_at",
        "version",
    ]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [EquipmentInline, MembershipInline]
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
        (_("Contact and identity"), {"fields": ["website", "email", "phone", "siret", "rna", "carrier_type"]}),
        (_("Access"), {"fields": ["access", "pricing", "opening_hours", "services", "audiences", "labels"]}),
        (
            _("Size and economics"),
            {
                "fields": [
                    "surface_m2",
                    "staff_fte",
                    "volunteers",
                    "members",
                    "yearly_users",
                    "yearly_budget_eur",
                    "revenue_public_pct",
                    "revenue_own_pct",
                    "revenue_private_pct",
                ]
            },
        ),
        (
            _("Archetype"),
            {
                "fields": [
                    "archetype",
                    "archetype_scores",
                    "archetype_reasons",
                    "archetype_rules_version",
                    "archetype_override",
                    "archetype_override_reason",
                    "archetype_override_by",
                ]
            },
        ),
        (_("Source"), {"fields": ["source", "source_id", "created_at", "updated_at", "version"]}),
    ]

    def save_model(self, request, obj, form, change):
        if change:
            obj.version += 1
        super().save_model(request, obj, form, change)


@admin.register(EquipmentType)
class EquipmentTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "category", "fablabs_capability"]
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
