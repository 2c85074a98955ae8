"""The workshop page's "why this archetype", as a visitor sees it."""

import pytest

from tests.browser.conftest import screenshot
from workshops.models import Workshop

pytestmark = pytest.mark.browser


def test_it_explains_the_archetype_and_shows_an_override(page, demo_data):
    workshop = Workshop.objects.filter(archetype=4).order_by("pk").first()
    Workshop.objects.filter(pk=workshop.pk).update(
        archetype_override=5, archetype_override_reason="Une filiale de l’université, qui facture aux entreprises"
    )
    page.goto(workshop.get_absolute_url())
    section = page.locator("section[aria-labelledby='archetype-title']")
    section.scroll_into_view_if_needed()
    assert "Archétype 5 : Bureaux d’étude et ateliers de prototypage professionnels" in section.inner_text()
    assert "Le classement automatique donnait l’archétype 4" in section.inner_text()
    # The classifier's findings are folded under their summary; opening it shows them.
    findings = section.locator("summary", has_text="Ce qu’a trouvé le classement automatique")
    assert findings.is_visible()
    findings.click()
    assert section.locator(".archetype-details[open]").is_visible()
    screenshot(page, "archetype-why")
