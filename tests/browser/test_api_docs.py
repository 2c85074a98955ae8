"""The API's interactive documentation (Swagger UI) is usable without a mouse and readable, at a
desk and on a phone: the page names its language, each operation's button holds no other control,
the dialogs' buttons are named by what they show, and the badges and buttons are readable."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, fits_its_width, screenshot

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, {"width": 390, "height": 844}])
def test_the_api_documentation_passes_axe_as_it_is_used(sized_page, viewport, demo_data):
    page = sized_page(viewport)
    page.goto("/api/docs/")
    assert page.locator("html").get_attribute("lang") == "en"
    page.wait_for_selector(".opblock", timeout=60000)
    # Open three operations, try the first one out, then the authorizations' dialog.
    for index in range(3):
        page.locator(".opblock-summary-control").nth(index).click()
    page.locator("button.try-out__btn").first.click()
    page.locator("button.execute").first.click()
    page.locator(".responses-wrapper .live-responses-table").first.wait_for()
    assert page.locator(".opblock-summary-control a[href]").count() == 0, "a link inside an operation's button"
    page.locator("button.authorize").first.click()
    dialog = page.locator(".modal-ux")
    expect(dialog.locator(".close-modal")).to_have_attribute("aria-label", "Close")
    expect(dialog.get_by_role("button", name="Authorize", exact=True).first).to_be_visible()
    screenshot(page, f"api-docs-{viewport['width']}")
    fits_its_width(page, f"the API documentation at {viewport['width']} px")
    assert axe_violations(page) == []


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, {"width": 390, "height": 844}])
def test_the_browsable_api_passes_axe_in_french_and_english(sized_page, viewport, demo_data):
    page = sized_page(viewport)
    for language, more in (("fr", "Autres pages"), ("en", "More pages")):
        if language == "en":  # as the language switcher leaves it
            page.context.add_cookies([{"name": "django_language", "value": "en", "url": page.url}])
        page.goto("/api/v1/workshops/?page_size=2&page=10", wait_until="networkidle")  # pages on both sides
        assert page.locator("html").get_attribute("lang") == language
        expect(page.get_by_role("link", name=more).first).to_be_attached()
        assert axe_violations(page) == [], language
    screenshot(page, f"browsable-api-{viewport['width']}")
