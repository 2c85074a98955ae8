"""The Content-Security-Policy holds in a real browser: no page's own code is blocked by it.

A violation means a feature silently broken in production (an inline script or style, an image
or a request to an origin the policy does not allow).
"""

from django.conf import settings
from django.test import Client

from workshops.models import Membership, Workshop

from ..factories import UserFactory

PUBLIC_PAGES = [
    "/",
    "/workshops/",
    "/workshops/{slug}/",
    "/workshops/{slug}/survey/",
    "/accounts/login/",
    "/accounts/signup/",
    "/embed/?region=52",
    "/api/docs/",
    "/admin/login/",
    "/no-such-page/",
]
MANAGER_PAGES = ["/manage/", "/manage/{slug}/edit/", "/manage/new/"]
# Registered before any page script, through DevTools: the policy does not apply to it.
LISTEN = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || 'inline code'}`
    + ` (${event.sourceFile || ''}:${event.lineNumber || ''})`);
});
"""


def violations_on(page, paths, slug):
    found = []
    for path in paths:
        url = path.format(slug=slug)
        page.goto(url, wait_until="networkidle")
        found += [f"{url}: {violation}" for violation in page.evaluate("window.__cspViolations")]
    return found


def test_no_page_triggers_a_content_security_policy_violation(page, live_server, demo_data):
    workshop = Workshop.objects.published().order_by("slug").first()
    console = []
    page.on(
        "console", lambda message: console.append(message.text) if "Content Security Policy" in message.text else None
    )
    page.add_init_script(LISTEN)
    found = violations_on(page, PUBLIC_PAGES, workshop.slug)

    manager = UserFactory(username="gerante-csp")
    Membership.objects.create(user=manager, workshop=workshop, role=Membership.Role.OWNER)
    client = Client()
    client.force_login(manager)
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": client.session.session_key, "url": live_server.url}]
    )
    found += violations_on(page, MANAGER_PAGES, workshop.slug)

    assert not found, "\n".join(found)
    assert not console, "\n".join(console)
    # The listener works: an image from another origin is blocked (before any request) and reported.
    page.evaluate("document.body.insertAdjacentHTML('beforeend', '<img src=\"https://tiles.invalid/1.png\" alt=\"\">')")
    page.wait_for_function("window.__cspViolations.length > 0")
    assert "img-src" in page.evaluate("window.__cspViolations[0]")
