"""The officials' list: its filter form, what a wrong filter leaves, its files, what each row says."""

import re

import pytest

from officials.models import OfficialScope
from tests.factories import EquipmentFactory, MembershipFactory, UserFactory, WorkshopFactory, commune, equipment_type
from workshops.models import Workshop

pytestmark = pytest.mark.django_db

LIST = "/officials/workshops/"


@pytest.fixture
def world():
    nantes = WorkshopFactory(name="Atelier de Nantes", slug="atelier-nantes", archetype=3)
    EquipmentFactory(workshop=nantes, type=equipment_type("decoupeuse-laser-co2"))
    WorkshopFactory(name="EPN d'Angers", slug="epn-angers", commune=commune("49007"), postal_code="49000", archetype=1)
    WorkshopFactory(name="Atelier de Paris", slug="atelier-paris", commune=commune("75056"), postal_code="75001")
    return nantes


def official(username, **territory):
    user = UserFactory(username=username)
    OfficialScope.objects.create(user=user, **territory)
    return user


def _form(page):
    return page[page.index('<form method="get" action="/officials/workshops/"') :].split("</form>")[0]


def _selected(form, name):
    """The value of the option selected in the select `name`, "" when none is."""
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', form, re.S).group(1)
    chosen = re.search(r'<option value="([^"]*)"[^>]*selected', select)
    return chosen.group(1) if chosen else ""


def test_the_list_has_a_filter_form_filled_from_its_query(client, world):
    client.force_login(official("off52", region_id="52"))
    query = {"region": "52", "archetype": "3", "category": "laser_cutting", "questionnaire": "no_manager"}
    page = client.get(LIST, query).content.decode()

    form = _form(page)
    assert '<label for="id_archetype">Archétype</label>' in form
    assert '<label for="list-territory">Territoire</label>' in form
    assert [_selected(form, name) for name in ("archetype", "category", "questionnaire", "access")] == [
        "3",
        "laser_cutting",
        "no_manager",
        "",
    ]
    territory = re.search(r'<select id="list-territory" name="territory">(.*?)</select>', form, re.S).group(1)
    assert '<option value="region:52" selected>Pays de la Loire</option>' in territory
    assert '<option value="department:44">Loire-Atlantique (44)</option>' in territory
    assert "region:11" not in territory  # only the official's territories
    assert "---------" not in form
    english = _form(client.get(LIST, query, HTTP_ACCEPT_LANGUAGE="en").content.decode())
    assert '<option value="" selected>Any</option>' in english
    assert "<legend>Where</legend>" in english and "<legend>The workshops</legend>" in english
    assert '<button type="submit" class="button-primary">Filter</button>' in english
    assert '<a href="/officials/workshops/?region=52">Reset</a>' in english
    # The territory's EPCIs, not the country's.
    epcis = re.search(r'<select name="epci"[^>]*>(.*?)</select>', form, re.S).group(1)
    assert "Nantes Métropole" in epcis and "Métropole du Grand Paris" not in epcis
    assert "1 atelier correspond :" in page


def test_the_form_lists_what_it_filters_and_keeps_what_it_does_not_show(client, world):
    client.force_login(official("off52", region_id="52"))
    page = client.get(
        LIST, {"territory": "department:44", "equipment": "decoupeuse-laser-co2", "mediation": "true", "page": "1"}
    ).content.decode()
    form = _form(page)
    assert '<option value="department:44" selected>Loire-Atlantique (44)</option>' in form
    assert '<input type="checkbox" name="mediation" value="true" id="id_mediation" checked>' in form
    assert '<input type="hidden" name="equipment" value="decoupeuse-laser-co2">' in form
    assert 'name="page"' not in form and 'type="hidden" name="region"' not in form


def test_staff_choose_the_whole_country_without_a_list_of_every_epci(client, world):
    client.force_login(UserFactory(username="staff", is_staff=True))
    page = client.get(LIST, {"territory": "all"}).content.decode()
    form = _form(page)
    assert '<option value="all" selected>France</option>' in form
    assert 'name="epci"' not in form
    assert "3 ateliers correspondent." in page


def test_a_filter_that_is_not_valid_leaves_the_form_to_correct_it_and_the_whole_territory(client, world):
    client.force_login(official("off52", region_id="52"))
    for query in (
        {"archetype": "9"},
        {"open_now": "maybe"},
        {"mediation": "peut-être"},
        {"epci": "nope"},
        {"equipment": "teleporteur"},
        {"lat": "999", "lon": "2"},
        {"category": "x", "freshness": "bogus", "position": "somewhere"},
    ):
        response = client.get(LIST, {"region": "52", **query})
        page = response.content.decode()
        assert response.status_code == 400, query
        assert "Certains filtres ne sont pas valides" in page
        assert '<a href="/officials/workshops/?region=52">Tous les ateliers de Pays de la Loire</a>' in page
        assert '<details class="filters more-filters list-filters" open>' in page
        assert '<button type="submit" class="button-primary">' in _form(page)
        assert "officials/export" not in page  # no file of a list that is not valid
    page = client.get(LIST, {"region": "52", "archetype": "9"}).content.decode()
    # The error is next to its field, which no longer holds the wrong value.
    field = re.search(r'<div class="field field-invalid">\s*<label for="id_archetype">.*?</div>', page, re.S).group(0)
    assert "Sélectionnez un choix valide. 9 n’en fait pas partie." in field
    assert _selected(_form(page), "archetype") == ""
    # A wrong filter the form does not show is not kept for the next search.
    page = client.get(LIST, {"region": "52", "equipment": "teleporteur"}).content.decode()
    assert 'name="equipment"' not in _form(page)


def test_the_list_offers_the_dashboards_five_files_with_its_filters(client, world):
    client.force_login(official("off52", region_id="52"))
    page = client.get(LIST, {"region": "52", "archetype": "3", "page": "1"}).content.decode()
    links = re.findall(r'<a class="button" href="([^"]+)" download>([^<]+)</a>', page)
    assert links == [
        ("/officials/export.xlsx?region=52&amp;archetype=3", "Excel (XLSX)"),
        ("/officials/export.csv?region=52&amp;archetype=3", "CSV (point-virgule, pour les tableurs en français)"),
        ("/officials/export.csv?region=52&amp;archetype=3&amp;delimiter=,", "CSV (virgule)"),
        ("/officials/export.geojson?region=52&amp;archetype=3", "GeoJSON (QGIS)"),
        ("/officials/export.mednum-csv?region=52&amp;archetype=3", "Standard national de la médiation numérique (CSV)"),
    ]
    for href, _label in links:
        assert client.get(href.replace("&amp;", "&")).status_code == 200, href


def test_the_list_says_which_archetypes_are_provisional(client, world):
    census = WorkshopFactory(name="Fablab du recensement", slug="recensement")
    university = WorkshopFactory(name="Fablab reclassé", slug="reclasse")
    # As the classifier leaves a census fablab (inferred criteria); staff's override on the other.
    Workshop.objects.filter(pk__in=[census.pk, university.pk]).update(archetype=3, archetype_provisional=True)
    Workshop.objects.filter(pk=university.pk).update(archetype_override=4)
    client.force_login(official("off52", region_id="52"))
    page = client.get(LIST, {"region": "52"}).content.decode()
    rows = dict(
        re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a></th>\s*<td>[^<]*</td>\s*<td>([^<]*)</td>', page)
    )
    assert rows["Fablab du recensement"] == "Fablabs génériques (provisoire)"
    assert rows["Atelier de Nantes"] == "Fablabs génériques"
    assert rows["Fablab reclassé"] == "Laboratoires territoriaux d’innovation"  # staff's word is no guess


@pytest.mark.parametrize("who", ["anonymous", "manager", "other-region", "department"])
def test_the_form_is_for_the_officials_of_the_territory_only(client, world, who):
    if who == "manager":
        client.force_login(MembershipFactory(workshop=world, user=UserFactory(username="gestionnaire")).user)
    elif who == "other-region":
        client.force_login(official("off11", region_id="11"))
    elif who == "department":
        client.force_login(official("off49", department_id="49"))
    response = client.get(LIST, {"region": "52"})
    if who == "anonymous":
        assert response["Location"].startswith("/accounts/login/?next=/officials/workshops/")
    else:
        assert response.status_code == 403
    if who == "department":  # their own department: a form of their department alone
        page = client.get(LIST).content.decode()
        territory = re.search(r'<select id="list-territory" name="territory">(.*?)</select>', page, re.S).group(1)
        assert re.findall(r'value="([^"]+)"', territory) == ["department:49"]


def test_staff_choose_regions_in_french_order(client):
    """« Île-de-France » among the I, not after « Provence-Alpes-Côte d'Azur » (its Î sorts after Z byte by byte)."""
    client.force_login(UserFactory(is_staff=True))
    page = client.get("/officials/workshops/").content.decode()
    names = ["Hauts-de-France", "Île-de-France", "Normandie"]
    positions = [page.index(f">{name}</option>") for name in names]
    assert positions == sorted(positions)
