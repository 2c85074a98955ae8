"""Landmarks (axe-core's landmark-unique): no two of a page's landmarks share a role and a name."""

import html
import re

import pytest

from tests.factories import WorkshopFactory

pytestmark = pytest.mark.django_db

IMPLICIT_ROLES = {"section": "region", "nav": "navigation", "aside": "complementary", "form": "form"}
NAMED_ROLES = ("region", "navigation", "complementary", "search", "form")


def landmarks(body):
    """(role, accessible name) of the page's named landmarks, in order, as axe-core reads them."""
    found = []
    for tag, attributes in re.findall(r"<(section|nav|aside|form|div|ul)\b([^>]*)>", body):
        attribute = dict(re.findall(r'([\w-]+)="([^"]*)"', attributes))
        role = attribute.get("role") or IMPLICIT_ROLES.get(tag)
        name = attribute.get("aria-label")
        if "aria-labelledby" in attribute:
            label = re.search(rf'id="{attribute["aria-labelledby"]}"[^>]*>(.*?)</', body, re.S)
            name = re.sub(r"<[^>]+>", "", label.group(1)).strip()
        if role in NAMED_ROLES and name:
            found.append((role, html.unescape(name)))
    return found


def test_the_home_pages_landmarks_are_each_named_apart(client):
    WorkshopFactory()
    found = landmarks(client.get("/").content.decode())
    assert ("region", "Carte des ateliers") in found
    assert len(found) == len(set(found)), found


def test_the_finder_counts_a_repeated_landmark():
    body = '<section aria-labelledby="t"><h2 id="t">Carte</h2><div role="region" aria-label="Carte"></div></section>'
    assert landmarks(body) == [("region", "Carte"), ("region", "Carte")]
