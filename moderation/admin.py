from django.contrib import admin

from .models import ModerationDecision, ProblemReport


@admin.register(ProblemReport)
class ProblemReportAdmin(admin.ModelAdmin):
    list_display = ["workshop", "kind", "state", "created_at"]
    list_filter = ["state", "kind"]
    search_fields = ["workshop__name", "message"]
    raw_id_fields = ["workshop"]


@admin.register(ModerationDecision)
class ModerationDecisionAdmin(admin.ModelAdmin):
    list_display = ["created_at", "subject", "action", "workshop_name", "moderator"]
    list_filter = ["subject", "action"]
    search_fields = ["workshop_name", "reason"]
    readonly_fields = [f.name for f in ModerationDecision._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
