"""A manager's journeys in a real browser: sign up, register with two machines, get approved;
claim an imported listing, get approved, edit its opening hours. axe checks the forms."""

import json
import re

from playwright.sync_api import expect

from tests.browser.conftest import AXE_JS, screenshot
from tests.browser.conftest import login as signed_in_as
from tests.factories import UserFactory, WorkshopFactory
from workshops.models import Workshop

PASSWORD = "un-mot-de-passe-solide-42"


def axe_violations(page):
    """axe evaluated through DevTools, which the Content-Security-Policy does not block."""
    page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    return [
        (v["id"], v["help"], [n["target"] for n in v["nodes"][:3]])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def login(page, live_server, user):
    page.context.clear_cookies()  # whoever was signed in before
    signed_in_as(page, live_server, user)


def staff_approves(page, live_server, name):
    login(page, live_server, UserFactory(username="moderatrice", is_staff=True))
    page.goto("/moderation/")
    page.get_by_role("link", name=name).click()
    assert axe_violations(page) == []
    page.get_by_label("Accepter").check()
    page.get_by_role("button", name="Décider").click()
    page.wait_for_url("**/moderation/")


def test_sign_up_register_with_two_machines_and_appear_on_the_map_once_approved(
    page, live_server, demo_data, mailoutbox
):
    page.goto("/accounts/signup/")
    assert axe_violations(page) == []
    page.locator("#id_first_name").fill("Camille")
    page.locator("#id_last_name").fill("Durand")
    page.locator("#id_email").fill("camille@example.org")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Créer mon compte").click()
    assert page.get_by_role("heading", name="Consultez votre messagerie").is_visible()

    link = re.search(r"https?://[^/\s]+(/\S+)", mailoutbox[-1].body).group(1)
    page.goto(link)
    page.wait_for_url("**/manage/")
    page.get_by_role("link", name="Inscrire un atelier").first.click()

    assert axe_violations(page) == []
    page.locator("#id_name").fill("La Fabrique du Quai")
    page.locator("#id_carrier_type").select_option("association")
    page.get_by_role("button", name="Enregistrer et continuer").click()

    page.wait_for_url("**/edit/address/")
    page.locator("#id_street").fill("5 quai de la Fosse")
    page.locator("#id_commune_choice").fill("Nant")
    page.get_by_role("option", name=re.compile(r"^Nantes \(44\)")).click()
    assert page.locator("#id_commune_choice").input_value() == "Nantes (44)"
    page.locator("#id_postal_code").fill("44000")
    page.locator("#location-map").click(position={"x": 300, "y": 180})
    marker = page.locator(".leaflet-marker-icon")
    box = marker.bounding_box()
    first_latitude = page.locator("#id_latitude").input_value()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + 60, box["y"] + 40, steps=8)
    page.mouse.up()
    assert page.locator("#id_latitude").input_value() not in ("", first_latitude)
    assert axe_violations(page) == []
    screenshot(page, "manage-address")
    page.get_by_role("button", name="Enregistrer et continuer").click()

    page.wait_for_url("**/edit/access/")
    page.locator("#id_access").select_option("open")
    page.locator("#id_pricing").select_option("free")
    page.get_by_label("Mardi, Horaires d’ouverture, ouvre à").fill("14:00")
    page.get_by_label("Mardi, Horaires d’ouverture, ferme à").fill("19:00")
    page.get_by_label("Samedi, Horaires d’ouverture, ouvre à").fill("10:00")
    page.get_by_label("Samedi, Horaires d’ouverture, ferme à").fill("18:00")
    assert page.locator("[data-hours-raw]").input_value() == "Tu 14:00-19:00; Sa 10:00-18:00"
    assert axe_violations(page) == []
    screenshot(page, "manage-access")
    page.get_by_role("button", name="Enregistrer et continuer").click()

    page.wait_for_url("**/equipment/")
    # Three machines, one card each, without leaving the step.
    machines = [("Découpeuse laser CO₂", "1"), ("Graveur laser à diode", "1"), ("Imprimante 3D à filament (FDM)", "3")]
    for index, (label, quantity) in enumerate(machines):
        page.locator(f"#id_equipment-{index}-type").select_option(label=label)
        page.locator(f"#id_equipment-{index}-quantity").fill(quantity)
        if index < len(machines) - 1:
            with page.expect_navigation():  # the same URL each time: wait for the new page itself
                page.get_by_role("button", name="Ajouter une machine").click()
            assert page.url.endswith("/equipment/?added=1")
            assert page.locator("fieldset.machine-card").count() == index + 2
    assert axe_violations(page) == []
    page.get_by_role("button", name="Enregistrer et continuer").click()

    page.wait_for_url("**/photos/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Continuer sans photo").click()
    page.wait_for_url("**/submit/")
    screenshot(page, "manage-submit-three-machines")
    page.get_by_role("button", name="Soumettre à la modération").click()
    page.wait_for_url("**/manage/")
    workshop = Workshop.objects.get(name="La Fabrique du Quai")
    assert (workshop.status, workshop.equipment.count(), workshop.location_source) == ("pending", 3, "manual")

    staff_approves(page, live_server, "La Fabrique du Quai")
    page.goto("/")
    geojson = json.loads(page.context.request.get("/api/v1/workshops/geojson/").text())
    assert "La Fabrique du Quai" in [f["properties"]["name"] for f in geojson["features"]]
    page.goto(f"/workshops/{workshop.slug}/")
    assert page.get_by_role("heading", name="La Fabrique du Quai").is_visible()


def test_claim_an_imported_workshop_then_edit_its_hours(page, live_server, demo_data):
    imported = WorkshopFactory(name="Atelier Importé", source="cget", source_id="77", opening_hours="Mo 10:00-12:00")
    claimant = UserFactory(username="dominique", email="dominique@example.org")
    login(page, live_server, claimant)
    page.goto(f"/workshops/{imported.slug}/")
    page.get_by_role("link", name="C’est votre atelier ? Gérez-le").click()
    assert axe_violations(page) == []
    page.locator("#id_message").fill("Je coordonne l’atelier depuis 2022.")
    page.get_by_role("button", name="Envoyer ma revendication").click()
    page.wait_for_url("**/manage/")

    login(page, live_server, UserFactory(username="moderateur", is_staff=True))
    page.goto("/moderation/")
    page.get_by_label("Accepter").check()
    page.get_by_role("button", name="Décider").click()
    page.wait_for_url("**/moderation/")

    login(page, live_server, claimant)
    page.goto("/manage/")
    page.get_by_role("link", name="Atelier Importé").click()
    page.get_by_role("link", name="Accès et horaires").click()
    assert page.get_by_label("Lundi, Horaires d’ouverture, ouvre à").input_value() == "10:00"
    # Half a time slot is not sent: it would vanish; the manager is told which and why.
    page.get_by_label("Mercredi, Horaires d’ouverture, ouvre à").fill("14:00")
    page.get_by_label("Vendredi, Deuxième créneau, ferme à").fill("20:00")
    page.get_by_role("button", name="Enregistrer").click()
    problems = page.get_by_role("alert").filter(has_text="Mercredi")
    expect(problems).to_contain_text(
        "Mercredi, Horaires d’ouverture : indiquez aussi l’heure de fermeture, ou effacez l’heure d’ouverture."
    )
    expect(problems).to_contain_text("Vendredi, Deuxième créneau : indiquez aussi l’heure d’ouverture")
    expect(page.get_by_label("Mercredi, Horaires d’ouverture, ferme à")).to_be_focused()
    expect(page.get_by_label("Mercredi, Horaires d’ouverture, ferme à")).to_have_attribute("aria-invalid", "true")
    assert page.get_by_label("Mercredi, Horaires d’ouverture, ouvre à").input_value() == "14:00"  # kept
    imported.refresh_from_db()
    assert imported.opening_hours == "Mo 10:00-12:00"  # nothing sent
    assert axe_violations(page) == []
    page.get_by_label("Vendredi, Deuxième créneau, ferme à").fill("")
    page.get_by_label("Mercredi, Horaires d’ouverture, ferme à").fill("18:30")
    expect(problems).to_have_count(0)  # cleared as it is corrected
    page.get_by_role("button", name="Enregistrer").click()
    assert page.get_by_text("Vos modifications sont enregistrées.").is_visible()
    imported.refresh_from_db()
    assert imported.opening_hours == "Mo 10:00-12:00; We 14:00-18:30"
    page.goto(f"/workshops/{imported.slug}/")
    screenshot(page, "manage-claimed-public")
    assert page.get_by_text("18:30").first.is_visible()
