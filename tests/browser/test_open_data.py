from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, fits_its_width, screenshot


def test_the_open_data_page_lists_every_file_without_serious_accessibility_violation(page, demo_data):
    page.goto("/open-data/")
    assert page.locator("table.open-data tbody tr").count() == 5
    page.locator("#dictionary-okw summary").click()
    assert page.locator("#dictionary-okw table").is_visible()
    screenshot(page, "open-data-1280")
    assert axe_violations(page) == []


def test_the_open_data_page_fits_a_phone(phone_page, demo_data):
    phone_page.goto("/open-data/")
    fits_its_width(phone_page)
    # On a phone each cell is labelled by its column, in French typography (a space before ":").
    label = phone_page.evaluate(
        "getComputedStyle(document.querySelector('.open-data td[data-label]'), '::before').content"
    )
    assert label == '"Mis à jour le\u00a0: "'
    screenshot(phone_page, "open-data-360")
    assert axe_violations(phone_page) == []


def test_anyone_gets_and_copies_the_code_of_a_territorys_map(page, demo_data):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto("/open-data/")
    page.get_by_label("Région ou département").select_option(label="Ille-et-Vilaine (35)")
    page.get_by_role("button", name="Obtenir le code").click()

    preview = page.locator(".embed-preview iframe")
    preview.scroll_into_view_if_needed()
    heading = page.frame_locator(".embed-preview iframe").get_by_role("heading", level=1)
    expect(heading).to_have_text("Ateliers de fabrication numérique : Ille-et-Vilaine")
    page.get_by_role("button", name="Copier le code").click()
    expect(page.locator(".copy [role=status]")).to_have_text("Code copié : collez-le dans votre page.")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.locator("#embed-snippet").input_value()
    assert copied.startswith('<iframe src="http') and '/embed/?department=35" title="' in copied
    screenshot(page, "open-data-embed-1280")
    assert axe_violations(page) == []


def test_the_code_of_a_map_fits_a_phone(phone_page, demo_data):
    phone_page.goto("/open-data/?territory=region-53#embed")
    expect(phone_page.get_by_role("button", name="Copier le code")).to_be_visible()
    fits_its_width(phone_page)
    screenshot(phone_page, "open-data-embed-360")
    assert axe_violations(phone_page) == []
