from django.contrib import admin

from .models import OfficialScope


@admin.register(OfficialScope)
class OfficialScopeAdmin(admin.ModelAdmin):
    list_display = ["user", "region", "department", "granted_at"]
    list_filter = ["region"]
    search_fields = ["user__email", "user__username"]
    autocomplete_fields = ["user", "region", "department"]
