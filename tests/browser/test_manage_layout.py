"""The manager pages' layout: long names wrap on a phone, checkboxes sit beside their labels."""

import pytest

from tests.browser.conftest import fits_its_width
from tests.factories import MembershipFactory, UserFactory
from workshops.editing import save_profile

LONG = "Anne" + "a" * 146


@pytest.mark.parametrize("section", ["managers", "history"])
def test_a_very_long_name_wraps_at_390_px(sized_page, demo_data, section):
    membership = MembershipFactory(user=UserFactory(first_name=LONG, last_name=LONG))
    workshop = membership.workshop
    save_profile(workshop, {"opening_hours": "Sa 10:00-12:00"}, expected_version=1, user=membership.user)
    page = sized_page({"width": 390, "height": 844}, user=membership.user)
    page.goto(f"/manage/{workshop.slug}/{section}/")
    assert page.get_by_text(LONG[:40]).first.is_visible()
    fits_its_width(page, f"the {section} page at 390 px")


def test_the_public_holidays_checkbox_sits_beside_its_label(sized_page, demo_data):
    membership = MembershipFactory()
    page = sized_page({"width": 1280, "height": 900}, user=membership.user)
    page.goto(f"/manage/{membership.workshop.slug}/edit/access/")
    box = page.locator("#hours-holidays-off").bounding_box()
    label = page.locator("label[for=hours-holidays-off]").bounding_box()
    assert label["x"] > box["x"] + box["width"], "the label follows the box on its line"
    assert label["y"] < box["y"] + box["height"] and box["y"] < label["y"] + label["height"], "same line"


def test_the_admin_page_of_a_workshop_with_machines_fits_the_screen(sized_page, demo_data):
    # Its machines' table (nine columns, a notes box) made the whole page 2,222 px wide at 1280.
    from tests.factories import EquipmentFactory, WorkshopFactory

    workshop = WorkshopFactory()
    for _ in range(3):
        EquipmentFactory(workshop=workshop, notes="Réglages et consignes détaillés " * 4, work_area="600 × 400 mm")
    page = sized_page({"width": 1280, "height": 900}, user=UserFactory(is_staff=True, is_superuser=True))
    page.goto(f"/admin/workshops/workshop/{workshop.pk}/change/")
    table = page.locator(".inline-group .tabular table").first
    assert table.is_visible()
    fits_its_width(page, "the admin page of a workshop")
