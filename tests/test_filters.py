import pytest
from django.http import QueryDict

from tests.factories import EquipmentFactory, WorkshopFactory, commune, equipment_type
from workshops.filters import WorkshopFilter
from workshops.models import Workshop

pytestmark = pytest.mark.django_db


def filtered(query):
    f = WorkshopFilter(QueryDict(query), queryset=Workshop.objects.published())
    assert f.is_valid(), f.errors
    return list(f.qs.values_list("name", flat=True))


def errors(query):
    f = WorkshopFilter(QueryDict(query), queryset=Workshop.objects.published())
    assert not f.is_valid()
    return f.errors


def test_equipment_is_repeatable_and_means_all_of_them():
    laser_only = WorkshopFactory(name="Laser seul")
    both = WorkshopFactory(name="Laser et imprimante")
    EquipmentFactory(workshop=laser_only, type=equipment_type("decoupeuse-laser-co2"))
    EquipmentFactory(workshop=both, type=equipment_type("decoupeuse-laser-co2"))
    EquipmentFactory(workshop=both, type=equipment_type("imprimante-3d-fdm"))
    assert filtered("equipment=decoupeuse-laser-co2") == ["Laser et imprimante", "Laser seul"]
    assert filtered("equipment=decoupeuse-laser-co2&equipment=imprimante-3d-fdm") == ["Laser et imprimante"]


def test_region_and_department_take_insee_codes():
    WorkshopFactory(name="Nantes")
    WorkshopFactory(name="Bastia", commune=commune("2B033"), postal_code="20200", latitude=42.69, longitude=9.45)
    assert filtered("region=94") == ["Bastia"]
    assert filtered("department=44") == ["Nantes"]


def test_unknown_values_are_errors_naming_the_parameter():
    assert "equipment" in errors("equipment=teleporteur")
    assert "region" in errors("region=99")
    assert "access" in errors("access=sometimes")
    assert "archetype" in errors("archetype=9")


def test_lat_without_lon_is_an_error():
    assert "lon" in errors("lat=47.2")


def test_a_radius_beyond_500_km_is_an_error():
    assert "radius_km" in errors("lat=47.2&lon=-1.5&radius_km=900")


def test_around_a_point_sorts_by_distance_within_the_radius():
    WorkshopFactory(name="Centre", latitude=47.2184, longitude=-1.5536)
    WorkshopFactory(name="Rezé", latitude=47.19, longitude=-1.55, postal_code="44000")
    WorkshopFactory(name="Loin", latitude=48.8566, longitude=2.3522, commune=commune("75056"), postal_code="75004")
    assert filtered("lat=47.20&lon=-1.55&radius_km=20") == ["Rezé", "Centre"]


def test_open_now_asks_each_workshop_in_its_own_region():
    """The same hours can be open in Paris and closed in Martinique at the same instant;
    hours open everywhere they are used need no condition on the region."""
    import time_machine

    WorkshopFactory(name="Nantes semaine", opening_hours="Mo-Fr 08:00-17:00")
    WorkshopFactory(name="Fort-de-France semaine", opening_hours="Mo-Fr 08:00-17:00", commune=commune("97209"))
    WorkshopFactory(name="Nantes soir", opening_hours="Tu 18:00-22:00")
    WorkshopFactory(name="Fort-de-France après-midi", opening_hours="Tu 07:00-09:00", commune=commune("97209"))
    WorkshopFactory(name="Nantes sans horaires", opening_hours="")
    # Tuesday 11:00 in Paris is 06:00 in Martinique.
    with time_machine.travel("2025-11-18 11:00:00+01:00", tick=False):
        assert filtered("open_now=on") == ["Nantes semaine"]
    # Tuesday 14:30 in Paris is 09:30 in Martinique.
    with time_machine.travel("2025-11-18 14:30:00+01:00", tick=False):
        assert filtered("open_now=on") == ["Fort-de-France semaine", "Nantes semaine"]
    # Tuesday 13:00 in Paris is 08:00 in Martinique: both "semaine" and the morning slot there.
    with time_machine.travel("2025-11-18 13:00:00+01:00", tick=False):
        assert filtered("open_now=on") == ["Fort-de-France après-midi", "Fort-de-France semaine", "Nantes semaine"]
    # Tuesday 19:00 in Paris is 14:00 in Martinique.
    with time_machine.travel("2025-11-18 19:00:00+01:00", tick=False):
        assert filtered("open_now=on") == ["Fort-de-France semaine", "Nantes soir"]
