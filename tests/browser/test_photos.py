"""A manager adds a photo in a real browser; the workshop's page shows it, described, at 1280 and 390 px."""

from io import BytesIO

from PIL import Image
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, fits_its_width, loaded_width, login, screenshot
from tests.factories import MembershipFactory, WorkshopFactory
from workshops.models import Photo


def a_photo(tmp_path):
    path = tmp_path / "atelier.jpg"
    image = Image.new("RGB", (1200, 900), (40, 90, 160))
    image.paste((230, 120, 30), (300, 200, 900, 700))
    out = BytesIO()
    image.save(out, "JPEG")
    path.write_bytes(out.getvalue())
    return path


def test_a_manager_adds_a_photo_and_citizens_see_it_described(page, live_server, demo_data, settings, tmp_path):
    settings.SERVE_MEDIA = True  # the live server plays nginx's part
    workshop = WorkshopFactory(slug="fablab-en-images", name="Fablab en images")
    login(page, live_server, MembershipFactory(workshop=workshop).user)

    page.goto(f"/manage/{workshop.slug}/photos/")
    page.get_by_role("button", name="Ajouter la photo").click()  # nothing filled in
    errors = page.get_by_role("alert")
    expect(errors).to_contain_text("Photo — Ce champ est obligatoire.")
    expect(errors).to_contain_text("Ce que montre la photo — Ce champ est obligatoire.")

    page.locator("#id_file").set_input_files(a_photo(tmp_path))
    page.get_by_label("Ce que montre la photo").fill("La grande salle et ses deux imprimantes 3D")
    page.get_by_label("Crédit").fill("Camille Martin")
    page.get_by_label("Je peux publier cette photo").check()
    page.get_by_role("button", name="Ajouter la photo").click()
    expect(page.get_by_text("La photo est ajoutée.")).to_be_visible()
    expect(page.get_by_role("heading", name="1 photo affichée")).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "manage-photos-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    fits_its_width(page, "the photos page at 390 px")
    screenshot(page, "manage-photos-390")

    page.context.clear_cookies()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"/workshops/{workshop.slug}/")
    photo = page.get_by_role("img", name="La grande salle et ses deux imprimantes 3D")
    expect(photo).to_be_visible()
    assert loaded_width(photo) > 0  # served
    kept = Photo.objects.get(workshop=workshop)
    assert photo.evaluate("img => img.currentSrc").endswith(f"/media/{kept.image.name}")  # the large one here
    expect(page.get_by_text("Photo : Camille Martin")).to_be_visible()
    assert axe_violations(page) == []
    screenshot(page, "detail-photo-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    fits_its_width(page, "a workshop's page with a photo at 390 px")
    assert photo.evaluate("img => img.getBoundingClientRect().width") <= 390
    page.reload()  # a phone's screen: the 480-pixel one is enough
    assert loaded_width(photo) > 0
    assert photo.evaluate("img => img.currentSrc").endswith(f"/media/{kept.thumbnail.name}")
    screenshot(page, "detail-photo-390")

    # In the list, its card opens with the small photo, edge to edge, the cards aligned.
    page.goto(f"/workshops/?q={workshop.name}")
    card = page.locator("article.card", has=page.get_by_role("link", name=workshop.name))
    thumbnail = card.locator("img.card-photo")
    thumbnail.scroll_into_view_if_needed()
    assert loaded_width(thumbnail) == 480
    box, inside = card.bounding_box(), thumbnail.bounding_box()
    assert abs(inside["width"] - box["width"]) <= 2 and abs(inside["height"] - box["width"] * 2 / 3) <= 2
    fits_its_width(page, "the list with a photo at 390 px")
    assert axe_violations(page) == []
    screenshot(page, "list-photo-390")
