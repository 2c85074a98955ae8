"""Keeping every workshop's archetype in step with its profile and its equipment.

`archetypes.classify` is the pure rule; this module is the ORM edge: it builds the plain profile
from a workshop and its inventory, and stores the result.

Why signals here, when the house style avoids them: a workshop's profile and equipment are
written by the admin (forms and inlines), the API, the manager pages (`save_profile`), the
manager questionnaire and the importers. Hooking `post_save`/`post_delete` of Workshop and
Equipment is the one place all of those go through, so no path can forget to reclassify. The
receivers write with a queryset `.update()`, which sends no signal (no recursion), does not bump
`version` and leaves no history row. Bulk writes (`bulk_create`, queryset `.update()`) bypass
signals by design: their callers call `reclassify` themselves (the demo seeder does), and
`manage.py reclassify_workshops` catches anything else. What the stored values copy from
elsewhere follows it too: a machine type's names and category (its pre_save/post_save), a
commune's name when the territories are loaded again (`territories.signals.loaded`).
"""

from django.db import transaction
from django.db.models import Q, Sum
from django.db.models.signals import post_delete, post_save, pre_save

from territories import signals as territories
from territories.models import Commune, Department, Region

from . import search
from .archetypes import RURAL_RULES, Classification, EquipmentSummary, Profile, classify
from .generation import bump_generation
from .models import Equipment, EquipmentType, Workshop
from .querysets import effective_archetype

# The workshop fields the classifier reads: a save touching only others changes nothing.
PROFILE_FIELDS = frozenset(
    {
        "carrier_type",
        "labels",
        "initiative_origin",
        "governance",
        "audiences",
        "services",
        "purpose",
        "declared_equipment_level",
        "access",
        "pricing",
        "revenue_public_pct",
        "revenue_own_pct",
        "revenue_private_pct",
        "provisional_profile",
    }
)
# The fields the text search reads, besides the machines (workshops.search.text_of).
SEARCH_FIELDS = frozenset({"name", "summary", "commune", "department", "region", "archetype_override"})
# Criteria an import may infer (workshops.importers.inference): used only where the profile is silent.
PROVISIONAL_FIELDS = ("carrier_type", "labels", "audiences", "services", "access", "pricing")
STORED_FIELDS = (
    "archetype",
    "archetype_scores",
    "archetype_reasons",
    "archetype_rules_version",
    "archetype_provisional",
)


def equipment_summary(workshop: Workshop) -> EquipmentSummary:
    """Machines by quantity, professional-grade ones, categories and types, in one query."""
    rows = (
        Equipment.objects.filter(workshop=workshop)
        .values("type__category", "type_id")
        .annotate(machines=Sum("quantity"), professional=Sum("quantity", filter=Q(professional_grade=True)))
    )
    rows = list(rows)
    return EquipmentSummary(
        machines=sum(r["machines"] for r in rows),
        professional=sum(r["professional"] or 0 for r in rows),
        categories=frozenset(r["type__category"] for r in rows),
        types=frozenset(r["type_id"] for r in rows),
    )


def provisional_values(workshop: Workshop) -> dict:
    """The inferred criteria the classifier may use: those the workshop's own profile leaves empty."""
    inferred = workshop.provisional_profile or {}
    values = {
        name: inferred[name]
        for name in PROVISIONAL_FIELDS
        if name in inferred and inferred[name].get("value") and not getattr(workshop, name)
    }
    # Rural or not is the commune's size: it holds while the workshop is in the commune it was read
    # for, and a manager who moves the workshop elsewhere has said otherwise.
    rural = inferred.get("rural") or {}
    if rural.get("value") and rural.get("commune", workshop.commune_id) == workshop.commune_id:
        values["rural"] = rural
    return values


def profile_of(workshop: Workshop) -> Profile:
    provisional = {name: entry["value"] for name, entry in provisional_values(workshop).items()}

    def value(name):
        return getattr(workshop, name) or provisional.get(name) or ""

    return Profile(
        carrier_type=value("carrier_type"),
        labels=frozenset(value("labels") or ()),
        initiative_origin=value("initiative_origin"),
        governance=value("governance"),
        audiences=frozenset(value("audiences") or ()),
        services=frozenset(value("services") or ()),
        purpose=value("purpose"),
        access=value("access"),
        pricing=value("pricing"),
        equipment=equipment_summary(workshop),
        declared_equipment_level=workshop.declared_equipment_level or "",
        revenue_public_pct=workshop.revenue_public_pct,
        revenue_own_pct=workshop.revenue_own_pct,
        revenue_private_pct=workshop.revenue_private_pct,
        rural=bool(provisional.get("rural")) or None,
    )


def stored_values(result: Classification, provisional: dict | None = None) -> dict:
    """What is stored on the workshop; a classification resting on inferred criteria says which."""
    reasons = result.stored_reasons()
    # Rural weighs only for the village square: it is listed with the other inferred facts, but alone
    # it makes an archetype provisional only when it counted for the winner.
    provisional = provisional or {}
    rural_weighed = "rural" in provisional and any(rule.points.get(result.archetype) for rule in RURAL_RULES)
    if (rural_weighed or set(provisional) - {"rural"}) and result.classified:
        reasons[0]["provisional"] = True
        reasons += [
            {
                "kind": "provisional",
                "criterion": name,
                "source": entry.get("source", ""),
                "fr": entry["fr"],
                "en": entry["en"],
            }
            for name, entry in provisional.items()
        ]
    return {
        "archetype": result.archetype,
        "archetype_scores": {str(number): score for number, score in sorted(result.scores.items())},
        "archetype_reasons": reasons,
        "archetype_rules_version": result.rules_version,
        "archetype_provisional": bool(reasons and reasons[0].get("provisional")),
    }


def reclassify(workshop: Workshop, *, dry_run: bool = False) -> bool:
    """Classify `workshop` again and store the result; True when anything stored changed.

    The categories and types of its machines, read from the same inventory query, are stored with
    it (the map layer shows the categories; the search by machine reads the types), and the folded
    text the text search looks words in.

    The instance passed in is updated too, so a caller can show the new archetype at once.
    With `dry_run`, only the instance changes, the database does not.
    """
    profile = profile_of(workshop)
    values = stored_values(classify(profile), provisional_values(workshop))
    values["equipment_categories"] = sorted(profile.equipment.categories)
    values["equipment_types"] = sorted(profile.equipment.types)
    values["search_text"] = search_text(workshop, profile.equipment.types, archetype=values["archetype"])
    values["sort_name"] = search.sort_key(workshop.name)
    changed = any(getattr(workshop, field) != value for field, value in values.items())
    if changed:
        if not dry_run:
            Workshop.objects.filter(pk=workshop.pk).update(**values)
        for field, value in values.items():
            setattr(workshop, field, value)
    return changed


def search_text(workshop: Workshop, type_ids, archetype=None) -> str:
    """The workshop's folded search text, its machines' types read from the process's taxonomy,
    its department and region named from the names the process keeps; `archetype`: the one
    the classifier just computed (the stored one otherwise), which staff's override replaces."""
    commune = workshop.commune.name if workshop.commune_id else ""
    types = [kind for kind in EquipmentType.objects.every() if kind.pk in type_ids]
    if len(types) < len(type_ids):  # a type added since the process read the taxonomy
        types = list(EquipmentType.objects.filter(pk__in=type_ids))
    computed = workshop.archetype if archetype is None else archetype
    return search.text_of(
        workshop,
        commune,
        sorted(types, key=lambda kind: kind.pk),
        divisions=division_names(workshop.department_id, workshop.region_id),
        archetype=effective_archetype(workshop.archetype_override, computed),
    )


def division_names(department: str | None, region: str | None) -> tuple[str, ...]:
    """The names of a department and a region, for the search text, from what the process keeps."""
    return tuple(filter(None, (Department.objects.name_of(department), Region.objects.name_of(region))))


def _workshop_saved(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if raw:  # loading fixtures: the stored classification is part of the data
        return
    if update_fields is not None and not (PROFILE_FIELDS | SEARCH_FIELDS) & set(update_fields):
        return
    reclassify(instance)


def _deleting_workshops(origin) -> bool:
    """Whether a deletion started from workshops (a workshop, or a queryset of them)."""
    return isinstance(origin, Workshop) or getattr(origin, "model", None) is Workshop


def _equipment_changed(sender, instance, raw=False, origin=None, **kwargs):
    # A workshop's machines are deleted just before it: classifying it again once per machine
    # would be wasted work on a row about to go.
    if raw or _deleting_workshops(origin):
        return
    workshop = Workshop.objects.select_related("commune").filter(pk=instance.workshop_id).first()
    if workshop is not None:
        reclassify(workshop)


def _reclassify_all(workshops) -> None:
    for workshop in workshops.select_related("commune").order_by("pk").iterator(chunk_size=500):
        reclassify(workshop)


# What the workshops' stored values copy from other tables, and which of their workshops hold it:
# a machine type's names (search text) and category (categories, archetype); a commune's name.
COPIED = {
    EquipmentType: (
        ("name", "name_en", "category"),
        lambda kind: Workshop.objects.filter(pk__in=Equipment.objects.filter(type=kind).values("workshop_id")),
    ),
    Commune: (("name",), lambda commune: Workshop.objects.filter(commune=commune)),
}


def _copied_saving(sender, instance, raw=False, **kwargs):
    """Note what a machine type or a commune was, to know after its save whether workshops follow."""
    if not raw and not instance._state.adding:
        fields, _holders = COPIED[sender]
        instance._stored = sender._base_manager.filter(pk=instance.pk).values(*fields).first()


def _copied_saved(sender, instance, created, raw=False, **kwargs):
    """A type or a commune renamed, a type moved to another category (by staff, in the admin):
    every workshop holding it is searched by the new names and shown in the new category at once.
    The directory's generation is bumped once that is committed, so that no answer built meanwhile
    from the old values is kept under the new generation."""
    fields, holders = COPIED[sender]
    stored = getattr(instance, "_stored", None)
    if raw or created or stored is None or all(stored[f] == getattr(instance, f) for f in fields):
        return
    EquipmentType.objects.forget()  # the search text reads the process's copy of the types
    _reclassify_all(holders(instance))
    transaction.on_commit(bump_generation)


def _territories_loaded(sender, renamed_communes=(), **kwargs):
    """The official geography loaded again: a renamed commune's workshops are searched by its new
    name; every public answer names communes, departments or regions, and is built again."""
    if renamed_communes:
        _reclassify_all(Workshop.objects.filter(commune_id__in=renamed_communes))
    bump_generation()
    # Once more when the load (one transaction) is committed: nothing built meanwhile is kept.
    transaction.on_commit(bump_generation)


def connect_signals():
    """Called once from WorkshopsConfig.ready()."""
    post_save.connect(_workshop_saved, sender=Workshop, dispatch_uid="archetype_workshop_saved")
    post_save.connect(_equipment_changed, sender=Equipment, dispatch_uid="archetype_equipment_saved")
    post_delete.connect(_equipment_changed, sender=Equipment, dispatch_uid="archetype_equipment_deleted")
    for model in COPIED:
        pre_save.connect(_copied_saving, sender=model, dispatch_uid=f"archetype_{model.__name__}_saving")
        post_save.connect(_copied_saved, sender=model, dispatch_uid=f"archetype_{model.__name__}_saved")
    territories.loaded.connect(_territories_loaded, dispatch_uid="archetype_territories_loaded")
