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
