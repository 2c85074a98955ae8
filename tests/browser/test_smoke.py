from tests.browser.conftest import axe_violations, screenshot


def test_the_home_page_lists_workshops_in_a_real_browser(page, demo_data):
    page.goto("/")
    assert page.locator("h1").inner_text() == "Les ateliers de fabrication numérique en France"
    page.wait_for_selector("#map[data-markers='40']")
    screenshot(page, "home-1280")


def test_the_home_page_has_no_serious_accessibility_violation(page, demo_data):
    page.goto("/")
    assert axe_violations(page) == []


def test_the_accessibility_check_catches_a_real_violation(page):
    page.set_content('<html lang="fr"><head><title>t</title></head><body><main><img src="x.png"></main></body></html>')
    assert "image-alt" in {v["id"] for v in axe_violations(page)}
