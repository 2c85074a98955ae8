"""The API's JSON is written by orjson (afn_directory/renderers.py) and reads as DRF's own."""

import datetime
import decimal
import uuid

import pytest
from django.utils.translation import gettext_lazy, override
from rest_framework import renderers as drf

from afn_directory.renderers import JSONRenderer

PAYLOAD = {
    "name": "Fablab d’Évry — «atelier»",
    "separators": "a\u2028b\u2029c",
    "verified_at": datetime.datetime(2026, 3, 3, 10, 0, 0, 123456, tzinfo=datetime.UTC),
    "paris": datetime.datetime(2026, 3, 3, 11, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=1))),
    "day": datetime.date(2026, 3, 3),
    "opens": datetime.time(9, 30, 0, 250000),
    "budget": decimal.Decimal("1500.50"),
    "label": gettext_lazy("Search"),
    "id": uuid.UUID("12345678-1234-5678-1234-567812345678"),
    "distance_km": 12.34,
    "count": 3,
    "nothing": None,
    "flags": [True, False],
    "nested": [{"osm": "Mo-Fr 09:00-18:00", "weekly": None}],
    7: "a key that is not a string",
}


def test_it_writes_the_same_bytes_as_drfs_renderer():
    with override("fr"):
        ours, drfs = JSONRenderer().render(PAYLOAD), drf.JSONRenderer().render(PAYLOAD)
    assert ours == drfs
    assert b"\\u2028" in ours and "Évry".encode() in ours  # UTF-8, line separators escaped
    assert b'"2026-03-03T10:00:00.123456Z"' in ours  # DRF's dates: Z for UTC (orjson would write +00:00)


def test_indented_json_is_drfs():
    media_type = "application/json; indent=4"
    assert JSONRenderer().render(PAYLOAD, media_type) == drf.JSONRenderer().render(PAYLOAD, media_type)


def test_no_data_is_an_empty_body():
    assert JSONRenderer().render(None) == b""


@pytest.mark.django_db
def test_the_api_answers_with_it(client):
    response = client.get("/api/v1/archetypes/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response.content == drf.JSONRenderer().render(response.json())
