import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from territories.models import Commune, Department, FormerCommune, PostalCode, Region

pytestmark = pytest.mark.django_db


def test_it_loads_the_current_divisions_of_france():
    assert Region.objects.count() == 18
    assert Department.objects.count() == 101
    assert Commune.objects.count() > 34000


def test_it_keeps_corsica_and_the_overseas_departments():
    assert Department.objects.get(code="2A").region_id == "94"
    assert Department.objects.get(code="2B").name == "Haute-Corse"
    assert set(Department.objects.filter(code__startswith="97").values_list("code", flat=True)) == {
        "971",
        "972",
        "973",
        "974",
        "976",
    }
    assert Region.objects.get(code="06").name == "Mayotte"
    assert Region.objects.filter(overseas=True).count() == 5
    assert Commune.objects.get(code="2A004").department_id == "2A"


def test_it_finds_a_commune_by_insee_code_and_walks_up_to_its_region():
    commune = Commune.objects.select_related("department__region").get(code="44109")
    assert commune.name == "Nantes"
    assert commune.department.code == "44"
    assert commune.department.region.name == "Pays de la Loire"
    assert commune.region_id == "52"


def test_it_lists_the_communes_of_a_postal_code():
    names = set(Commune.objects.with_postal_code("01590").values_list("name", flat=True))
    assert {"Dortan", "Chancia"} <= names


def test_a_postal_code_shared_by_two_departments_resolves_through_the_commune():
    # 01590 covers Dortan (Ain) and Chancia (Jura): the department comes from the commune,
    # never from the first digits of the postal code.
    chancia = Commune.objects.with_postal_code("01590").get(name="Chancia")
    assert chancia.department_id == "39"
    assert chancia.department.region.name == "Bourgogne-Franche-Comté"


def test_municipal_arrondissements_point_at_their_commune():
    arrondissement = Commune.objects.get(code="13201")
    assert arrondissement.kind == Commune.Kind.ARRONDISSEMENT
    assert arrondissement.parent.name == "Marseille"
    assert "13001" in arrondissement.postal_code_list


def test_communes_belong_to_their_epci():
    assert Commune.objects.get(code="74042").epci.name == "CC Faucigny - Glières"


def test_former_communes_point_at_the_commune_they_were_merged_into():
    former = FormerCommune.objects.select_related("successor").get(code="85217")
    assert (former.name, former.kind) == ("Saint-Georges-de-Montaigu", FormerCommune.Kind.DELEGATED)
    assert (former.successor.code, former.successor.name) == ("85146", "Montaigu-Vendée")
    assert FormerCommune.objects.get(name="Bauné").successor.name == "Loire-Authion"
    assert FormerCommune.objects.filter(kind=FormerCommune.Kind.ASSOCIATED).exists()
    # A commune nouvelle often keeps the code of one of the communes it merged: both are known.
    assert FormerCommune.objects.filter(code__in=Commune.objects.values("code")).exists()


def test_loading_twice_changes_nothing(capsys):
    before = (Commune.objects.count(), PostalCode.objects.count(), FormerCommune.objects.count())
    call_command("load_territories")
    out = capsys.readouterr().out
    assert "postal codes: +0 −0" in out
    assert f"{before[2]} former communes" in out
    assert (Commune.objects.count(), PostalCode.objects.count(), FormerCommune.objects.count()) == before


def test_a_former_commune_the_cog_no_longer_lists_is_dropped_on_the_next_load():
    FormerCommune.objects.create(code="99999", name="Ancienne", kind=FormerCommune.Kind.DELEGATED, successor_id="44109")
    call_command("load_territories")
    assert not FormerCommune.objects.filter(code="99999").exists()
    assert FormerCommune.objects.filter(code="85217").exists()


def test_it_says_what_to_do_when_the_data_is_missing(tmp_path):
    with pytest.raises(CommandError, match="npm ci"):
        call_command("load_territories", path=tmp_path)
