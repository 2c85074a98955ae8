"""Merging two workshops that are one place, or keeping them apart: staff decisions on possible duplicates.

A merge keeps one workshop and moves everything that pointed at the other onto it (its sources,
machines, managers, claims, reports, survey responses: every relation, so nothing is lost), fills
the kept workshop's empty fields from the other, logs the decision, then deletes the other (its
history stays in the historical records; its old address leads to the kept one). Keeping two apart
records the decision so imports and checks stop offering the pair.
"""

from django.db import IntegrityError, models, transaction
from django.utils import timezone

from workshops.models import Membership, MergedSlug, PossibleDuplicate, Workshop, WorkshopSource

from .models import ModerationDecision

# Profile fields the kept workshop takes from the other when it has no value of its own.
FILLED_FIELDS = (
    "summary", "description", "street", "address_extra", "postal_code", "website", "email", "phone",
    "private_email", "private_phone", "siret", "rna", "carrier_type", "access", "pricing", "opening_hours",
    "services", "audiences", "labels", "links", "surface_m2", "staff_fte", "volunteers", "members",
    "yearly_users", "yearly_budget_eur", "activity_started_on",
)  # fmt: skip
EMPTY = ("", None, [], {})


def _move_relations(kept: Workshop, other: Workshop) -> None:
    """Point every row that refers to `other` at `kept` (one UPDATE per relation)."""
    for relation in other._meta.related_objects:
        if not isinstance(relation, models.ManyToOneRel) or relation.related_model is PossibleDuplicate:
            continue
        model, field = relation.related_model, relation.field.name
        rows = model._base_manager.filter(**{field: other})
        if model is Membership:  # a user managing both keeps one membership
            rows.filter(user__in=Membership.objects.filter(workshop=kept).values("user")).delete()
        if model is WorkshopSource:
            rows.update(matched_by="merged")
        rows.update(**{field: kept})


def merge(pair: PossibleDuplicate, kept: Workshop, moderator, reason: str = "") -> ModerationDecision:
    """Merge the pair's other workshop into `kept` (one of the two); returns the logged decision."""
    if kept.pk not in (pair.first_id, pair.second_id):
        raise ValueError("The kept workshop must be one of the pair.")
    with transaction.atomic():
        kept = Workshop.objects.select_for_update().get(pk=kept.pk)
        other = Workshop.objects.select_for_update().get(
            pk=pair.second_id if kept.pk == pair.first_id else pair.first_id
        )
        filled = [name for name in FILLED_FIELDS if getattr(kept, name) in EMPTY and getattr(other, name) not in EMPTY]
        for name in filled:
            setattr(kept, name, getattr(other, name))
        if kept.latitude is None and other.latitude is not None:
            kept.latitude, kept.longitude = other.latitude, other.longitude
            kept.location_source, kept.location_precision = other.location_source, other.location_precision
            filled.append("latitude")
        if kept.commune_id is None and other.commune_id:
            kept.set_commune(other.commune)
        _move_relations(kept, other)
        # Other pairs naming the merged workshop now name the kept one (or vanish if they named both).
        for stale in PossibleDuplicate.objects.filter(models.Q(first=other) | models.Q(second=other)).exclude(
            pk=pair.pk
        ):
            stale.first_id = kept.pk if stale.first_id == other.pk else stale.first_id
            stale.second_id = kept.pk if stale.second_id == other.pk else stale.second_id
            if stale.first_id == stale.second_id:
                stale.delete()
                continue
            try:
                with transaction.atomic():
                    stale.save()
            except IntegrityError:  # the kept workshop was already paired with that one
                stale.delete()
        kept.version += 1
        kept._change_reason = f"merged {other.slug}"
        kept.save()
        text = f"Merged “{other.name}” ({other.slug}) into “{kept.name}” ({kept.slug})."
        decision = ModerationDecision.objects.create(
            subject=ModerationDecision.Subject.DUPLICATE,
            action=ModerationDecision.Action.MERGE,
            reason=f"{text} {reason}".strip(),
            workshop=kept,
            workshop_name=kept.name,
            moderator=moderator,
        )
        PossibleDuplicate.objects.filter(pk=pair.pk).update(
            state=PossibleDuplicate.State.MERGED, decided_by=moderator, decided_at=timezone.now()
        )
        # Links to the merged workshop's page and API lead to the kept one from now on.
        MergedSlug.objects.create(slug=other.slug, workshop=kept)
        other._change_reason = f"merged into {kept.slug}"
        other.delete()
    return decision


def keep_apart(pair: PossibleDuplicate, moderator, reason: str = "") -> ModerationDecision:
    with transaction.atomic():
        pair.state = PossibleDuplicate.State.KEPT_APART
        pair.decided_by, pair.decided_at = moderator, timezone.now()
        pair.save(update_fields=["state", "decided_by", "decided_at"])
        text = f"Kept “{pair.first.name}” ({pair.first.slug}) and “{pair.second.name}” ({pair.second.slug}) apart."
        return ModerationDecision.objects.create(
            subject=ModerationDecision.Subject.DUPLICATE,
            action=ModerationDecision.Action.KEEP_APART,
            reason=f"{text} {reason}".strip(),
            workshop=pair.first,
            workshop_name=pair.first.name,
            moderator=moderator,
        )
