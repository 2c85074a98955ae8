"""What changed on a workshop, its equipment and its photos, who changed it; staff revert a profile."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_POST

from workshops.editing import StaleVersion, save_profile
from workshops.models import Equipment, Photo, Workshop
from workshops.public import value_in_words

from .access import managed_workshop

# Bookkeeping fields: not worth showing, never reverted.
SKIPPED = {
    "version",
    "updated_at",
    "created_at",
    "slug",
    "department",
    "region",
    "archetype_scores",
    "archetype_reasons",
    "archetype_rules_version",
    "archetype_provisional",
}
# The lifecycle, the classification and the import identity are not content: a revert keeps them.
NOT_REVERTED = {
    "id",
    "status",
    "verified_at",
    "archetype",
    "archetype_rules_version",
    "archetype_provisional",
    "archetype_override",
    "archetype_override_reason",
    "archetype_override_by",
    "source",
    "source_id",
}
PAGE = 50
# What a record did, as nouns: django-simple-history's own words agree with no gender ("Créés").
KINDS = {
    "+": pgettext_lazy("history", "creation"),
    "~": pgettext_lazy("history", "change"),
    "-": pgettext_lazy("history", "removal"),
}
# The moderation log's subject and action for a staff revert (moderation.models.ModerationDecision).
REVERT = "revert"


def _label(model, field):
    try:
        return model._meta.get_field(field).verbose_name
    except Exception:  # a field removed since the record was made
        return field


def _entries(records, model, title):
    """Each history record with the fields it changed compared with the record before it."""
    entries = []
    for record in records:
        previous = record.prev_record
        changes = []
        if previous is not None:
            delta = record.diff_against(previous, excluded_fields=SKIPPED)
            changes = [
                {
                    "field": _label(model, c.field),
                    "old": value_in_words(model, c.field, c.old),
                    "new": value_in_words(model, c.field, c.new),
                }
                for c in delta.changes
            ]
        entries.append(
            {
                "record": record,
                "title": title(record),
                "kind": KINDS[record.history_type],
                "user": record.history_user,
                "changes": changes,
            }
        )
    return entries


@login_required
def history(request, slug):
    workshop, access = managed_workshop(request, slug)
    profile = workshop.history.select_related("history_user").order_by("-history_date")[:PAGE]
    equipment = (
        Equipment.history.filter(workshop_id=workshop.pk)
        .select_related("history_user", "type")
        .order_by("-history_date")[:PAGE]
    )
    photos = (
        Photo.history.filter(workshop_id=workshop.pk).select_related("history_user").order_by("-history_date")[:PAGE]
    )
    entries = _entries(profile, Workshop, lambda r: _("Profile, version %(version)s") % {"version": r.version})
    entries += _entries(equipment, Equipment, lambda r: _("Equipment: %(item)s") % {"item": r.instance})
    entries += _entries(photos, Photo, lambda r: _("Photo: %(what)s") % {"what": r.alt_text})
    entries.sort(key=lambda e: e["record"].history_date, reverse=True)
    return render(
        request,
        "manage/history.html",
        {"workshop": workshop, "access": access, "entries": entries[:PAGE], "section": "history"},
    )


@login_required
@require_POST
def revert(request, slug, history_id):
    workshop, _access = managed_workshop(request, slug, need="revert")
    record = get_object_or_404(workshop.history.model, pk=history_id, id=workshop.pk)
    old = record.instance
    recorded = {f.name for f in record._meta.fields}
    changes = {
        f.name: getattr(old, f.name)
        for f in Workshop._meta.concrete_fields
        if f.name in recorded and f.name not in SKIPPED | NOT_REVERTED
    }
    # In the site's time zone, as the history lists it (the template converts; date_format does not).
    when = date_format(localtime(record.history_date), "DATETIME_FORMAT")
    reason = _("Reverted to the version of %(when)s") % {"when": when}
    try:
        save_profile(workshop, changes, expected_version=workshop.version, user=request.user, reason=reason)
    except StaleVersion:
        messages.error(request, _("Someone saved this profile a moment ago: look at the history again."))
    except ValidationError as exc:
        messages.error(request, _("This version cannot be restored: %(errors)s") % {"errors": "; ".join(exc.messages)})
    else:
        # Through the relation the moderation app declares: workshops import nothing of moderation.
        workshop.moderation_decisions.create(
            subject=REVERT,
            action=REVERT,
            reason=reason,
            workshop=workshop,
            workshop_name=workshop.name,
            moderator=request.user,
        )
        messages.success(request, reason)
    return redirect("manage:history", slug)
