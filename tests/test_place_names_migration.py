"""Communes written with œ get the search name a person's "oe" finds (territories 0004)."""

import pytest

from tests.migration_states import migrate_to, migrate_to_latest

BEFORE = [("territories", "0003_places_search_names")]
AFTER = [("territories", "0004_search_names_with_ligatures")]


@pytest.fixture
def before_the_ligatures(transactional_db):
    yield migrate_to(BEFORE)
    migrate_to_latest()


def test_names_with_a_ligature_are_searched_as_typed(before_the_ligatures):
    apps = before_the_ligatures
    Region, Department = apps.get_model("territories", "Region"), apps.get_model("territories", "Department")
    Commune, Former = apps.get_model("territories", "Commune"), apps.get_model("territories", "FormerCommune")
    region = Region.objects.update_or_create(code="44", defaults={"name": "Grand Est"})[0]
    department = Department.objects.update_or_create(
        code="54", defaults={"name": "Meurthe-et-Moselle", "region": region}
    )[0]
    Commune.objects.filter(code__in=["54547", "54999"]).delete()
    # As the earlier normalise() wrote them, the œ dropped.
    vandoeuvre = Commune.objects.create(
        code="54547", name="Vandœuvre-lès-Nancy", search_name="vanduvre les nancy", department=department, region=region
    )
    Commune.objects.create(code="54999", name="Nancy", search_name="nancy", department=department, region=region)
    Former.objects.update_or_create(
        code="54998",
        defaults={"name": "Œuvre-Vieille", "search_name": "uvre vieille", "kind": "fusion", "successor": vandoeuvre},
    )

    new = migrate_to(AFTER)

    names = dict(
        new.get_model("territories", "Commune")
        .objects.filter(code__in=["54547", "54999"])
        .values_list("code", "search_name")
    )
    assert names == {"54547": "vandoeuvre les nancy", "54999": "nancy"}
    assert new.get_model("territories", "FormerCommune").objects.get(code="54998").search_name == "oeuvre vieille"
