"""A workshop's public page: everything public, "unknown" for what was not said, structured data."""

import json
import re
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
import time_machine
from django.conf import settings

from tests.factories import EquipmentFactory, WorkshopFactory, equipment_type
from workshops.importers.inference import infer
from workshops.vocabularies import Status

pytestmark = pytest.mark.django_db

# Tuesday 11 November 2025, 11:00 in Paris: Armistice Day, a public holiday.
ARMISTICE_MORNING = datetime(2025, 11, 11, 10, 0, tzinfo=UTC)


@pytest.fixture
def workshop():
    workshop = WorkshopFactory(
        name="Fablab des Dervallières",
        slug="fablab-dervallieres",
        summary="Un fablab de quartier.",
        description="Ateliers ouverts le samedi.\n\nInitiation chaque mois.",
        website="https://fablab.example.org",
        email="contact@fablab.example.org",
        phone="02 40 00 00 00",
        opening_hours="Tu-Sa 10:00-18:00; PH off",
        services=["open_lab", "repair"],
        audiences=["general_public"],
        labels=["fabrique_de_territoire"],
        surface_m2=1200,
        staff_fte=Decimal("1.5"),
        volunteers=0,
        archetype_override=3,
    )
    EquipmentFactory(
        workshop=workshop,
        type=equipment_type("decoupeuse-laser-co2"),
        brand="Trotec",
        model="Speedy 400",
        quantity=2,
        requires_training=True,
    )
    EquipmentFactory(workshop=workshop, type=equipment_type("imprimante-3d-fdm"), brand="Prusa", model="MK4")
    EquipmentFactory(workshop=workshop, type=equipment_type("imprimante-3d-resine"), brand="Formlabs", model="Form 3")
    return workshop


def page(client, workshop, at=ARMISTICE_MORNING):
    with time_machine.travel(at, tick=False):
        return client.get(workshop.get_absolute_url()).content.decode()


@pytest.mark.parametrize("photos", [0, 3])
def test_it_takes_three_queries_whatever_the_equipment_and_photos(client, workshop, photos, django_assert_num_queries):
    # The workshop, its machines, its photos, the nearest others; + the directory's opening hours,
    # read once per generation (the ETag names which are open now).
    for n in range(photos):
        workshop.photos.create(image=f"photos/{n}.jpg", thumbnail=f"photos/{n}-small.jpg", width=8, height=6)
    WorkshopFactory.create_batch(6)  # nearby, whose machines and photos the page does not ask
    with django_assert_num_queries(5):
        response = client.get(workshop.get_absolute_url())
    assert response.content.decode().count('src="/media/photos/') == photos


def test_it_names_the_four_nearest_other_workshops_and_the_search_that_shows_them_all(client, workshop):
    """As fablabs.io does: where else to go, nearest first, within 50 km."""
    for name, lat, lon in [
        ("Ping", 47.2150, -1.5500),  # about 0.5 km away
        ("Plateforme C", 47.2060, -1.5390),
        ("Fablab de Rezé", 47.1900, -1.5700),
        ("Atelier d'Orvault", 47.2710, -1.6230),
        ("Fablab de Vertou", 47.1690, -1.4700),  # the fifth: not named
        ("Fablab d'Angers", 47.4712, -0.5518),  # about 80 km away
    ]:
        WorkshopFactory(name=name, latitude=lat, longitude=lon)
    WorkshopFactory(name="Brouillon voisin", latitude=47.2151, longitude=-1.5501, status=Status.DRAFT)

    body = page(client, workshop)
    section = body[body.index('<h2 id="nearby-title">Ateliers à proximité</h2>') :]
    section = section[: section.index("</section>")]
    named = re.findall(
        r'<li><a href="/workshops/[^"]+/">([^<]+)</a> <span class="meta">Nantes · ([^<]+)</span>', section
    )
    assert named == [
        ("Ping", "à 500 m"),
        ("Plateforme C", "à 1,8 km"),
        ("Fablab de Rezé", "à 3,4 km"),
        ("Atelier d&#x27;Orvault", "à 7,9 km"),
    ]
    assert 'href="/workshops/?place=Nantes+%2844%29&amp;radius_km=50">Tous les ateliers à moins de 50 km</a>' in section


def test_a_workshop_alone_in_its_area_names_no_neighbour(client, workshop):
    WorkshopFactory(name="Fablab d'Angers", latitude=47.4712, longitude=-0.5518)
    assert 'id="nearby-title"' not in page(client, workshop)


def test_it_shows_the_equipment_grouped_by_category(client, workshop):
    body = page(client, workshop)
    printing, laser = body.index("<h3>Impression 3D</h3>"), body.index("<h3>Découpe et gravure laser</h3>")
    assert printing < body.index("Imprimante 3D à filament (FDM)") < laser
    assert printing < body.index("Imprimante 3D résine (SLA/DLP)") < laser
    assert laser < body.index("Découpeuse laser CO₂")
    assert "Trotec Speedy 400" in body and "2 machines" in body and "formation requise" in body


def test_on_a_public_holiday_with_ph_off_it_says_closed_and_when_it_opens(client, workshop):
    body = page(client, workshop)
    assert "Fermé en ce moment, ouvre demain à 10:00" in body
    assert "Fermé les jours fériés." in body
    assert re.search(r"<th scope=\"row\">Mardi(?: <span[^>]*>[^<]*</span>)?</th><td>10:00–18:00</td>", body)
    assert re.search(r"<th scope=\"row\">Lundi</th><td>fermé</td>", body)


def test_on_an_ordinary_morning_it_says_open_and_when_it_closes(client, workshop):
    body = page(client, workshop, at=datetime(2025, 11, 18, 10, 0, tzinfo=UTC))
    assert "Ouvert en ce moment, ferme aujourd’hui à 18:00" in body


def test_what_the_managers_did_not_say_is_unknown_never_zero(client):
    bare = WorkshopFactory(
        slug="bare", access="", pricing="", carrier_type="", opening_hours="", website="", email="", phone=""
    )
    body = page(client, bare)
    assert body.count('<span class="unknown">non renseigné</span>') == 15
    assert '<dt>Labels</dt><dd><span class="unknown">non renseigné</span></dd>' in body
    assert "Les responsables n’ont pas encore indiqué les horaires" in body
    assert "Horaires inconnus" in body
    assert "Équipements pas encore renseignés." in body
    assert ">0<" not in body


def test_an_access_only_open_data_gives_is_shown_as_provisional_until_the_managers_say(client):
    census = WorkshopFactory(
        slug="census",
        access="",
        provisional_profile=infer("Fablab du recensement", fablab=True),  # as the census importer does
    )
    assert census.provisional_profile["access"]["value"] == "open"
    body = page(client, census)
    assert (
        '<dt>Accès</dt><dd>Ouvert à tous <span class="unknown">(provisoire : d’après les données ouvertes, '
        "pas encore confirmé par le lieu)</span></dd>"
    ) in body
    census.access = "members"  # its managers said otherwise: their word only
    census.save()
    assert "<dt>Accès</dt><dd>Réservé aux adhérents</dd>" in page(client, census)


def test_a_zero_a_manager_said_is_shown_as_zero_and_numbers_are_formatted_for_the_locale(client, workshop):
    body = page(client, workshop)
    assert "<dt>Bénévoles</dt><dd>0</dd>" in body
    assert "1\u00a0200 m²" in body or "1 200 m²" in body
    assert "<dd>1,5</dd>" in body


def test_it_shows_services_audiences_labels_archetype_and_contact(client, workshop):
    body = page(client, workshop)
    for text in (
        "Fablab de quartier",
        "Ateliers ouverts le samedi.",
        "Repair café",
        "Fabrique de Territoire",
        'href="https://fablab.example.org"',
        'href="mailto:contact@fablab.example.org"',
        'href="tel:0240000000"',
        'href="/workshops/fablab-dervallieres/survey/"',
    ):
        assert text.lower() in body.lower(), text
    assert 'class="archetype"' in body


def test_the_confirmation_date_or_how_long_it_went_unconfirmed(client, workshop):
    workshop.verified_at = datetime(2025, 3, 3, 12, 0, tzinfo=UTC)
    workshop.save()
    assert "Fiche confirmée par ses responsables le 3 mars 2025" in page(client, workshop)
    assert "Fiche non confirmée par ses responsables depuis 14 mois" in page(
        client, workshop, at=datetime(2026, 5, 10, tzinfo=UTC)
    )


def test_it_has_schema_org_structured_data_that_cannot_break_out_of_its_script(client, workshop):
    workshop.name = "Lab </script><script>alert(1)</script>"
    workshop.save()
    body = page(client, workshop)
    assert "<script>alert(1)" not in body
    raw = re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S).group(1)
    data = json.loads(raw)
    assert data["@type"] == "LocalBusiness"
    assert data["name"] == workshop.name
    assert data["address"]["addressLocality"] == "Nantes"
    assert data["geo"]["latitude"] == pytest.approx(47.2184)
    assert {"@type": "OpeningHoursSpecification", "dayOfWeek": "Tuesday", "opens": "10:00", "closes": "18:00"} in data[
        "openingHoursSpecification"
    ]


def test_it_has_open_graph_tags_and_a_canonical_url(client, workshop, settings):
    settings.SITE_URL = "https://annuaire.example.fr"
    body = page(client, workshop)
    assert '<meta property="og:title" content="Fablab des Dervallières">' in body
    assert '<meta property="og:url" content="https://annuaire.example.fr/workshops/fablab-dervallieres/">' in body
    assert '<link rel="canonical" href="https://annuaire.example.fr/workshops/fablab-dervallieres/">' in body


def test_a_workshop_without_coordinates_has_no_map(client):
    body = page(client, WorkshopFactory(slug="nowhere", latitude=None, longitude=None))
    assert 'id="map"' not in body and "leaflet" not in body


def test_an_unknown_slug_is_a_404(client):
    assert client.get("/workshops/does-not-exist/").status_code == 404


def test_the_page_is_complete_in_english(client, workshop):
    client.cookies["django_language"] = "en"
    body = page(client, workshop)
    assert "Closed now, opens tomorrow at 10:00" in body
    assert "CO₂ laser cutter" in body
    assert "Machines and equipment" in body


def test_the_map_tells_leaflet_where_its_marker_images_are(client, workshop):
    """Leaflet finds its marker images from its stylesheet's URL, which the manifest storage
    rewrites with a hash: a page with a map names the folder instead, and the images are there."""
    from django.contrib.staticfiles import finders

    body = client.get("/workshops/").content.decode()
    [path] = re.findall(r'<script id="force-img-path" type="application/json">"([^"]+)"</script>', body)
    assert path == "/static/leaflet/images/"
    for image in ("marker-icon.png", "marker-icon-2x.png", "marker-shadow.png"):
        assert finders.find(f"leaflet/images/{image}"), image


def _map_attribution(response) -> str:
    [config] = re.findall(r'<script id="map-config" type="application/json">(.+?)</script>', response.content.decode())
    return json.loads(config)["attribution"]


def test_the_maps_credit_openstreetmap_in_the_readers_language_or_as_the_operator_wrote_it(client, workshop, settings):
    assert (
        _map_attribution(client.get("/workshops/"))
        == "&copy; les contributeurs d’OpenStreetMap, tuiles OpenStreetMap France"
    )
    english = client.get("/workshops/", HTTP_ACCEPT_LANGUAGE="en")
    assert _map_attribution(english) == "&copy; OpenStreetMap contributors, tiles OpenStreetMap France"
    settings.MAP_TILES_ATTRIBUTION = "&copy; IGN, Géoplateforme"
    assert _map_attribution(client.get("/workshops/", HTTP_ACCEPT_LANGUAGE="en")) == "&copy; IGN, Géoplateforme"


def nearby_section(client, workshop):
    body = page(client, workshop)
    section = body[body.index('<h2 id="nearby-title">') :]
    return section[: section.index("</section>")]


def test_a_neighbour_at_the_same_door_is_said_to_be_there_and_one_placed_at_its_commune_roughly(client, workshop):
    """Two workshops of one third place share an address ("0.0 km" said nothing); a neighbour whose
    address was only placed at its commune is "about" so far (its marker is the town hall's)."""
    WorkshopFactory(name="Repair Café", street="2 Rue de la  Gare", latitude=47.2184, longitude=-1.5536)
    WorkshopFactory(name="Ping", street="1 quai", latitude=47.2150, longitude=-1.5500, location_precision="commune")
    WorkshopFactory(name="Plateforme C", street="4 rue", latitude=47.2184, longitude=-1.5537)
    section = nearby_section(client, workshop)
    assert 'Repair Café</a> <span class="meta">Nantes · à la même adresse</span>' in section
    assert 'Plateforme C</a> <span class="meta">Nantes · à moins de 100 m</span>' in section
    assert 'Ping</a> <span class="meta">Nantes · à environ 1 km</span>' in section


def test_every_link_announcing_a_new_page_opens_one(client, workshop):
    links = re.findall(r"<a\b[^>]*>.*?</a>", page(client, workshop), re.S)
    directions = [link for link in links if "Itinéraire" in link]
    assert directions and all("nouvelle page" in link for link in directions)
    for template in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        for link in re.findall(r"<a\b[^>]*>.*?</a>", template.read_text(encoding="utf-8"), re.S):
            if re.search(r"new (page|tab|window)|nouvelle page|nouvel onglet|nouvelle fenêtre", link):
                assert 'target="_blank"' in link and 'rel="noopener"' in link, f"{template.name}: {link}"
    for link in directions:
        assert 'target="_blank"' in link and 'rel="noopener"' in link


def test_a_workshop_placed_only_at_its_commune_says_so_and_is_routed_to_by_its_address(client, workshop):
    body = page(client, workshop)
    assert '<p class="notice">Position approximative' not in body
    assert 'href="https://www.openstreetmap.org/directions?route=%3B47.21840%2C-1.55360"' in body

    workshop.location_precision = "commune"
    workshop.save()
    body = page(client, workshop)
    assert '<p class="notice">Position approximative : le repère indique la commune, pas la porte de l’atelier.' in body
    point = json.loads(re.search(r'<script id="map-point" type="application/json">(.*?)</script>', body).group(1))
    assert point["approximate"] is True  # its marker paler, as on the directory's maps
    assert 'href="https://www.openstreetmap.org/search?query=2+rue+de+la+Gare+44000+Nantes"' in body
    # Search engines are given the address, not the commune's point as if it were the door.
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S).group(1))
    assert "geo" not in data and data["address"]["streetAddress"] == "2 rue de la Gare"
