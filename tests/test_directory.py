"""The public directory's home and list pages: search, every filter, near a place, query counts."""

import html
import re
from datetime import UTC, datetime

import pytest
import time_machine
from django.core.paginator import Paginator
from django.utils import translation

from territories.models import Commune
from tests.factories import EquipmentFactory, WorkshopFactory, commune, equipment_type
from workshops.models import Workshop
from workshops.pagination import DirectoryPaginator
from workshops.vocabularies import Status

pytestmark = pytest.mark.django_db

# Tuesday 18 November 2025, 11:00 in Paris.
TUESDAY_MORNING = datetime(2025, 11, 18, 10, 0, tzinfo=UTC)


def names(response):
    """Workshop names on a list page, in order."""
    return re.findall(r'<h3><a href="/workshops/[^"]+/">([^<]+)</a></h3>', response.content.decode())


@pytest.fixture
def nantes_centre():
    Commune.objects.filter(code="44109").update(latitude=47.2184, longitude=-1.5536)


def test_the_home_page_has_a_search_box_and_a_map_but_no_rows(client, django_assert_num_queries):
    WorkshopFactory.create_batch(3)
    # the count and the machine list; the directory's opening hours, once per generation (ETag)
    with django_assert_num_queries(3):
        body = client.get("/").content.decode()
    assert 'name="place"' in body and 'data-suggest-url="/places/suggest/"' in body
    assert 'id="map"' in body and "/api/v1/workshops/geojson/" in body
    assert "3 fablabs, makerspaces et ateliers équipés de machines, décrits par leurs responsables ou repris" in body
    assert 'class="card"' not in body


def test_the_list_shows_published_workshops_with_a_count(client):
    WorkshopFactory(name="Atelier A")
    WorkshopFactory(name="Atelier B")
    response = client.get("/workshops/")
    assert names(response) == ["Atelier A", "Atelier B"]
    assert "2 ateliers" in response.content.decode()


def test_the_list_page_query_count_does_not_grow_with_the_results(client, django_assert_max_num_queries):
    for _ in range(25):
        EquipmentFactory(workshop=WorkshopFactory())
    # count, page, equipment, first photos, machine types, regions, departments
    with django_assert_max_num_queries(8):  # + the opening hours for the ETag, once per generation
        response = client.get("/workshops/")
    assert len(names(response)) == 20


def test_a_filtered_list_stays_within_a_bounded_number_of_queries(client, nantes_centre, django_assert_max_num_queries):
    for _ in range(25):
        EquipmentFactory(workshop=WorkshopFactory(), type=equipment_type("decoupeuse-laser-co2"))
    url = "/workshops/?place=Nantes&equipment=decoupeuse-laser-co2&region=52&access=open&open_now=on"
    with time_machine.travel(TUESDAY_MORNING, tick=False), django_assert_max_num_queries(12):
        response = client.get(url)
    assert len(names(response)) == 20


def test_near_a_postal_code_the_list_is_sorted_by_distance_with_the_distance_shown(client, nantes_centre):
    WorkshopFactory(name="Saint-Herblain", latitude=47.2119, longitude=-1.6497)
    WorkshopFactory(name="Centre", latitude=47.2184, longitude=-1.5560)
    WorkshopFactory(name="Angers", latitude=47.4712, longitude=-0.5518, commune=commune("49007"), postal_code="49000")
    response = client.get("/workshops/", {"place": "44000", "radius_km": "20"})
    body = response.content.decode()
    assert names(response) == ["Centre", "Saint-Herblain"]
    assert '<span class="distance">· 200 m</span>' in body and '<span class="distance">· 7,3 km</span>' in body
    assert "à moins de 20 km de Nantes (44), les plus proches d’abord" in body
    assert "Ateliers près de Nantes (44)" in body


def test_an_unknown_place_is_reported_with_close_names_and_no_list_that_would_look_like_an_answer(client):
    WorkshopFactory(name="Atelier")
    body = client.get("/workshops/", {"place": "Plouescta"}).content.decode()
    assert 'id="place-error"' in body and "Aucune commune ne correspond à « Plouescta »" in body
    assert "Lieu introuvable" in body
    assert "Atelier" not in body
    assert '<a href="?place=Plouescat+%2829%29">Plouescat — Finistère (29)</a>' in body


def test_the_address_service_being_down_changes_nothing_for_a_commune(client, fake_geocoder, settings):
    settings.GEOCODER = "ban"
    fake_geocoder.unavailable = True
    WorkshopFactory(name="Atelier", latitude=47.2184, longitude=-1.5560)
    response = client.get("/workshops/", {"place": "Nantes"})
    assert names(response) == ["Atelier"]
    assert fake_geocoder.calls == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=laser", ["Laser Lab"]),
        ("region=53", ["Rennes Lab"]),
        ("department=35", ["Rennes Lab"]),
        ("archetype=5", ["Laser Lab"]),
        ("equipment=decoupeuse-laser-co2", ["Laser Lab"]),
        ("equipment=decoupeuse-laser-co2&equipment=scanner-3d", ["Laser Lab"]),
        ("equipment_category=laser_cutting", ["Laser Lab"]),
        ("access=members", ["Rennes Lab"]),
        ("pricing=free", ["Rennes Lab"]),
        ("service=repair", ["Rennes Lab"]),
        ("audience=companies", ["Laser Lab"]),
        ("open_now=on", ["Laser Lab"]),
    ],
)
def test_each_filter_narrows_the_list(client, query, expected):
    laser = WorkshopFactory(
        name="Laser Lab", archetype_override=5, audiences=["companies"], opening_hours="Tu-Sa 09:00-18:00"
    )
    EquipmentFactory(workshop=laser, type=equipment_type("decoupeuse-laser-co2"))
    WorkshopFactory(
        name="Rennes Lab",
        commune=commune("35238"),
        postal_code="35000",
        latitude=48.11,
        longitude=-1.68,
        access="members",
        pricing="free",
        services=["repair"],
        opening_hours="Sa 14:00-18:00",
    )
    with time_machine.travel(TUESDAY_MORNING, tick=False):
        response = client.get(f"/workshops/?{query}")
    assert names(response) == expected


def test_an_invalid_filter_value_is_shown_next_to_its_field_never_a_500(client):
    WorkshopFactory(name="Atelier")
    response = client.get("/workshops/?region=99&equipment=teleporteur&lat=200&radius_km=abc&page=xyz")
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count('class="error"') >= 3
    assert "Atelier" in body


def test_filters_that_could_not_be_applied_are_named_above_the_results(client):
    """On a phone the filters are folded away: a stale link's region must not pass for a search of it."""
    WorkshopFactory(name="Atelier")
    body = client.get("/workshops/?region=99&equipment=teleporteur&access=open").content.decode()
    notice = re.search(r'<div class="notice filter-errors" role="status">(.*?)</div>', body, re.S)
    assert notice, "the list says which filters it did not apply"
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", notice.group(1)))
    assert "Ces filtres n’ont pas été appliqués" in text
    assert "Région — Sélectionnez un choix valide" in text
    assert "Équipements — Sélectionnez un choix valide. teleporteur n’en fait pas partie." in text
    assert "Accès" not in text  # a valid filter is applied, not named
    # The distance is named as the form names it ("Distance"), not "Rayon".
    body = client.get("/workshops/?place=Nantes&radius_km=abc").content.decode()
    assert "Distance (km) — Saisissez un nombre." in re.sub(r"<[^>]+>", "", body)
    partial = client.get("/workshops/?region=99", HTTP_X_PARTIAL="results").content.decode()
    assert 'class="notice filter-errors"' in partial  # the results the search page swaps in say it too
    english = client.get("/workshops/?region=99", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "These filters were not applied:" in english
    for valid in ("/workshops/", "/workshops/?region=52&equipment=decoupeuse-laser-co2"):
        assert "filter-errors" not in client.get(valid).content.decode()


def test_an_empty_result_says_so_and_suggests_widening(client):
    WorkshopFactory(access="open")
    body = client.get("/workshops/", {"q": "introuvable"}).content.decode()
    assert "Aucun atelier ne correspond à cette recherche." in body
    assert "Sans « Rechercher : introuvable »</a> — 1 atelier" in body and "Effacer tous les filtres" in body
    # When no single change finds any, the general advice.
    body = client.get("/workshops/", {"q": "introuvable", "access": "members"}).content.decode()
    assert "Élargissez-la" in body and "Changez une seule chose" not in body


def test_the_list_is_paginated_keeping_the_filters(client):
    WorkshopFactory.create_batch(25, access="open")
    body = client.get("/workshops/", {"access": "open"}).content.decode()
    assert "Page 1 sur 2" in body
    assert 'href="?access=open&amp;page=2"' in body
    assert len(names(client.get("/workshops/", {"access": "open", "page": 2}))) == 5


def test_a_list_that_fits_in_its_first_page_is_counted_without_a_count_query(client, django_assert_num_queries):
    WorkshopFactory(name="Atelier A")
    WorkshopFactory(name="Atelier B")
    with django_assert_num_queries(6) as asked:  # as a full page asks, but the count
        response = client.get("/workshops/")
    assert names(response) == ["Atelier A", "Atelier B"] and "2 ateliers" in response.content.decode()
    assert not any("COUNT(" in query["sql"].upper() for query in asked.captured_queries)


@pytest.mark.parametrize(
    "asked, shown",
    [(None, 1), ("", 1), ("abc", 1), ("1", 1), ("2", 2), ("3", 3), ("0", 1), ("-1", 1), ("99", 3), ("1.5", 1)],
)
def test_the_page_asked_of_a_list_is_the_nearest_there_is(asked, shown):
    """A missing or unreadable number is the first page, one before the first too; one after the last is the last."""
    WorkshopFactory.create_batch(5)
    workshops = Workshop.objects.order_by("name", "pk")
    page = DirectoryPaginator(workshops, 2).get_page(asked)
    expected = Paginator(workshops, 2).page(shown)
    assert (page.number, [w.pk for w in page], page.paginator.count) == (shown, [w.pk for w in expected], 5)


def test_the_map_layer_gets_the_same_filters_with_the_place_as_coordinates(client, nantes_centre):
    body = client.get("/workshops/", {"place": "Nantes", "equipment": "scanner-3d", "page": "2"}).content.decode()
    assert "/api/v1/workshops/geojson/?equipment=scanner-3d\\u0026lat=47.218400\\u0026lon=-1.553600" in body


def test_the_javascript_gets_only_the_results_when_it_asks(client):
    WorkshopFactory(name="Atelier")
    response = client.get("/workshops/", {"q": "Atelier"}, HTTP_X_PARTIAL="results")
    body = response.content.decode()
    assert body.startswith('<div id="results"')
    assert "<html" not in body and "Atelier" in body
    assert "X-Partial" in response["Vary"]


def test_unpublished_workshops_appear_nowhere_public(client):
    WorkshopFactory(name="Publié", slug="publie")
    for status in (Status.DRAFT, Status.PENDING, Status.REJECTED, Status.CLOSED):
        WorkshopFactory(name=f"Caché {status}", slug=f"cache-{status}", status=status)
    pages = [
        client.get("/").content.decode(),
        client.get("/workshops/").content.decode(),
        client.get("/workshops/", {"q": "Cach"}).content.decode(),
        client.get("/workshops/", {"place": "44000"}).content.decode(),
        client.get("/api/v1/workshops/geojson/").content.decode(),
        client.get("/sitemap.xml").content.decode(),
    ]
    for body in pages:
        assert "Caché" not in body and "cache-" not in body
    assert "publie" in pages[-1] and "Publié" in pages[1]
    for status in (Status.DRAFT, Status.PENDING, Status.REJECTED, Status.CLOSED):
        assert client.get(f"/workshops/cache-{status}/").status_code == 404


def test_the_sitemap_lists_the_pages_and_published_workshops_at_the_site_url(client, settings):
    settings.SITE_URL = "https://annuaire.example.fr"
    WorkshopFactory(slug="fablab-nantes")
    body = client.get("/sitemap.xml").content.decode()
    assert "<loc>https://annuaire.example.fr/workshops/fablab-nantes/</loc>" in body
    assert "<loc>https://annuaire.example.fr/</loc>" in body
    assert "<lastmod>" in body


def test_robots_txt_points_at_the_sitemap_and_keeps_private_areas_out(client, settings):
    settings.SITE_URL = "https://annuaire.example.fr"
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Sitemap: https://annuaire.example.fr/sitemap.xml" in body
    assert "Disallow: /manage/" in body and "Disallow: /admin/" in body


def test_each_page_has_its_own_title_description_and_canonical_url(client, settings):
    settings.SITE_URL = "https://annuaire.example.fr"
    WorkshopFactory(name="Atelier Nantais", slug="atelier-nantais", summary="Découpe laser à Nantes.")
    titles = set()
    for url in ("/", "/workshops/", "/workshops/atelier-nantais/"):
        body = client.get(url).content.decode()
        titles.add(re.search(r"<title>(.*?)</title>", body, re.S).group(1))
        assert '<meta name="description" content="' in body
        assert f'<link rel="canonical" href="https://annuaire.example.fr{url}">' in body
    assert len(titles) == 3
    filtered = client.get("/workshops/", {"access": "open"}).content.decode()
    assert '<meta name="robots" content="noindex, follow">' in filtered


def test_the_pages_switch_to_english(client):
    WorkshopFactory(name="Atelier", slug="atelier")
    client.cookies["django_language"] = "en"
    for url in ("/", "/workshops/", "/workshops/atelier/"):
        body = client.get(url).content.decode()
        assert '<html lang="en">' in body
        assert "Ateliers" not in body and "Carte des ateliers" not in body
    assert "Find a workshop" in client.get("/workshops/").content.decode()


def test_the_form_starts_with_nothing_chosen_in_any_list(client):
    body = client.get("/workshops/").content.decode()
    for name, label in [
        ("region", "Toutes les régions"),
        ("department", "Tous les départements"),
        ("archetype", "Tous les archétypes"),
        ("access", "Tout type d’accès"),
        ("pricing", "Toute tarification"),
        ("service", "Tout service"),
        ("audience", "Tout public"),
    ]:
        first = re.search(rf'<select name="{name}"[^>]*>\s*<option value=""(?: selected)?>([^<]*)</option>', body)
        assert first and first.group(1) == label, name


def test_the_distance_list_alone_is_not_an_error(client):
    WorkshopFactory(name="Atelier")
    body = client.get("/workshops/", {"radius_km": "50", "place": ""}).content.decode()
    assert 'class="error"' not in body and "Atelier" in body


def test_a_search_that_finds_nothing_offers_each_single_change_that_finds_some(client, django_assert_max_num_queries):
    laser = WorkshopFactory(  # 65 km from Brest
        name="Laser Lab", commune=commune("29232"), latitude=47.996, longitude=-4.102, opening_hours="24/7"
    )
    EquipmentFactory(workshop=laser, type=equipment_type("decoupeuse-laser-co2"))
    WorkshopFactory(
        name="Fablab de Brest", commune=commune("29019"), latitude=48.39, longitude=-4.49, opening_hours="24/7"
    )
    query = {"equipment": "decoupeuse-laser-co2", "open_now": "on", "q": "lab", "place": "Brest", "radius_km": "20"}

    with django_assert_max_num_queries(20):
        page = client.get("/workshops/", query).content.decode()
    assert "Aucun atelier ne correspond à cette recherche." in page
    offered = re.findall(r'<li><a href="\?([^"]+)">([^<]+)</a> — (\d+) ateliers?</li>', page)
    texts = {html.unescape(text): (html.unescape(url), int(found)) for url, text, found in offered}
    # Without the machine, the Brest fablab; at 100 km, the laser in Quimper; without "open now" or
    # the words, still nothing: not offered.
    # The nearest distance that finds some, not the largest.
    assert set(texts) == {"Sans « Équipements : Découpeuse laser CO₂ »", "À moins de 100 km"}
    assert [found for _url, found in texts.values()] == [1, 1]
    for url, found in texts.values():
        assert len(names(client.get(f"/workshops/?{url}"))) == found, url

    english = client.get("/workshops/", query, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Change one thing to find some:" in english and "Without “Equipment: CO₂ laser cutter”" in english


def test_a_search_with_results_asks_no_more_counts(client, django_assert_max_num_queries):
    WorkshopFactory(name="Laser Lab")
    client.get("/workshops/", {"q": "laser"})
    with django_assert_max_num_queries(6):  # no count of a change to offer (page, machines, photos…)
        assert names(client.get("/workshops/", {"q": "laser"})) == ["Laser Lab"]


@pytest.mark.parametrize(
    ("language", "first", "last", "laser_types"),
    [
        ("fr", "Impression 3D", "Autre", ["Découpeuse laser CO₂", "Graveur laser à diode", "Graveur laser fibre"]),
        ("en", "3D printing", "Other", ["CO₂ laser cutter", "Diode laser engraver", "Fibre laser engraver"]),
    ],
)
def test_the_machine_filter_lists_categories_as_people_look_for_them_other_last(
    client, language, first, last, laser_types
):
    groups = client.get("/workshops/", HTTP_ACCEPT_LANGUAGE=language).context["equipment_groups"]
    with translation.override(language):  # the labels are lazy: read in the page's language
        labels = [str(label) for _code, label, _whole, _types in groups]
    assert (labels[0], labels[-1]) == (first, last)
    laser = next(types for code, _label, _whole, types in groups if code == "laser_cutting")
    assert [label for _slug, label, _ticked in laser] == laser_types  # by name in the page's language


def test_open_now_and_machines_say_how_many_workshops_they_cannot_count(client):
    # "2 workshops open now" read as "only 2 are open" when most have not given their hours.
    open_lab = WorkshopFactory(name="Ouvert", opening_hours="24/7")
    EquipmentFactory(workshop=open_lab, type=equipment_type("decoupeuse-laser-co2"))
    WorkshopFactory(name="Fermé", opening_hours="Mo 09:00-10:00 off")
    WorkshopFactory.create_batch(3, opening_hours="")  # no hours, no machines
    english = {"HTTP_ACCEPT_LANGUAGE": "en"}
    body = client.get("/workshops/", {"open_now": "on"}, **english).content.decode()
    assert "Not counted: 3 workshops whose opening hours are not known." in body
    assert '<a href="?">Show them with the others</a>' in body
    body = client.get("/workshops/", {"equipment": "decoupeuse-laser-co2", "access": "open"}, **english)
    body = body.content.decode()
    assert "Not counted: 4 workshops that have not listed their machines yet." in body  # with the other conditions
    assert '<a href="?access=open">Show them with the others</a>' in body
    assert "opening hours are not known" not in body
    # Each note counts among the workshops the other conditions find: none without hours has the laser.
    both = client.get("/workshops/", {"equipment": "decoupeuse-laser-co2", "open_now": "on"}, **english)
    assert "Not counted" not in both.content.decode()
    assert "Not counted" not in client.get("/workshops/", {"access": "open"}, **english).content.decode()


def test_a_wrong_distance_is_said_and_the_place_searched_within_the_default_one(client, nantes_centre):
    WorkshopFactory(name="Nantes Lab", commune=commune("44109"), latitude=47.22, longitude=-1.55)
    WorkshopFactory(name="Brest Lab", commune=commune("29019"), latitude=48.39, longitude=-4.49)
    response = client.get("/workshops/", {"place": "Nantes", "radius_km": "abc"})
    body = response.content.decode()
    assert names(response) == ["Nantes Lab"]
    assert "à moins de 50 km de Nantes (44), les plus proches d’abord" in body
    assert "abc km" not in body and "Distance" in body


def test_the_regions_are_listed_as_french_orders_them(client):
    body = client.get("/workshops/").content.decode()
    menu = re.search(r'<select name="region".*?</select>', body, re.S).group(0)
    regions = re.findall(r'<option value="\w+">([^<]+)</option>', menu)
    assert regions.index("Île-de-France") == regions.index("Hauts-de-France") + 1
    assert regions[0] == "Auvergne-Rhône-Alpes" and len(regions) == 18


def test_keyboard_users_can_skip_the_map_to_the_results(client):
    WorkshopFactory()
    page = client.get("/workshops/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    link = re.search(r'<a class="skip-map" href="#([\w-]+)">Skip the map</a>', page)
    assert link, "a skip link"
    assert link.start() < page.index('id="map"'), "before the map"
    target = re.search(rf'<[^>]* id="{link.group(1)}"[^>]*>', page)
    assert target and 'tabindex="-1"' in target.group(0), "to an element that takes the focus"
    assert page.index('id="map"') < target.start(), "past the map"
