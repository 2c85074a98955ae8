"""A user answers on a 360 px phone (a show-if question stays hidden); the manager sees it counted."""

import re

from django.conf import settings
from django.core.management import call_command
from django.test import Client
from playwright.sync_api import expect

from surveys.models import Response
from tests.browser.conftest import axe_violations, loaded_width, screenshot
from tests.factories import MembershipFactory, UserFactory, UserResponseFactory
from workshops.models import Workshop


def login(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": client.session.session_key, "url": live_server.url}]
    )


def test_a_user_answers_on_a_phone_and_the_manager_sees_it_counted(phone_page, live_server, demo_data):
    call_command("load_questionnaires", verbosity=0)
    workshop = Workshop.objects.published().order_by("pk").first()
    UserResponseFactory.create_batch(4, workshop=workshop)  # the fifth response makes results visible
    page = phone_page
    csp_errors = []
    page.on("console", lambda m: csp_errors.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(f"/workshops/{workshop.slug}/survey/")
    assert page.get_by_text("Étape 1 sur 4").is_visible()
    assert axe_violations(page) == []

    page.get_by_role("button", name="Suivant").click()  # without consent: refused, said clearly
    assert page.get_by_text("Merci d’accepter le traitement de vos réponses").first.is_visible()
    page.get_by_label("J’accepte que mes réponses anonymes soient enregistrées").check()
    screenshot(page, "survey-360-consent")
    page.get_by_role("button", name="Suivant").click()

    assert page.get_by_text("Étape 2 sur 4").is_visible()
    page.get_by_label("26 à 35 ans").check()
    stage = page.locator("#question-business_stage")
    page.get_by_label("Indépendant·e ou entrepreneur·e").check()
    assert stage.is_visible()
    page.get_by_label("Salarié·e").check()
    assert stage.is_hidden()  # hidden by its rule: skipped
    page.get_by_role("button", name="Suivant").click()

    page.get_by_label("Chaque semaine").check()
    page.get_by_label("Réparer un objet").check()
    page.get_by_label("Imprimante 3D").check()
    screenshot(page, "survey-360-visits")
    page.get_by_role("button", name="Suivant").click()

    page.get_by_role("button", name="Envoyer mes réponses").click()  # satisfaction is required
    assert page.get_by_text("Cette question est obligatoire.").first.is_visible()
    page.locator("input[name=q_satisfaction][value='5']").check()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "survey-360-last-step")
    page.get_by_role("button", name="Envoyer mes réponses").click()
    page.wait_for_url(f"**/workshops/{workshop.slug}/survey/thanks/")
    assert page.locator("h1").inner_text() == "Merci pour vos réponses"

    stored = Response.objects.filter(workshop=workshop).order_by("-pk").first()
    assert stored.answers == {
        "age_band": "26_35",
        "situation": "employee",
        "frequency": "weekly",
        "reasons": ["repair"],
        "machines": ["printer_3d"],
        "satisfaction": 5,
    }

    manager = MembershipFactory(workshop=workshop, user=UserFactory(username="responsable")).user
    login(page, live_server, manager)
    page.goto("/manage/")  # the manager finds the feedback, and the yearly questionnaire, from their workshops
    page.get_by_role("link", name="Avis des usagers (5)").click()
    assert page.get_by_text("5 réponses à ce jour.").is_visible()
    assert page.locator("#result-satisfaction").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "survey-360-results")
    assert axe_violations(page) == []
    tabs = page.get_by_role("navigation", name="Rubriques de la fiche")
    tabs.get_by_role("link", name="Questionnaire annuel").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Questionnaire annuel des responsables")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert axe_violations(page) == []
    # Sent with answers missing at the start and a wrong number further down: every error at once.
    page.locator("#id-volunteers").fill("abc")
    page.locator("#survey-submit").click()
    expect(page.locator("#question-volunteers")).to_have_class(re.compile(r"\bsq-invalid\b"))
    steps_in_error = page.locator(".survey-step:has(.sq-invalid)").count()
    assert steps_in_error >= 2  # the required answers missing first, and the number further down
    assert "questionnaire" in page.url  # nothing sent
    assert csp_errors == []


def test_the_poster_prints_alone_with_a_readable_qr_code(sized_page, demo_data):
    workshop = Workshop.objects.published().order_by("pk").first()
    manager = MembershipFactory(workshop=workshop, user=UserFactory(username="affiche")).user
    page = sized_page({"width": 1280, "height": 900}, user=manager)
    page.goto(f"/manage/{workshop.slug}/results/")
    page.get_by_role("link", name="une affiche à imprimer, avec son QR code").click()
    code = page.get_by_role("img", name="QR code du questionnaire")
    expect(code).to_be_visible()
    assert loaded_width(code) > 0, "the code loads (CSP, type)"
    assert axe_violations(page) == []

    page.emulate_media(media="print")

    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.get_by_text("Imprimez cette page")).to_be_hidden()
    expect(page.get_by_role("heading", name="Votre avis compte")).to_be_visible()
    assert code.bounding_box()["width"] > 300, "large enough to scan from a wall"
    screenshot(page, "survey-poster-print")


def test_none_with_a_machine_is_refused_before_sending(page, demo_data):
    call_command("load_questionnaires", verbosity=0)
    workshop = Workshop.objects.published().order_by("pk").first()
    page.goto(f"/workshops/{workshop.slug}/survey/")
    posts = []
    page.on("request", lambda request: posts.append(request.url) if request.method == "POST" else None)
    page.locator("#survey-show-all").click()
    machines = page.locator("#question-machines")
    machines.locator("input[value=none]").check()
    machines.locator("input[value=laser]").check()
    page.locator("#survey-submit").click()
    expect(machines).to_have_class(re.compile(r"\bsq-invalid\b"))
    # The message names the answer and the question (English until the French catalogue has it).
    expect(machines.locator(".sq-error")).to_contain_text("Aucune")
    expect(machines.locator(".sq-error")).to_contain_text("Quelles machines utilisez-vous ?")
    assert posts == [], "refused in the browser, before sending"
