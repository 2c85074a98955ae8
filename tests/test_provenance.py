"""Provenance on a workshop's page and in the API: source, date, not confirmed, possibly outdated, closed."""

from pathlib import Path

import pytest
from django.utils import timezone, translation

from workshops.importers import fablabs
from workshops.models import Workshop

from .factories import WorkshopFactory

pytestmark = pytest.mark.django_db
PAYLOAD = Path(__file__).parent / "importers" / "data" / "fablabs_labs.json"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def imported():
    fablabs.import_file(PAYLOAD)
    return {w.sources.get().source_id: w for w in Workshop.objects.all()}


def test_an_imported_workshops_page_names_its_source_and_date_and_says_it_is_unconfirmed(client, imported):
    page = client.get(imported["1873"].get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "fablabs.io, as of June 2025" in page
    assert "not confirmed by its manager" in page
    assert "may be outdated" not in page
    assert "?kind=closed" in page


def test_an_old_record_is_shown_as_possibly_outdated_and_a_closed_one_with_its_date(client, imported):
    page = client.get(imported["911"].get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "may be outdated" in page
    assert "This workshop closed in December 2016." in page


def test_the_api_gives_the_provenance(client, imported):
    body = client.get(f"/api/v1/workshops/{imported['911'].slug}/").json()

    assert body["provenance"] == {
        "sources": [{"source": "fablabs-io", "name": "fablabs.io", "date": "2017-01-10"}],
        "confirmed_by_manager": False,
        "possibly_outdated": True,
    }
    assert (body["activity_status"], body["activity_closed_on"]) == ("closed", "2016-12-31")


def test_a_confirmed_profile_is_no_longer_outdated(client, imported):
    Workshop.objects.filter(pk=imported["911"].pk).update(verified_at=timezone.now())

    body = client.get(f"/api/v1/workshops/{imported['911'].slug}/").json()

    assert body["provenance"]["confirmed_by_manager"] and not body["provenance"]["possibly_outdated"]


def test_a_workshop_registered_by_its_managers_has_no_source(client):
    workshop = WorkshopFactory(status="published")

    body = client.get(f"/api/v1/workshops/{workshop.slug}/").json()
    page = client.get(workshop.get_absolute_url()).content.decode()

    assert body["provenance"]["sources"] == []
    assert "provenance-title" not in page


def test_closed_workshops_are_off_the_map_unless_asked_for(client, imported):
    default = {f["properties"]["slug"] for f in client.get("/api/v1/workshops/geojson/").json()["features"]}
    everything = {
        f["properties"]["slug"] for f in client.get("/api/v1/workshops/geojson/?closed=true").json()["features"]
    }

    assert imported["911"].slug not in default
    assert imported["911"].slug in everything and imported["1873"].slug in default


def test_report_it_closed_opens_the_form_with_closed_chosen(client, imported):
    import re

    page = client.get(f"/workshops/{imported['1873'].slug}/report/?kind=closed").content.decode()

    [closed] = re.findall(r"<input[^>]*value=\"closed\"[^>]*>", page)
    assert "checked" in closed


def test_the_list_leaves_closed_workshops_out_when_asked(client, imported):
    every = {w["slug"] for w in client.get("/api/v1/workshops/").json()["results"]}
    open_ones = {w["slug"] for w in client.get("/api/v1/workshops/?closed=false").json()["results"]}

    assert imported["911"].slug in every and imported["911"].slug not in open_ones
