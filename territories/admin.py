from django.contrib import admin

from .models import EPCI, Commune, Department, FormerCommune, PostalCode, Region
from .places import normalise


class NormalisesItsName:
    """A commune (or a former one) saved by staff is found by the place search under the name given."""

    def save_model(self, request, obj, form, change):
        obj.search_name = normalise(obj.name)
        super().save_model(request, obj, form, change)


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "overseas"]
    list_filter = ["overseas"]
    search_fields = ["code", "name"]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "region"]
    list_filter = ["region"]
    search_fields = ["code", "name"]


@admin.register(EPCI)
class EPCIAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "population"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]


class PostalCodeInline(admin.TabularInline):
    model = PostalCode
    extra = 0


@admin.register(Commune)
class CommuneAdmin(NormalisesItsName, admin.ModelAdmin):
    list_display = ["code", "name", "kind", "department", "region", "population"]
    list_filter = ["kind", "region"]
    search_fields = ["code", "name", "postal_codes__code"]
    list_select_related = ["department", "region"]
    autocomplete_fields = ["parent", "epci"]
    raw_id_fields = []
    inlines = [PostalCodeInline]


@admin.register(PostalCode)
class PostalCodeAdmin(admin.ModelAdmin):
    list_display = ["code", "commune"]
    search_fields = ["code", "commune__name"]
    autocomplete_fields = ["commune"]
    list_select_related = ["commune"]


@admin.register(FormerCommune)
class FormerCommuneAdmin(NormalisesItsName, admin.ModelAdmin):
    list_display = ["code", "name", "kind", "successor"]
    list_filter = ["kind"]
    search_fields = ["code", "name", "successor__name"]
    autocomplete_fields = ["successor"]
    list_select_related = ["successor"]
