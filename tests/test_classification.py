"""Every workshop keeps its archetype in step with its profile and equipment, on every path."""

import pytest
from django.core.management import call_command

from tests.factories import EquipmentFactory, UserFactory, WorkshopFactory, equipment_type
from workshops import classification
from workshops.archetypes import RULES_VERSION
from workshops.classification import profile_of, reclassify
from workshops.editing import save_profile
from workshops.models import Workshop

pytestmark = pytest.mark.django_db

MEDIATION = {
    "carrier_type": "public_digital_space",
    "access": "open",
    "pricing": "free",
    "audiences": ["general_public", "seniors"],
    "services": ["digital_inclusion", "training"],
    "revenue_public_pct": 90,
    "revenue_own_pct": 10,
}
PROTOTYPING = {
    "carrier_type": "company",
    "access": "on_request",
    "pricing": "quote",
    "audiences": ["companies", "entrepreneurs"],
    "services": ["prototyping", "fabrication"],
    "revenue_public_pct": 0,
    "revenue_own_pct": 95,
}


def fresh(workshop):
    return Workshop.objects.get(pk=workshop.pk)


def test_it_builds_the_profile_from_the_workshop_and_its_inventory():
    workshop = WorkshopFactory(**MEDIATION, labels=["france_services"])
    EquipmentFactory(workshop=workshop, quantity=2)
    EquipmentFactory(
        workshop=workshop, quantity=3, type=equipment_type("decoupeuse-laser-co2"), professional_grade=True
    )
    EquipmentFactory(workshop=workshop, type=equipment_type("imprimante-3d-resine"), professional_grade=False)
    profile = profile_of(workshop)
    assert profile.carrier_type == "public_digital_space"
    assert profile.labels == {"france_services"}
    assert profile.services == {"digital_inclusion", "training"}
    assert (profile.equipment.machines, profile.equipment.professional) == (6, 3)
    assert profile.equipment.categories == {"3d_printing", "laser_cutting"}
    assert profile.equipment.level == "industrial"
    assert (profile.revenue_public_pct, profile.revenue_own_pct, profile.revenue_private_pct) == (90, 10, None)


def test_it_classifies_a_new_workshop_and_stores_why():
    workshop = fresh(WorkshopFactory(**MEDIATION))
    assert workshop.archetype == 1
    assert workshop.archetype_rules_version == RULES_VERSION
    assert set(workshop.archetype_scores) == {"1", "2", "3", "4", "5", "6"}
    summary, *reasons = workshop.archetype_reasons
    assert summary["kind"] == "summary"
    assert summary["fr"].startswith("Archétype 1")
    assert (reasons[-1]["kind"], reasons[-1]["criterion"]) == ("missing", "equipment")


def test_it_stores_not_classified_with_what_is_missing():
    workshop = fresh(WorkshopFactory(carrier_type="", audiences=[], services=[]))
    assert workshop.archetype is None
    assert workshop.archetype_reasons[0]["en"].startswith("Not classified")
    assert [r["criterion"] for r in workshop.archetype_reasons[1:]] == [
        "governance",
        "positioning",
        "equipment",
        "business_model",
    ]


def test_it_reclassifies_when_equipment_is_added_or_removed():
    workshop = WorkshopFactory(carrier_type="", services=["prototyping"], audiences=["companies"], pricing="quote")
    workshop.access = "on_request"
    workshop.save()
    assert fresh(workshop).archetype is None  # two criteria known: not enough to classify
    machines = [
        EquipmentFactory(workshop=workshop, type=equipment_type(slug), professional_grade=True)
        for slug in ("centre-usinage-cnc", "imprimante-3d-poudre", "decoupeuse-plasma")
    ]
    assert fresh(workshop).archetype == 5
    for machine in machines:
        machine.delete()
    assert fresh(workshop).archetype is None


@pytest.mark.parametrize("how", ["instance", "queryset"])
def test_deleting_a_workshop_does_not_classify_it_again_for_each_machine(monkeypatch, how):
    workshop = WorkshopFactory(**PROTOTYPING)
    for slug in ("centre-usinage-cnc", "imprimante-3d-poudre", "decoupeuse-plasma"):
        EquipmentFactory(workshop=workshop, type=equipment_type(slug))
    calls = []
    monkeypatch.setattr(classification, "reclassify", lambda w, **kw: calls.append(w))
    if how == "instance":
        workshop.delete()
    else:
        Workshop.objects.filter(pk=workshop.pk).delete()
    assert not Workshop.objects.filter(pk=workshop.pk).exists()
    assert calls == []


def test_deleting_one_machine_still_classifies_its_workshop_again(monkeypatch):
    machine = EquipmentFactory(workshop=WorkshopFactory(**PROTOTYPING))
    calls = []
    monkeypatch.setattr(classification, "reclassify", lambda w, **kw: calls.append(w.pk))
    machine.delete()
    assert calls == [machine.workshop_id]


def test_it_reclassifies_when_the_profile_is_saved_through_save_profile_without_extra_history():
    user = UserFactory()
    workshop = WorkshopFactory(**MEDIATION)
    history_before = workshop.history.count()
    saved = save_profile(workshop, PROTOTYPING, expected_version=workshop.version, user=user)
    assert saved.archetype == 5  # the instance returned shows it at once
    stored = fresh(workshop)
    assert stored.archetype == 5
    assert stored.version == workshop.version + 1
    assert workshop.history.count() == history_before + 1


def test_it_skips_saves_that_do_not_touch_the_profile_nor_the_searched_text(monkeypatch):
    workshop = WorkshopFactory(**MEDIATION)
    calls = []
    monkeypatch.setattr(classification, "reclassify", lambda w, **kw: calls.append(w))
    workshop.save(update_fields=["phone"])
    workshop.save(update_fields=["access"])
    workshop.save(update_fields=["name"])  # the text search looks in the name
    assert calls == [workshop, workshop]


def test_it_is_idempotent():
    workshop = WorkshopFactory(**MEDIATION)
    assert reclassify(workshop) is False
    Workshop.objects.filter(pk=workshop.pk).update(archetype=3)
    workshop = fresh(workshop)
    assert reclassify(workshop) is True
    assert reclassify(workshop) is False
    assert fresh(workshop).archetype == 1


def test_it_keeps_a_staff_override_and_the_computed_archetype_side_by_side():
    staff = UserFactory(is_staff=True)
    workshop = WorkshopFactory(
        **MEDIATION,
        archetype_override=3,
        archetype_override_reason="Fablab run in the library",
        archetype_override_by=staff,
    )
    reclassify(workshop)
    stored = fresh(workshop)
    assert (stored.archetype, stored.archetype_override, stored.effective_archetype) == (1, 3, 3)
    assert list(Workshop.objects.with_archetype(3)) == [stored]
    save_profile(stored, PROTOTYPING, expected_version=stored.version)
    stored = fresh(workshop)
    assert (stored.archetype, stored.archetype_override) == (5, 3)


def test_the_command_reports_changes_and_the_distribution(capsys):
    first = WorkshopFactory(**MEDIATION)
    WorkshopFactory(**PROTOTYPING, archetype_override=4, archetype_override_reason="Campus spin-off")
    WorkshopFactory(carrier_type="", audiences=[], services=[])
    Workshop.objects.filter(pk=first.pk).update(archetype=6)
    call_command("reclassify_workshops", "--dry-run")
    assert fresh(first).archetype == 6
    call_command("reclassify_workshops")
    call_command("reclassify_workshops")
    dry, real, again = capsys.readouterr().out.split(f"Rules {RULES_VERSION}: ")[1:]
    assert dry.startswith("3 workshops, 1 would change, 2 unchanged.")
    assert real.startswith("3 workshops, 1 changed, 2 unchanged.")
    assert f"{first.slug}: archetype 6 → 1" in real
    assert "  1. New digital mediation spaces: 1 / 1" in real
    assert "  4. Territorial innovation laboratories: 0 / 1" in real
    assert "  5. Professional design offices and prototyping workshops: 1 / 0" in real
    assert "  not classified: 1 / 1" in real
    assert again.startswith("3 workshops, 0 changed, 3 unchanged.")
    assert fresh(first).archetype == 1


def test_demo_workshops_are_classified_into_all_six_archetypes(capsys):
    call_command("seed_demo", "--workshops", "80")
    counts = {n: Workshop.objects.filter(archetype=n).count() for n in range(1, 7)}
    assert all(count >= 4 for count in counts.values()), counts
    assert Workshop.objects.filter(archetype__isnull=True).count() <= 4
    call_command("reclassify_workshops")
    assert "80 workshops, 0 changed, 80 unchanged." in capsys.readouterr().out
