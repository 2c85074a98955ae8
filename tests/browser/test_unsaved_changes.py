"""Leaving a management form or a questionnaire with unsaved edits: the browser asks first."""

from django.core.management import call_command

from tests.factories import MembershipFactory
from workshops.models import Workshop


def _dialogs(page, answer):
    """Record the dialogs the page opens, answering each with `answer` ("accept" or "dismiss")."""
    seen = []

    def handle(dialog):
        seen.append(dialog.type)
        getattr(dialog, answer)()

    page.on("dialog", handle)
    return seen


def test_a_tab_does_not_drop_what_the_manager_typed(sized_page, demo_data):
    membership = MembershipFactory()
    slug = membership.workshop.slug
    page = sized_page({"width": 1280, "height": 900}, user=membership.user)
    page.goto(f"/manage/{slug}/edit/")
    seen = _dialogs(page, "dismiss")
    page.get_by_label("Nom", exact=False).first.click()
    page.keyboard.type(" Bis")
    page.get_by_role("link", name="Adresse et carte").click()
    page.wait_for_timeout(300)
    assert seen == ["beforeunload"], "the browser asks before leaving"
    assert page.url.endswith(f"/manage/{slug}/edit/"), "staying, as asked"
    assert page.get_by_label("Nom", exact=False).first.input_value().endswith(" Bis")


def test_saving_or_leaving_untouched_asks_nothing(sized_page, demo_data):
    membership = MembershipFactory()
    slug = membership.workshop.slug
    page = sized_page({"width": 390, "height": 844}, user=membership.user)
    seen = _dialogs(page, "accept")
    page.goto(f"/manage/{slug}/edit/")
    page.get_by_role("link", name="Adresse et carte").click()
    page.wait_for_url(f"**/manage/{slug}/edit/address/")
    page.goto(f"/manage/{slug}/edit/")
    page.get_by_label("Nom", exact=False).first.click()
    page.keyboard.type(" Bis")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Adresse et carte").click()
    page.wait_for_url(f"**/manage/{slug}/edit/address/")
    assert seen == []
    membership.workshop.refresh_from_db()
    assert membership.workshop.name.endswith(" Bis")


def test_a_moved_pin_is_not_dropped_either(sized_page, demo_data):
    membership = MembershipFactory()
    slug = membership.workshop.slug
    page = sized_page({"width": 1280, "height": 900}, user=membership.user)
    page.goto(f"/manage/{slug}/edit/address/")
    seen = _dialogs(page, "dismiss")
    page.locator("#location-map").click(position={"x": 120, "y": 90})
    page.get_by_role("link", name="Accès et horaires").click()
    page.wait_for_timeout(300)
    assert seen == ["beforeunload"]
    assert page.url.endswith(f"/manage/{slug}/edit/address/")


def test_a_half_answered_questionnaire_is_not_dropped_by_a_link(page, demo_data):
    call_command("load_questionnaires", verbosity=0)
    workshop = Workshop.objects.published().order_by("pk").first()
    page.goto(f"/workshops/{workshop.slug}/survey/")
    seen = _dialogs(page, "dismiss")
    page.locator("#survey-show-all").click()
    page.locator("#question-age_band label").first.click()
    page.locator("a.brand").click()
    page.wait_for_timeout(300)
    assert seen == ["beforeunload"]
    assert page.url.endswith(f"/workshops/{workshop.slug}/survey/")
