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
    expect(page.get_by_text("Aucun.", exact=True)).to_be_visible()
    assert axe_violations(page) == []

    page.goto(f"/workshops/{other.slug}/")
    assert page.url.endswith(clunisois.get_absolute_url())
    expect(page.get_by_role("heading", level=1, name="FabLab du Clunisois", exact=True)).to_be_visible()
