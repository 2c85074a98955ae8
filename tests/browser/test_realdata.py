"""Real data as people see it, at 1280 and 390 px with axe: an imported workshop's page says where its
information comes from; staff merge two records of one place and the old address follows."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from territories.models import Region
from tests.browser.conftest import axe_violations, fits_its_width, screenshot
from tests.factories import UserFactory
from tests.importers.conftest import cget_csv, cget_row
from workshops.importers import cget
from workshops.models import PossibleDuplicate, Workshop

pytestmark = pytest.mark.browser

VIEWPORTS = ({"width": 1280, "height": 900}, {"width": 390, "height": 844})


@pytest.fixture
def census(transactional_db):
    """Two census fablabs of Cluny, imported as a new user would (the census dates from 2019)."""
    if not Region.objects.exists():
        call_command("load_territories", verbosity=0)
    cget.import_file(
        cget_csv(
            cget_row(ID="900", NOM_TL="FabLab du Clunisois", ADRESSE="5 place du Marché", CP="71250",
                     COMINIT="Cluny", INSEECOM="71137", NOMCOM="Cluny", LAT="46.4340", LONG="4.6600", INSEEDEP="71",
                     COMCLASS="0-5000"),
            cget_row(ID="77", NOM_TL="Les Ateliers de la Mercière", ADRESSE="12 rue Mercière", CP="71250", COMINIT="Cluny",
                     INSEECOM="71137", NOMCOM="Cluny", LAT="46.4346", LONG="4.6622", INSEEDEP="71",
                     WEB="https://fablab-clunisois.example.org"),
        )
    )  # fmt: skip
    first, second = Workshop.objects.get(sources__source_id="900"), Workshop.objects.get(sources__source_id="77")
    assert first != second
    return first, second


def test_an_imported_workshops_page_says_its_source_date_and_that_no_manager_confirmed_it(sized_page, census):
    clunisois, _ping = census
    for viewport in VIEWPORTS:
        page = sized_page(viewport)
        page.goto(clunisois.get_absolute_url())
        panel = page.locator("section[aria-labelledby='provenance-title']")
        panel.scroll_into_view_if_needed()
        expect(panel.get_by_role("heading", name="D’où viennent ces informations")).to_be_visible()
        text = panel.inner_text()
        assert "Recensement des tiers-lieux CGET / ANCT" in text and "2019" in text
        assert "non confirmé par son gestionnaire" in text
        assert "ces informations sont peut-être périmées" in text
        expect(panel.get_by_role("link", name="Cet atelier a fermé ? Dites-le-nous")).to_be_visible()
        assert axe_violations(page) == []
        screenshot(page, f"realdata-provenance-{viewport['width']}")
        fits_its_width(page)


def test_staff_merge_two_records_of_one_place_and_its_old_address_leads_to_the_kept_one(sized_page, census):
    clunisois, other = census
    PossibleDuplicate.objects.all().delete()
    PossibleDuplicate.objects.create(
        first=clunisois, second=other, distance_m=180, similarity=0.7, reason="Même commune, noms semblables"
    )
    moderator = UserFactory(username="moderatrice", is_staff=True)
    for viewport in VIEWPORTS:
        page = sized_page(viewport, moderator)
        page.goto("/moderation/duplicates/")
        pair = page.locator("article.queue-item", has_text="Même commune, noms semblables")
        expect(pair.get_by_role("link", name="FabLab du Clunisois", exact=True)).to_be_visible()
        expect(pair.get_by_role("link", name="Les Ateliers de la Mercière")).to_be_visible()
        expect(pair.get_by_text("Même commune, noms semblables · à 180 m · noms semblables à 70 %")).to_be_visible()
        assert axe_violations(page) == []
        screenshot(page, f"realdata-duplicates-{viewport['width']}")
        fits_its_width(page)

    page.get_by_label("Même lieu : fusionner en gardant le premier").check()
    page.get_by_label("Note pour le journal").fill("même lieu, deux fiches du recensement")
    page.get_by_role("button", name="Décider").click()
    expect(page.get_by_text("Fusionné dans FabLab du Clunisois.")).to_be_visible()
    expect(page.get_by_text("Aucun doublon possible en attente.", exact=True)).to_be_visible()
    assert axe_violations(page) == []

    page.goto(f"/workshops/{other.slug}/")
    assert page.url.endswith(clunisois.get_absolute_url())
    expect(page.get_by_role("heading", level=1, name="FabLab du Clunisois", exact=True)).to_be_visible()


def test_a_workshop_placed_at_its_commune_only_is_a_paler_marker_that_says_so(sized_page, census):
    """41 of the census's 340 located workshops are placed at their commune's centre: on the map
    their marker looked as exact as a door's."""
    clunisois, _other = census
    clunisois.location_precision = "commune"
    clunisois.latitude, clunisois.longitude = 46.30, 4.50  # apart from the other: not in one cluster
    clunisois.save()
    for viewport in VIEWPORTS:
        page = sized_page(viewport)
        page.goto(f"/workshops/?region={clunisois.region_id}")
        page.wait_for_selector("#map[data-loaded='1']")
        expect(page.locator("#map-status")).to_have_text(
            "2 ateliers sur la carte, dont 1 placé à sa commune seulement (repère pâle)"
        )
        approximate = page.get_by_role("button", name="FabLab du Clunisois (position approximative)")
        expect(approximate).to_have_css("opacity", "0.6")
        expect(page.get_by_role("button", name="Les Ateliers de la Mercière", exact=True)).to_have_css("opacity", "1")
        approximate.focus()  # from the keyboard: a click may land while markercluster redraws
        page.keyboard.press("Enter")
        popup = page.locator(".leaflet-popup-content")
        expect(popup.locator(".popup-approximate")).to_have_text(
            "Position approximative : le repère indique la commune."
        )
        # Faded in, and still open once the map has panned to show it (a popup taller than a
        # phone's map panned its marker out, where markercluster took it away with its popup).
        expect(page.locator(".leaflet-popup")).to_have_css("opacity", "1")
        page.wait_for_timeout(500)
        expect(page.locator(".leaflet-popup")).to_have_css("opacity", "1")
        assert axe_violations(page) == []
        screenshot(page, f"realdata-approximate-marker-{viewport['width']}")
        fits_its_width(page)
        page.goto(clunisois.get_absolute_url())  # its own page: the same paler marker, and why
        expect(page.get_by_role("img", name="FabLab du Clunisois (position approximative)")).to_have_css(
            "opacity", "0.6"
        )
        expect(page.locator("p.notice", has_text="Position approximative")).to_be_visible()
