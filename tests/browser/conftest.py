"""Browser tests: Playwright driving Debian's Chromium against the live test server.

Outside CI they skip, saying why, when Chromium is not installed; in CI (CI=true) a missing
browser is a failure, never a skip.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from territories.models import Region
from workshops.models import EquipmentType
from workshops.taxonomy import load_equipment_types

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"
AXE_JS = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"

# Django's live server runs in a thread of this process, outside any async loop Playwright starts.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium_path():
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        if os.environ.get("CI") == "true":
            pytest.fail("Chromium is not installed: .ci/run installs Debian's chromium package.")
        pytest.skip("Chromium is not installed (apt-get install chromium); browser tests need it.")
    return path


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser, live_server):
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, locale="fr-FR", base_url=live_server.url, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def session_cookie(live_server, user) -> dict:
    """The cookie of a session where `user` is signed in (no login form to go through)."""
    client = Client()
    client.force_login(user)
    return {"name": settings.SESSION_COOKIE_NAME, "value": client.session.session_key, "url": live_server.url}


def login(page, live_server, user):
    page.context.add_cookies([session_cookie(live_server, user)])


@pytest.fixture
def sized_page(browser, live_server):
    """A page opener at a given viewport (a phone is mobile and touch), logged in as `user` if given."""
    contexts = []

    def open_page(viewport, user=None):
        phone = viewport["width"] < 500
        context = browser.new_context(
            viewport=viewport, locale="fr-FR", base_url=live_server.url, is_mobile=phone, has_touch=phone
        )
        contexts.append(context)
        if user is not None:
            context.add_cookies([session_cookie(live_server, user)])
        page = context.new_page()
        page.set_default_timeout(15000)
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def demo_data(transactional_db):
    """Territories, taxonomy and demo workshops in the live server's database.

    Transactional tests flush every table afterwards, migration data included: reload it all.
    """
    if not Region.objects.exists():
        call_command("load_territories", verbosity=0)
    load_equipment_types(EquipmentType)
    call_command("seed_demo", workshops=40, verbosity=0)


def fits_its_width(page, what="the page"):
    """The page is no wider than its viewport: nothing makes it scroll sideways."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{what} is {width} px wide"


def loaded_width(image):
    """The natural width of an <img> once it has loaded, 0 if it failed (CSP, type, 404): asked when
    it is visible, it may still be loading."""
    return image.evaluate(
        """image => image.complete ? image.naturalWidth : new Promise((resolve) => {
            image.addEventListener("load", () => resolve(image.naturalWidth));
            image.addEventListener("error", () => resolve(0));
        })"""
    )


def screenshot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def axe_violations(page, impacts=("serious", "critical")):
    """axe-core's violations of the given impacts on the current page (WCAG 2.1 A/AA rules)."""
    # Evaluated through the DevTools protocol, not as a <script> tag: the page's
    # Content-Security-Policy forbids inline scripts, and rightly so.
    page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"][:5]]}
        for v in result["violations"]
        if v["impact"] in impacts
    ]
