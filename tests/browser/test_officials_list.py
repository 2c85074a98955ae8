"""The officials' list in a real browser: its filter form at a desk's width and a phone's."""

from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, fits_its_width, screenshot
from tests.browser.test_officials import WORDS_CUT_IN_ROW_HEADERS, census_and_declared  # noqa: F401 (a fixture)


def test_an_official_narrows_the_list_with_its_form(sized_page, census_and_declared):  # noqa: F811
    for viewport in ({"width": 1280, "height": 900}, {"width": 390, "height": 844}):
        page = sized_page(viewport, census_and_declared)
        page.goto("/officials/workshops/")
        expect(page.locator("table.list tbody tr")).to_have_count(2)
        page.locator("details.list-filters summary").click()
        form = page.locator("form[role=search]")
        page.get_by_label("Territoire").select_option("department:49")
        page.get_by_label("Ouvert au public").select_option("provisional")
        fits_its_width(page, f"the list's open form at {viewport['width']} px")
        assert axe_violations(page) == []
        screenshot(page, f"officials-list-form-{viewport['width']}")
        form.locator("button[type=submit]").click()
        page.wait_for_url("**/officials/workshops/?*territory=department%3A49*public=provisional*")
        rows = page.locator("table.list tbody tr")
        expect(rows).to_have_count(1)
        assert "Fablab d'Angers" in rows.inner_text() and "(provisoire)" in rows.inner_text()
        # The form says what it was given; the files carry it.
        page.locator("details.list-filters summary").click()
        expect(page.get_by_label("Ouvert au public")).to_have_value("provisional")
        assert page.locator(".export-buttons a").count() == 5
        assert "public=provisional" in page.locator(".export-buttons a").first.get_attribute("href")
        fits_its_width(page, f"the filtered list at {viewport['width']} px")
        assert page.evaluate(WORDS_CUT_IN_ROW_HEADERS) == [], "a word of the list is cut"
        assert axe_violations(page) == []
