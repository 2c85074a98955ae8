"""Journeys a person finishes, at 1280 and 390 px with axe: a citizen on a phone, a manager who
confirms right after an edit, an official who asks for access."""

import re

from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from moderation.models import AccessRequest, ModerationDecision
from officials.models import OfficialScope
from tests.browser.conftest import axe_violations, fits_its_width, login, screenshot
from tests.factories import MembershipFactory, UserFactory
from workshops.editing import save_profile
from workshops.models import Workshop

User = get_user_model()
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
LONG_WEBSITE = "https://www.fablab-de-la-communaute-de-communes-du-pays.fr/nous-trouver/horaires-et-acces"


def within_first_screen(page, selector):
    box = page.locator(selector).first.bounding_box()
    return box is not None and box["y"] + box["height"] <= page.viewport_size["height"]


def test_a_citizen_on_a_phone_sees_hours_address_and_results_first(sized_page, demo_data):
    workshop = (
        Workshop.objects.published().exclude(opening_hours="").exclude(street="").filter(equipment__isnull=False)
    ).order_by("slug")[0]
    for viewport in (PHONE, DESKTOP):
        page = sized_page(viewport)
        page.goto(workshop.get_absolute_url())
        page.wait_for_selector("#map[data-loaded='1'], #map.leaflet-container")
        assert within_first_screen(page, ".opening-status")
        assert within_first_screen(page, ".essential-address address")
        assert within_first_screen(page, "a:has-text('Itinéraire')")
        body = page.locator("main").inner_text()
        assert "points" not in body and "Confiance" not in body
        assert axe_violations(page) == []
        screenshot(page, f"journey-citizen-workshop-{viewport['width']}")

        page.goto("/workshops/?equipment=decoupeuse-laser-co2&equipment=graveur-laser-diode")
        page.wait_for_selector("#map[data-loaded='1']")
        union = Workshop.objects.published().with_any_equipment(types=["decoupeuse-laser-co2", "graveur-laser-diode"])
        expect(page.locator("#results-title")).to_contain_text(f"{union.count()} atelier")
        assert within_first_screen(page, "#results-title")
        assert within_first_screen(page, "#results .card h3")
        assert axe_violations(page) == []
        screenshot(page, f"journey-citizen-list-{viewport['width']}")

    # On the phone, the filters wait behind their button, which counts them.
    toggle = page.get_by_role("button", name="Filtres (2)")
    expect(toggle).to_be_hidden()  # the desktop page shows them all
    phone = sized_page(PHONE)
    phone.goto("/workshops/?equipment=decoupeuse-laser-co2&equipment=graveur-laser-diode")
    toggle = phone.get_by_role("button", name="Filtres (2)")
    expect(phone.locator("#filters")).to_be_hidden()
    toggle.click()
    expect(phone.locator("#filters")).to_be_visible()
    phone.locator("#filters summary", has_text="Impression 3D").click()
    phone.get_by_label("Toute machine : Impression 3D").check()
    expect(phone.get_by_role("button", name="Filtres (3)")).to_be_visible()
    expect(phone).to_have_url(re.compile(r"equipment_category=3d_printing"))
    assert axe_violations(phone) == []
    screenshot(phone, "journey-citizen-list-filters-open-390")


def test_a_manager_edits_then_confirms_and_keeps_the_edit(sized_page, live_server, demo_data):
    workshop = Workshop.objects.published().order_by("slug")[0]
    manager = UserFactory(username="gerante", email="gerante@example.org")
    MembershipFactory(user=manager, workshop=workshop)
    save_profile(workshop, {"website": LONG_WEBSITE}, expected_version=workshop.version, user=manager)
    for viewport, phone_number in ((PHONE, "02 40 11 22 33"), (DESKTOP, "02 40 44 55 66")):
        page = sized_page(viewport)
        login(page, live_server, manager)
        page.goto(f"/manage/{workshop.slug}/edit/")
        page.locator("#id_phone").fill(phone_number)
        page.get_by_role("button", name="Mes informations sont toujours exactes").click()
        expect(
            page.get_by_text("Vos modifications sont enregistrées et la fiche est marquée comme à jour.")
        ).to_be_visible()
        workshop.refresh_from_db()
        assert workshop.phone == phone_number
        assert workshop.verified_at is not None
        assert page.locator("#id_phone").input_value() == phone_number
        assert axe_violations(page) == []
        screenshot(page, f"journey-manager-confirmed-{viewport['width']}")
        page.goto(f"/manage/{workshop.slug}/edit/access/")
        fits_its_width(page, "the hours step")
        assert axe_violations(page) == []
        screenshot(page, f"journey-manager-hours-{viewport['width']}")
        page.goto("/manage/")
        expect(page.get_by_role("link", name=workshop.name)).to_be_visible()
        fits_its_width(page, "the manager's workshops")
        assert axe_violations(page) == []
        screenshot(page, f"journey-manager-dashboard-{viewport['width']}")
        page.goto(f"/manage/{workshop.slug}/history/")
        expect(page.get_by_role("cell", name=LONG_WEBSITE)).to_be_visible()
        fits_its_width(page, "the history")
        assert axe_violations(page) == []


def test_an_official_without_a_scope_asks_for_one_and_staff_grant_it(sized_page, live_server, demo_data):
    official = UserFactory(username="agent", email="agent@paysdelaloire.fr")
    for viewport in (PHONE, DESKTOP):
        page = sized_page(viewport)
        login(page, live_server, official)
        response = page.goto("/officials/")
        assert response.status == 403
        expect(page.get_by_role("heading", name="Accès réservé")).to_be_visible()
        assert axe_violations(page) == []
        screenshot(page, f"journey-official-403-{viewport['width']}")
        page.get_by_role("link", name="Demander un accès").click()
        page.get_by_label("Région").select_option(label="Pays de la Loire")
        page.get_by_label("Votre organisme et votre fonction").fill("Région Pays de la Loire, chargée de mission")
        assert axe_violations(page) == []
        page.get_by_role("button", name=re.compile("Envoyer ma demande|Mettre à jour ma demande")).click()
        expect(page.get_by_text("Votre demande est envoyée.")).to_be_visible()
        screenshot(page, f"journey-official-asked-{viewport['width']}")
    assert AccessRequest.objects.filter(user=official).count() == 1

    staff = sized_page(DESKTOP)
    login(staff, live_server, UserFactory(username="moderatrice", is_staff=True))
    staff.goto("/moderation/")
    request = staff.locator("article.queue-item", has_text="agent@paysdelaloire.fr")
    request.get_by_label("Accorder l’accès").check()
    request.get_by_role("button", name="Décider").click()
    expect(staff.get_by_text("Accès accordé à agent@paysdelaloire.fr.")).to_be_visible()
    assert OfficialScope.objects.get(user=official).region.code == "52"
    moderator = User.objects.get(username="moderatrice")
    ModerationDecision.objects.create(
        subject=ModerationDecision.Subject.DUPLICATE,
        action=ModerationDecision.Action.MERGE,
        workshop_name="Fablab de la Communauté de communes du Pays de Landerneau-Daoulas",
        reason="Même adresse, même site web : fiche importée deux fois (CGET 2019 et saisie du gestionnaire).",
        moderator=moderator,
    )
    staff_phone = sized_page(PHONE)
    login(staff_phone, live_server, moderator)
    staff_phone.goto("/moderation/log/")
    expect(staff_phone.get_by_role("cell", name="Fusionner deux ateliers")).to_be_attached()
    fits_its_width(staff_phone, "the log of decisions")
    assert axe_violations(staff_phone) == []
    screenshot(staff_phone, "journey-moderation-log-390")

    page = sized_page(PHONE)
    login(page, live_server, official)
    page.goto("/officials/")
    expect(page.get_by_role("link", name="Mon territoire")).to_be_visible()
    fits_its_width(page, "the dashboard")
    screenshot(page, "journey-official-dashboard-390")
