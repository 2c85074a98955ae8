"""An official's dashboard and the embeddable map, in a real browser."""

import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY, get_user_model
from django.core.management import call_command
from django.test import Client
from openpyxl import load_workbook
from playwright.sync_api import expect

from officials.models import OfficialScope
from territories.models import Region
from tests.browser.conftest import ARTIFACTS, axe_violations, fits_its_width, screenshot
from tests.factories import EquipmentFactory, WorkshopFactory, commune
from tests.importers.conftest import cget_csv, cget_row
from workshops.importers import cget
from workshops.models import EquipmentType
from workshops.taxonomy import load_equipment_types


@pytest.fixture
def pays_de_la_loire(demo_data):
    """Three workshops in region 52: two in Loire-Atlantique (44), one in Maine-et-Loire (49)."""
    WorkshopFactory(name="Fablab de Nantes", slug="fablab-nantes", archetype=3)
    WorkshopFactory(
        name="Atelier de Saint-Nazaire",
        slug="atelier-saint-nazaire",
        commune=commune("44184"),
        postal_code="44600",
        latitude=47.27,
        longitude=-2.21,
        archetype=1,
    )
    WorkshopFactory(
        name="Atelier d'Angers",
        slug="atelier-angers",
        commune=commune("49007"),
        postal_code="49000",
        latitude=47.47,
        longitude=-0.55,
        location_precision="commune",  # placed at its commune only
    )


def _log_in(page, live_server, username="official-pdl"):
    user = get_user_model().objects.create_user(username=username, email=f"{username}@example.org")
    OfficialScope.objects.create(user=user, region_id="52")
    client = Client()
    client.force_login(user)
    assert client.session[SESSION_KEY]
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return user


def test_an_official_filters_a_department_and_downloads_the_xlsx(page, live_server, pays_de_la_loire, tmp_path):
    _log_in(page, live_server)
    page.goto("/officials/")
    assert "Pays de la Loire" in page.locator("h1").inner_text()
    page.wait_for_selector("#officials-map .leaflet-interactive")
    # Angers's point is its commune's: paler and dashed, counted by the legend.
    expect(page.locator(".legend")).to_contain_text("Pâle, en pointillé : 1 atelier placé à sa commune seulement")
    assert page.locator("#officials-map path.leaflet-interactive[stroke-dasharray='2 2']").count() == 1
    screenshot(page, "officials-dashboard-52")
    page.select_option("#territory-select", "department:44")
    page.locator(".territory-form button").click()
    page.wait_for_url("**/officials/?territory=department%3A44")
    assert "Loire-Atlantique" in page.locator("h1").inner_text()
    page.wait_for_selector("#officials-map .leaflet-interactive")
    screenshot(page, "officials-dashboard-44")
    assert axe_violations(page) == []

    with page.expect_download() as download_info:
        page.locator(".export-buttons a", has_text="XLSX").first.click()
    download = download_info.value
    assert download.suggested_filename.startswith("ateliers-loire-atlantique-44-")
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    book = load_workbook(target)
    assert [c.value for c in book["ateliers"][1]][:2] == ["Identifiant", "Nom"]  # French for people
    sheet = book["codes"]  # the same rows with their codes
    header = [c.value for c in sheet[1]]
    departments = {row[header.index("department_code")].value for row in sheet.iter_rows(min_row=2)}
    assert departments == {"44"}
    assert sheet.max_row - 1 == 2


def test_the_dashboard_map_is_reached_and_used_with_the_keyboard(page, live_server, pays_de_la_loire):
    # The circles were SVG paths that Tab never reached: a keyboard user could not open a popup.
    _log_in(page, live_server)
    page.goto("/officials/")
    page.wait_for_selector("#officials-map .leaflet-interactive")
    circles = page.locator("#officials-map path.leaflet-interactive")
    assert circles.count() == 3
    labels = {circles.nth(i).get_attribute("aria-label") for i in range(3)}
    assert labels == {"Fablab de Nantes", "Atelier de Saint-Nazaire", "Atelier d'Angers (position approximative)"}
    page.locator("#officials-map").focus()  # the map itself (Leaflet's arrow keys pan it), then its circles
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert focused in labels
    page.keyboard.press("Enter")
    popup = page.locator("#officials-map .leaflet-popup-content")
    expect(popup.locator("a", has_text=focused.removesuffix(" (position approximative)"))).to_be_visible()
    screenshot(page, "officials-map-keyboard")
    # Past the map in one step: its link, before the map, leads to the next section.
    page.locator("#officials-map").evaluate("map => map.previousElementSibling.focus()")
    skip = page.locator("a.skip-map")
    expect(skip).to_be_visible()
    assert skip.inner_text() == "Passer la carte"
    assert axe_violations(page) == []


@pytest.fixture
def other_origin(live_server):
    """A page on another origin (its own loopback server) that frames the region's embed page."""
    body = (
        f'<!DOCTYPE html><html lang="fr"><title>Site de la région</title><iframe src="{live_server.url}/embed/?region=52" '
        'title="Ateliers" width="900" height="700"></iframe></html>'
    ).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


def test_the_embed_page_works_inside_an_iframe_of_another_origin(page, pays_de_la_loire, other_origin):
    page.goto(other_origin)
    frame = page.frame_locator("iframe")
    frame.locator(".embed-list a").first.wait_for()
    frame.locator("#officials-map .leaflet-marker-icon").first.wait_for()
    names = set(frame.locator(".embed-list a").all_inner_texts())
    assert names == {"Fablab de Nantes", "Atelier de Saint-Nazaire", "Atelier d'Angers"}
    assert frame.locator(".site-header").count() == 0
    screenshot(page, "officials-embed-in-iframe")


def test_an_official_reads_the_observatory_with_charts_and_tables(page, live_server, demo_data):
    """The demo's workshops of Pays de la Loire plus enough budgets for the revenue figure."""
    for index, (budget, public) in enumerate(
        [(50_000, 90), (200_000, 20), (100_000, 40), (150_000, 60), (100_000, 70)]
    ):
        WorkshopFactory(
            name=f"Atelier observé {index}",
            slug=f"atelier-observe-{index}",
            archetype_override=3,
            archetype_override_reason="test",
            yearly_budget_eur=budget,
            revenue_public_pct=public,
            revenue_own_pct=100 - public,
            revenue_private_pct=0,
            staff_fte=1,
            volunteers=2,
            yearly_users=100,
            funders=["region"],
            audiences=["general_public"],
        )
    _log_in(page, live_server)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/officials/observatory/")
        assert "Observatoire : Pays de la Loire" in page.locator("h1").inner_text()
        revenue = page.locator("section.figure", has=page.locator("h2", has_text="Structure des recettes"))
        assert revenue.locator("table caption").count() == 1
        assert revenue.locator("svg.bar rect").count() == 3
        assert "Pondérée par le budget" in revenue.locator("thead").inner_text()
        assert page.locator("section.figure table.figures").count() >= 6
        screenshot(page, f"officials-observatory-{width}")
        assert axe_violations(page) == []
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0  # wide tables scroll inside their own region
        assert page.evaluate(WORDS_CUT_IN_ROW_HEADERS) == [], "a label is cut inside a word"


# The row headers of the figures (and the cells of the workshops' list) whose column is narrower than
# one of their words: the word is then cut in the middle ("Laboratoi/res", "Com/mune"), as it was on a
# phone when the tables were squeezed. A line may break between words and after a hyphen
# ("Loire-/Atlantique"): the parts are measured.
WORDS_CUT_IN_ROW_HEADERS = """() => {
  const probe = document.createElement('span');
  probe.style.cssText = 'position:absolute;visibility:hidden;white-space:nowrap';
  document.body.appendChild(probe);
  const cut = [];
  for (const th of document.querySelectorAll('table.figures th[scope=row], table.figures.list td')) {
    if (!th.getClientRects().length) continue;  // not shown
    const style = getComputedStyle(th);
    probe.style.font = style.font;
    const room = th.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    for (const word of th.innerText.split(/\\s+|(?<=-)/).filter(Boolean)) {
      probe.textContent = word;
      if (probe.getBoundingClientRect().width > room + 1) cut.push(word);
    }
  }
  probe.remove();
  return cut;
}"""


@pytest.fixture
def census_and_declared(transactional_db):
    """A census fablab of Angers no manager has described, and a workshop of Nantes declared open."""
    if not Region.objects.exists():
        call_command("load_territories", verbosity=0)
    cget.import_file(
        cget_csv(
            cget_row(ID="501", NOM_TL="Fablab d'Angers", ADRESSE="1 place du Ralliement", CP="49000",
                     COMINIT="Angers", INSEECOM="49007", NOMCOM="Angers", LAT="47.4712", LONG="-0.5518",
                     INSEEDEP="49", WEB="fablab-angers.example.org"),
        )
    )  # fmt: skip
    WorkshopFactory(name="Atelier de Nantes", slug="atelier-nantes", access="open")
    user = get_user_model().objects.create_user(username="official-pdl", email="official-pdl@example.org")
    OfficialScope.objects.create(user=user, region_id="52")
    return user


def test_an_official_sees_which_workshops_open_to_the_public_are_provisional(sized_page, census_and_declared):
    provisional = "dont 1 provisoire (données ouvertes, non confirmé par son gestionnaire)"
    for viewport in ({"width": 1280, "height": 900}, {"width": 390, "height": 844}):
        page = sized_page(viewport, census_and_declared)
        page.goto("/officials/")
        figure = page.locator(".key-figures .public-figure")
        assert figure.locator("strong").inner_text() == "2"
        expect(figure.get_by_role("link", name=provisional)).to_be_visible()
        table = page.locator("table.coverage-table").first
        assert "Dont provisoires" in table.locator("thead").inner_text()
        row = table.locator("tbody tr", has=page.locator("th", has_text="Maine-et-Loire"))
        assert row.locator("td").all_inner_texts()[1:3] == ["1", "1"]  # open to the public, of which provisional
        assert "1 département n’a que des ateliers provisoirement ouverts au public" in page.content()
        screenshot(page, f"officials-coverage-provisional-{viewport['width']}")
        assert axe_violations(page) == []
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0  # the coverage tables scroll inside their own region on a phone

        # The census's fablab on the map: its archetype said provisional, as on the public map.
        page.locator('#officials-map path.leaflet-interactive[aria-label^="Fablab d\'Angers"]').focus()
        page.keyboard.press("Enter")
        expect(page.locator("#officials-map .leaflet-popup-content")).to_contain_text("(provisoire)")
        page.keyboard.press("Escape")

        figure.get_by_role("link", name=provisional).click()
        page.wait_for_url("**/officials/workshops/?*public=provisional*")
        rows = page.locator("table.list tbody tr")
        expect(rows).to_have_count(1)
        assert "Fablab d'Angers" in rows.inner_text() and "Ouvert à tous (provisoire)" in rows.inner_text()
        # On a phone the list's six columns scroll in their own region, no word cut in two.
        fits_its_width(page, f"the officials' list at {viewport['width']} px")
        assert page.evaluate(WORDS_CUT_IN_ROW_HEADERS) == [], "a word of the list is cut"
        assert axe_violations(page) == []


def test_the_dashboard_reflows_to_the_narrowest_phone(sized_page, census_and_declared):
    # WCAG 1.4.10: at 320 CSS pixels nothing but a data table's own region scrolls sideways. The
    # equipment table names every machine type of the taxonomy ("microcontrôleurs", the longest
    # word): at 320 px its three columns were 350 px wide and the page scrolled.
    load_equipment_types(EquipmentType)  # a transactional test before this one may have emptied the taxonomy
    workshop = WorkshopFactory(name="Atelier outillé de Nantes", slug="atelier-outille")
    for kind in EquipmentType.objects.all():
        EquipmentFactory(workshop=workshop, type=kind)
    for viewport in ({"width": 320, "height": 700}, {"width": 390, "height": 844}):
        page = sized_page(viewport, census_and_declared)
        page.goto("/officials/")
        expect(page.get_by_role("rowheader", name="Kits microcontrôleurs (Arduino, ESP32…)")).to_be_visible()
        fits_its_width(page, f"the dashboard at {viewport['width']} px")
        # and the equipment's three columns fit too: no need to scroll its region for the links
        region = page.get_by_role("region", name="Machines déclarées par les ateliers publiés")
        assert region.evaluate("(e) => e.scrollWidth <= e.clientWidth"), "the equipment table scrolls"
        assert page.evaluate(WORDS_CUT_IN_ROW_HEADERS) == [], "a label is cut inside a word"
        screenshot(page, f"officials-dashboard-{viewport['width']}")
        assert axe_violations(page) == []


def test_a_wide_table_shows_that_it_scrolls_and_keeps_its_first_column_in_view(sized_page, census_and_declared):
    # At 390 px "Couverture par département" showed "pro" of "Dont provisoires" and nothing hinted
    # that two columns were cut off; at 1280 px the observatory's widest table did the same.
    for viewport in ({"width": 390, "height": 844}, {"width": 1280, "height": 900}):
        page = sized_page(viewport, census_and_declared)
        page.goto("/officials/")
        fits_its_width(page, f"the dashboard at {viewport['width']} px")
        region = page.get_by_role("region", name="Couverture par département")
        shadows = region.evaluate("(e) => getComputedStyle(e).backgroundImage")
        assert shadows.count("radial-gradient") == 2, "no scroll shadows"
        header = region.locator("tbody th", has_text="Maine-et-Loire")
        edge = "(e) => getComputedStyle(e, '::after').opacity"  # the first column's shadow
        if viewport["width"] > 500:
            assert region.evaluate("(e) => e.scrollWidth <= e.clientWidth")  # nothing to scroll
            assert header.evaluate(edge) == "0", "a shadow beside a table that does not scroll"
            continue
        assert region.evaluate("(e) => e.scrollWidth > e.clientWidth"), "the table fits: nothing to test"
        # The right edge's shadow shows; the cover that hides it scrolls with the table, to the right of the view.
        region.screenshot(path=ARTIFACTS / "officials-coverage-region-390.png")
        region.evaluate("(e) => { e.scrollLeft = e.scrollWidth; }")
        page.wait_for_timeout(100)
        left = region.evaluate("(e) => e.getBoundingClientRect().left")
        assert abs(header.bounding_box()["x"] - left) < 1, "the first column scrolled out of view"
        expect(header).to_be_visible()
        assert header.evaluate(edge) == "1"
        region.screenshot(path=ARTIFACTS / "officials-coverage-region-scrolled-390.png")


def test_the_epcis_without_a_workshop_lead_to_the_whole_table(sized_page, census_and_declared):
    page = sized_page({"width": 1280, "height": 900}, census_and_declared)
    page.goto("/officials/")
    table = page.locator("#coverage-epci")
    expect(table).to_be_hidden()  # in its closed <details>
    page.locator('a[href="#coverage-epci"]').click()
    expect(table).to_be_visible()  # the browser opens it to show the target
    assert page.locator("#coverage-epci tbody tr").count() > 20  # every EPCI, where the list names 20
