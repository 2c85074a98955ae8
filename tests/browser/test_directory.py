"""The public directory in a real browser: map, popups, search near a place, filters, i18n, a11y."""

import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from accounts.models import Preferences
from territories.models import Commune
from tests.browser.conftest import axe_violations, fits_its_width, screenshot
from tests.factories import UserFactory
from workshops.generation import bump_generation
from workshops.models import Workshop

WAIT_MAP = "#map[data-loaded='1']"


def located_count():
    return Workshop.objects.published().located().count()


def a_workshop_with_equipment_and_hours():
    return (
        Workshop.objects.published()
        .exclude(opening_hours="")
        .filter(equipment__isnull=False)
        .select_related("commune")
        .order_by("slug")
        .first()
    )


def zoom_on_brittany(page):
    """Zoom where the demo data has several single workshops, and wait until the cluster layer has
    put its markers back (markercluster re-renders them after a zoom: a click on one that is then
    replaced opens nothing)."""
    page.evaluate(
        """() => new Promise((resolve) => {
            const {map, cluster} = window.AFNMap;
            cluster.once("animationend", resolve);
            setTimeout(resolve, 3000);
            map.setView([48.11, -1.68], 14, {animate: false});
        })"""
    )


def click_a_single_marker(page, from_the_keyboard=False):
    """Click (or focus and press Enter on) the first single workshop's marker until its popup opens,
    and return the marker's name.

    markercluster may still replace a marker under the pointer after a zoom settles (a moveend
    re-renders the visible ones): the click then lands on nothing, and a user would click again.
    """
    marker = page.locator(".leaflet-marker-icon:not(.marker-cluster)").first
    for _ in range(5):
        expect(marker).to_be_visible()
        name = marker.get_attribute("alt")
        if from_the_keyboard:
            marker.focus()
            page.keyboard.press("Enter")
        else:
            marker.click()
        try:
            page.wait_for_selector(".leaflet-popup-content", state="visible", timeout=2000)
        except PlaywrightTimeout:
            continue
        return name
    pytest.fail("no marker's popup opened after five clicks")


def test_the_home_map_shows_clusters_and_markers_and_a_popup_on_click(page, demo_data):
    page.goto("/")
    page.wait_for_selector(WAIT_MAP)
    expect(page.locator("#map")).to_have_attribute("data-markers", str(located_count()))
    clusters = page.locator(".marker-cluster")
    expect(clusters.first).to_be_visible()
    screenshot(page, "home-1280")
    zoom_on_brittany(page)
    name = click_a_single_marker(page)
    popup = page.locator(".leaflet-popup-content")
    expect(popup).to_contain_text(name)
    expect(popup.locator("a.popup-more")).to_have_attribute("href", re.compile(r"/workshops/[\w-]+/$"))
    expect(popup.locator(".popup-archetype")).not_to_be_empty()
    expect(page.locator(".leaflet-popup")).to_have_css("opacity", "1")
    screenshot(page, "home-popup-1280")


def test_the_maps_controls_are_named_in_the_pages_language(page, demo_data):
    # Leaflet names its zoom buttons and a popup's close button in English, and a cluster's icon
    # by its number alone: a screen reader said "Zoom in", "12", "Close popup" on French pages.
    page.goto("/")
    page.wait_for_selector(WAIT_MAP)
    expect(page.get_by_role("button", name="Zoom avant")).to_be_visible()
    expect(page.get_by_role("button", name="Zoom arrière")).to_be_visible()
    expect(page.get_by_role("button", name="Zoom in", exact=True)).to_have_count(0)
    # Number and name read from one element at once: the map may recluster between two reads.
    count, label = page.locator(".marker-cluster").first.evaluate(
        "icon => [icon.innerText.trim(), icon.getAttribute('aria-label')]"
    )
    assert label == f"{count} ateliers ici : zoomez pour les voir"
    zoom_on_brittany(page)
    click_a_single_marker(page)
    expect(page.get_by_role("button", name="Fermer cette fenêtre")).to_be_visible()

    page.context.add_cookies([{"name": "django_language", "value": "en", "url": page.url}])  # in English
    page.goto("/workshops/")
    page.wait_for_selector(WAIT_MAP)
    expect(page.get_by_role("button", name="Zoom in", exact=True)).to_be_visible()
    label = page.locator(".marker-cluster").first.get_attribute("aria-label")
    assert label.endswith("workshops here: zoom in to see them"), label


def test_overseas_workshops_have_their_own_insets_under_the_national_map(page, demo_data):
    overseas = {
        "971": "Guadeloupe",
        "972": "Martinique",
        "973": "Guyane",
        "974": "La Réunion",
        "976": "Mayotte",
    }
    counts = {
        name: Workshop.objects.published().located().filter(department_id=code).count()
        for code, name in overseas.items()
    }
    assert sum(counts.values()) > 0  # the demo directory has overseas workshops
    page.goto("/")
    page.wait_for_selector(WAIT_MAP)
    for name, count in counts.items():
        button = page.get_by_role("button", name=f"Voir {name} sur la carte ({count})")
        if count:
            expect(button).to_be_visible()
        else:
            expect(button).to_be_hidden()
    screenshot(page, "home-insets-1280")
    name = next(name for name, count in counts.items() if count)
    page.get_by_role("button", name=re.compile(f"Voir {name} sur la carte")).click()
    center = page.evaluate("window.AFNMap.map.getCenter().lat")
    assert center < 20  # the large map moved to the tropics


def test_a_marker_opens_its_popup_from_the_keyboard(page, demo_data):
    page.goto("/")
    page.wait_for_selector(WAIT_MAP)
    zoom_on_brittany(page)
    name = click_a_single_marker(page, from_the_keyboard=True)
    expect(page.locator(".leaflet-popup-content")).to_contain_text(name)


def _km(distance: str) -> float:
    """A card's distance as it reads ("· moins de 100 m", "· 400 m", "· 2,5 km"), in km."""
    text = distance.replace("·", "").strip()
    if text == "moins de 100 m":
        return 0.0
    number, unit = re.fullmatch(r"(?:environ )?([\d,]+) (k?m)", text).groups()
    value = float(number.replace(",", "."))
    return value if unit == "km" else value / 1000


def test_searching_a_postal_code_lists_the_nearest_workshops_by_distance(page, demo_data):
    assert Commune.objects.get(code="35238").latitude is not None  # Rennes, placed by the demo data
    page.goto("/")
    page.fill("#id_place", "35000")
    page.click(".search-form button[type=submit]")
    page.wait_for_url(re.compile(r"/workshops/\?place=35000"))
    expect(page.locator(".results-near")).to_contain_text("Rennes (35)")
    distances = [_km(text) for text in page.locator(".card .distance").all_inner_texts()]
    assert distances and distances == sorted(distances)
    page.wait_for_selector(WAIT_MAP)
    expect(page.locator("#map")).to_have_attribute("data-markers", str(len(distances)))
    screenshot(page, "list-near-rennes-1280")


def test_the_place_box_suggests_communes_as_the_search_understands_them(page, demo_data):
    # The suggestions were a <datalist>, which the browser filters by the typed text: "st gregoire"
    # offered nothing though the server had found Saint-Grégoire (as "besancon", Besançon).
    page.goto("/")
    box = page.get_by_role("combobox", name="Près d’un lieu")
    box.press_sequentially("st gregoire", delay=20)
    listbox = page.get_by_role("listbox", name="Communes suggérées")
    expect(listbox).to_be_visible()
    first = listbox.get_by_role("option").first
    expect(first).to_contain_text("Saint-Grégoire (35)")
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#place-status")).to_contain_text("communes suggérées")
    assert axe_violations(page) == []
    box.press("ArrowDown")
    expect(first).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", first.get_attribute("id"))
    box.press("Enter")  # chooses the commune
    expect(listbox).to_be_hidden()
    expect(box).to_have_value("Saint-Grégoire (35)")
    box.press("Enter")  # searches around it
    page.wait_for_url(re.compile(r"/workshops/\?place=Saint-Gr"))
    expect(page.locator(".results-near")).to_contain_text("Saint-Grégoire (35)")

    # On the list, Escape closes the suggestions, and a click chooses one.
    box = page.get_by_role("combobox", name="Près d’un lieu")
    box.fill("")
    box.press_sequentially("besancon", delay=20)
    expect(listbox.get_by_role("option").first).to_contain_text("Besançon (25)")
    box.press("Escape")
    expect(listbox).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")
    box.press_sequentially(" ", delay=20)  # typing again asks again
    listbox.get_by_role("option", name=re.compile("Besançon")).first.click()
    expect(box).to_have_value("Besançon (25)")
    expect(box).to_be_focused()


def test_an_equipment_filter_reduces_both_the_list_and_the_map(page, demo_data):
    page.goto("/workshops/")
    page.wait_for_selector(WAIT_MAP)
    total = located_count()
    expect(page.locator("#map")).to_have_attribute("data-markers", str(total))
    slug = "decoupeuse-laser-co2"
    expected = Workshop.objects.published().with_equipment(slug)
    assert 0 < expected.count() < Workshop.objects.published().count()
    page.locator("summary", has_text="Découpe et gravure laser").click()
    page.check(f"#equipment-{slug}")
    expect(page.locator(".results-count")).to_contain_text(f"{expected.count()} atelier")
    expect(page.locator("#map")).to_have_attribute("data-markers", str(expected.located().count()))
    assert f"equipment={slug}" in page.url
    shown = set(page.locator(".card h3 a").all_inner_texts())
    assert shown <= set(expected.values_list("name", flat=True))
    screenshot(page, "list-laser-1280")


def test_the_filters_work_without_javascript(browser, live_server, demo_data):
    context = browser.new_context(java_script_enabled=False, locale="fr-FR", base_url=live_server.url)
    page = context.new_page()
    page.goto("/workshops/")
    page.locator("summary", has_text="Découpe et gravure laser").click()
    page.check("#equipment-decoupeuse-laser-co2")
    page.click("#filters button[type=submit]")
    expected = Workshop.objects.published().with_equipment("decoupeuse-laser-co2").count()
    expect(page.locator(".results-count")).to_contain_text(f"{expected} atelier")
    context.close()


def test_the_workshop_page_shows_its_equipment_and_opening_hours(page, demo_data):
    workshop = a_workshop_with_equipment_and_hours()
    page.goto(workshop.get_absolute_url())
    expect(page.locator("h1")).to_have_text(workshop.name)
    expect(page.locator("ul.equipment li").first).to_be_visible()
    expect(page.locator("table.hours tr")).to_have_count(7)
    expect(page.locator(".opening-status")).to_contain_text(re.compile("Ouvert|Fermé"))
    page.wait_for_selector(".leaflet-marker-icon")
    screenshot(page, "workshop-1280")


def test_the_english_switch_translates_the_page(page, demo_data):
    page.goto("/workshops/")
    expect(page.locator("h1")).to_have_text("Trouver un atelier")
    page.select_option("#language-select", "en")
    page.click("form.language button")
    expect(page.locator("h1")).to_have_text("Find a workshop")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#filters")).to_contain_text("Open now")


@pytest.mark.parametrize("which", ["home", "list", "homonyms", "place-not-found", "workshop"])
def test_no_serious_accessibility_violation(page, demo_data, which):
    url = {
        "home": "/",
        "list": "/workshops/?equipment=imprimante-3d-fdm",
        "homonyms": "/workshops/?place=st+denis",
        "place-not-found": "/workshops/?place=Plouescta",
    }.get(which)
    page.goto(url or a_workshop_with_equipment_and_hours().get_absolute_url())
    if which != "workshop":
        page.wait_for_selector(WAIT_MAP)
    assert axe_violations(page) == []


@pytest.mark.parametrize("which", ["home", "list", "homonyms", "workshop"])
def test_the_pages_fit_a_360_px_phone(phone_page, demo_data, which):
    url = {"home": "/", "list": "/workshops/?place=Rennes", "homonyms": "/workshops/?place=29600"}.get(which)
    phone_page.goto(url or a_workshop_with_equipment_and_hours().get_absolute_url())
    phone_page.wait_for_selector("#map")
    fits_its_width(phone_page)
    screenshot(phone_page, f"{which}-360")


def test_a_signed_in_persons_switch_also_sets_the_language_of_their_emails(sized_page, demo_data):
    person = UserFactory(username="bilingue")
    page = sized_page({"width": 1280, "height": 900}, user=person)
    page.goto("/accounts/")
    page.select_option("#language-select", "en")
    page.click("form.language button")
    expect(page.locator("h1")).to_have_text("My account")
    expect(page.get_by_label("Language of our e-mails")).to_have_value("en")
    assert Preferences.objects.get(user=person).language == "en"


def test_a_popup_says_an_archetype_inferred_from_open_data_is_provisional(page, demo_data):
    Workshop.objects.update(archetype=3, archetype_override=None, archetype_provisional=True)
    bump_generation()  # an update sends no signal
    page.goto("/")
    page.wait_for_selector(WAIT_MAP)
    zoom_on_brittany(page)
    click_a_single_marker(page)
    expect(page.locator(".leaflet-popup-content .popup-archetype")).to_have_text("Fablabs génériques (provisoire)")
