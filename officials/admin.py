from django.contrib import admin

from .models import ExportLog, OfficialScope


@admin.register(OfficialScope)
class OfficialScopeAdmin(admin.ModelAdmin):
    list_display = ["user", "region", "department", "granted_at"]
    list_filter = ["region"]
    search_fields = ["user__email", "user__username"]
    autocomplete_fields = ["user", "region", "department"]


@admin.register(ExportLog)
class ExportLogAdmin(admin.ModelAdmin):
    list_display = ["created_at", "user", "format", "via", "filters"]
    list_filter = ["format", "via"]
    search_fields = ["user__email", "user__username"]
    readonly_fields = ["created_at", "user", "format", "via", "filters"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
