"""Staff edit questionnaires here. A published version is read-only: "Edit as a new version"
copies it to a draft, which staff change and then publish (the old version stays, with its
responses)."""

from django.contrib import admin, messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from . import engine
from .models import Question, Questionnaire, Response, Section


class _FrozenWhenPublished:
    """Inline rows of a published questionnaire cannot be added, changed or deleted."""

    def _frozen(self, obj):
        return obj is not None and obj.is_published

    def has_add_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_delete_permission(request, obj)


class SectionInline(_FrozenWhenPublished, admin.TabularInline):
    model = Section
    extra = 0


class QuestionInline(_FrozenWhenPublished, admin.StackedInline):
    model = Question
    extra = 0
    fields = [
        ("code", "order", "section"),
        ("type", "required", "profile_field"),
        ("text_fr", "text_en"),
        ("help_fr", "help_en"),
        "choices",
        ("min_value", "max_value"),
        "show_if",
    ]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "section":
            object_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Section.objects.filter(questionnaire_id=object_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Questionnaire)
class QuestionnaireAdmin(admin.ModelAdmin):
    list_display = ["title_fr", "slug", "version", "audience", "is_active", "published_at", "response_count"]
    list_filter = ["audience", "is_active"]
    inlines = [SectionInline, QuestionInline]
    actions = ["publish"]
    change_form_template = "admin/surveys/questionnaire/change_form.html"
    editable_fields = ["slug", "audience", "title_fr", "title_en", "intro_fr", "intro_en"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(response_total=Count("responses"))

    @admin.display(description=_("responses"), ordering="response_total")
    def response_count(self, obj):
        return obj.response_total

    def get_fields(self, request, obj=None):
        return [*self.editable_fields, "version", "is_active", "published_at"]

    def get_readonly_fields(self, request, obj=None):
        frozen = ["version", "is_active", "published_at"]
        return [*self.editable_fields, *frozen] if obj is not None and obj.is_published else frozen

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj and obj.responses.exists())

    def save_model(self, request, obj, form, change):
        if not change:
            latest = Questionnaire.objects.filter(slug=obj.slug).order_by("-version").first()
            obj.version = latest.version + 1 if latest else 1
        super().save_model(request, obj, form, change)

    def get_urls(self):
        view = self.admin_site.admin_view(require_POST(self.new_version_view))
        return [path("<int:pk>/new-version/", view, name="surveys_questionnaire_new_version"), *super().get_urls()]

    def new_version_view(self, request, pk):
        if not self.has_add_permission(request):
            messages.error(request, gettext("You may not create questionnaires."))
            return redirect("admin:surveys_questionnaire_changelist")
        draft = get_object_or_404(Questionnaire, pk=pk).new_version()
        messages.success(
            request,
            gettext("Version %(version)s is a draft copy: change it, then publish it.") % {"version": draft.version},
        )
        return redirect(reverse("admin:surveys_questionnaire_change", args=[draft.pk]))

    @admin.action(description=_("Publish the selected versions (they replace the active ones)"))
    def publish(self, request, queryset):
        for questionnaire in queryset.order_by("version"):
            problems = engine.check_schema(questionnaire.schema())
            if problems:
                messages.error(request, f"{questionnaire}: " + "; ".join(problems))
                continue
            questionnaire.publish()
            messages.success(request, gettext("%(questionnaire)s is published.") % {"questionnaire": questionnaire})


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    list_display = ["pk", "questionnaire", "workshop", "submitted_at", "free_text_status", "year"]
    list_filter = ["free_text_status", "questionnaire__audience", "questionnaire"]
    list_select_related = ["questionnaire", "workshop"]
    search_fields = ["workshop__name", "workshop__slug"]
    date_hierarchy = "submitted_at"
    actions = ["approve_free_text", "reject_free_text"]
    fields = [
        "questionnaire",
        "workshop",
        "submitted_at",
        "answers",
        "free_text_status",
        "consent_at",
        "year",
        "respondent",
        "profile_applied_at",
        "free_text_purged_at",
    ]
    readonly_fields = [f for f in fields if f != "free_text_status"]

    def has_add_permission(self, request):
        return False

    def _moderate(self, request, queryset, status):
        count = queryset.exclude(free_text_status=Response.Moderation.NONE).update(free_text_status=status)
        messages.success(
            request,
            ngettext("%(count)d response moderated.", "%(count)d responses moderated.", count) % {"count": count},
        )

    @admin.action(description=_("Approve the free text of the selected responses"))
    def approve_free_text(self, request, queryset):
        self._moderate(request, queryset, Response.Moderation.APPROVED)

    @admin.action(description=_("Reject the free text of the selected responses"))
    def reject_free_text(self, request, queryset):
        self._moderate(request, queryset, Response.Moderation.REJECTED)
