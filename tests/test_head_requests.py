"""HEAD is GET without the body (RFC 9110 §9.3.2): monitors, link checkers and caches ask it.

Every page of the site is asked both ways, by an anonymous visitor and by a signed-in manager:
the same status, the same caching headers, no body.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.factories import MembershipFactory, WorkshopFactory

pytestmark = pytest.mark.django_db

# The addresses with a parameter, filled in for the workshop the tests make.
WITH_A_WORKSHOP = [
    "/workshops/fablab-head/",
    "/workshops/fablab-head/survey/",
    "/workshops/fablab-head/report/",
    "/manage/fablab-head/edit/",
    "/manage/fablab-head/equipment/",
    "/manage/fablab-head/photos/",
    "/manage/fablab-head/history/",
    "/manage/fablab-head/results/",
    "/manage/fablab-head/questionnaire/",
    "/embed/?region=52",
    "/open-data/?territory=region-52",
    "/workshops/?region=52",
    "/places/suggest/?q=Nantes",
]
# Addresses that answer POST only (their own 405 page) or are not pages.
NOT_PAGES = ("/admin/", "/api/", "/i18n/", "/accounts/logout/", "/accounts/token/")


def pages_without_parameters(resolver=None, prefix=""):
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        if "<" in route or route.startswith("^"):
            continue
        if isinstance(entry, URLResolver):
            yield from pages_without_parameters(entry, route)
        elif isinstance(entry, URLPattern) and not ("/" + route).startswith(NOT_PAGES):
            yield "/" + route


def test_the_list_of_pages_is_the_site():
    pages = set(pages_without_parameters())
    assert {"/", "/workshops/", "/open-data/", "/manage/", "/officials/", "/accounts/login/", "/about/"} <= pages


@pytest.fixture
def workshop():
    return WorkshopFactory(slug="fablab-head", name="Fablab HEAD")


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "manager"])
def test_every_page_answers_head_as_it_answers_get(client, workshop, signed_in):
    if signed_in:
        client.force_login(MembershipFactory(workshop=workshop).user)
    for url in sorted(set(pages_without_parameters())) + WITH_A_WORKSHOP:
        got = client.get(url)
        head = client.head(url)
        assert head.status_code == got.status_code, f"HEAD {url}: {head.status_code}, GET {got.status_code}"
        assert head.content == b"", url
        for header in ("Cache-Control", "Content-Type", "Location", "ETag"):
            assert head.get(header) == got.get(header), f"HEAD {url}: {header}"
