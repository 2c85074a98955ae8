import pytest
from django.core.management import call_command
from django.forms.models import model_to_dict

from workshops import demo
from workshops.geo import haversine_km
from workshops.models import EquipmentType, Workshop

pytestmark = pytest.mark.django_db

COMPARED = [
    "slug",
    "name",
    "street",
    "postal_code",
    "commune",
    "latitude",
    "longitude",
    "carrier_type",
    "access",
    "pricing",
    "opening_hours",
    "services",
    "audiences",
    "labels",
    "revenue_public_pct",
]


def snapshot():
    return [
        (
            model_to_dict(w, fields=COMPARED),
            sorted((e.type.slug, e.brand, e.model, e.quantity) for e in w.equipment.all()),
        )
        for w in Workshop.objects.order_by("source_id").prefetch_related("equipment__type")
    ]


def test_it_creates_at_least_sixty_published_workshops_by_default():
    call_command("seed_demo")
    assert Workshop.objects.published().count() >= 60


def test_it_is_deterministic():
    call_command("seed_demo", workshops=70)
    first = snapshot()
    Workshop.objects.all().delete()
    call_command("seed_demo", workshops=70)
    assert snapshot() == first


def test_running_it_twice_changes_nothing(capsys):
    call_command("seed_demo", workshops=20)
    before = snapshot()
    call_command("seed_demo", workshops=20)
    assert "0 created, 20 already there" in capsys.readouterr().out
    assert snapshot() == before


def test_it_covers_every_metropolitan_region_and_overseas_departments():
    call_command("seed_demo")
    regions = set(Workshop.objects.values_list("region__code", flat=True))
    metropolitan = {"11", "24", "27", "28", "32", "44", "52", "53", "75", "76", "84", "93", "94"}
    assert metropolitan <= regions
    overseas = set(Workshop.objects.filter(department__code__startswith="97").values_list("department", flat=True))
    assert len(overseas) >= 2


def test_every_demo_workshop_is_a_valid_profile_near_its_commune_centre():
    call_command("seed_demo")
    for workshop in Workshop.objects.select_related("commune").prefetch_related("equipment"):
        workshop.full_clean()
        assert 3 <= workshop.equipment.count() <= 12
        assert (
            haversine_km(workshop.latitude, workshop.longitude, workshop.commune.latitude, workshop.commune.longitude)
            < 1.0
        )


def test_demo_workshops_vary_in_carrier_access_pricing_and_hours():
    call_command("seed_demo")
    for field in ("carrier_type", "access", "pricing", "opening_hours"):
        assert Workshop.objects.values(field).distinct().count() >= 3, field


def test_names_read_like_real_places():
    rows = demo.build(60)
    assert all("Workshop" not in row["name"] for row in rows)
    assert len({row["name"] for row in rows}) == 60


def test_the_taxonomy_has_enough_types_and_categories():
    assert EquipmentType.objects.count() >= 25
    assert EquipmentType.objects.values("category").distinct().count() >= 10
    assert EquipmentType.objects.get(slug="decoupeuse-laser-co2").fablabs_capability == "laser"


def test_it_refuses_a_count_below_one():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("seed_demo", workshops=0)
