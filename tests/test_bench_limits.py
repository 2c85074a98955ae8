"""The benchmark's limits answer what the endpoints answer (PostgreSQL: they are SQL for it).

A limit that has drifted from its endpoint — a field added to the API and not to the limit —
bounds nothing; the benchmark checks it on every run, and this test checks it on every change.
"""

import datetime

import orjson
import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from bench import scenarios
from bench.limits import RawPostgres
from bench.seed import seed_workshops
from workshops import hours
from workshops.models import Workshop, WorkshopSource

pytestmark = pytest.mark.django_db
BASE_URL = "http://testserver"


@pytest.fixture
def raw():
    if connection.vendor != "postgresql":
        pytest.skip("the limits are hand-written PostgreSQL (earthdistance)")
    seed_workshops(300)
    # One imported, unconfirmed workshop near the point, with everything the API shows of it.
    lat, lon = scenarios.POINT
    imported = Workshop.objects.filter(source="bench").order_by("id").first()
    Workshop.objects.filter(pk=imported.pk).update(
        latitude=lat + 0.001,
        longitude=lon,
        source="cget-2019",
        verified_at=None,
        wheelchair="limited",
        acceslibre_url="https://acceslibre.beta.gouv.fr/app/69-lyon/a/fablab/erp/fablab-lyon/",
        activity_started_on=datetime.date(2014, 3, 1),
    )
    for source, source_id in (("cget-2019", "42"), ("fablabs-io", "fablab-lyon")):
        WorkshopSource.objects.create(
            workshop=imported,
            source=source,
            source_id=source_id,
            source_date=datetime.date(2019, 6, 1),
            last_seen=timezone.now(),
        )
    connection.ensure_connection()
    limits = RawPostgres(connection=connection.connection)
    yield limits
    limits.close()


def same_json(client, url, limit_bytes):
    response = client.get(url)
    assert response.status_code == 200
    answer = orjson.loads(response.content)
    assert answer == orjson.loads(limit_bytes)
    return answer


def test_the_nearby_limit_answers_the_nearby_page(client, raw):
    lat, lon = scenarios.POINT
    url = f"/api/v1/workshops/?lat={lat}&lon={lon}&radius_km=50&page_size=5"
    answer = same_json(client, url, raw.nearest(lat, lon, BASE_URL + url, page_size=5))
    assert answer["count"] > 5 and answer["next"], "the page, the count and the next link are compared"
    imported = answer["results"][0]
    assert [s["source"] for s in imported["provenance"]["sources"]] == ["cget-2019", "fablabs-io"]
    assert imported["wheelchair"] == "limited"


def test_the_nearby_limit_with_a_machine_open_now_answers_that_search(client, raw):
    lat, lon = scenarios.POINT
    laser = scenarios.TYPES[1]
    url = f"/api/v1/workshops/?lat={lat}&lon={lon}&radius_km=50&equipment={laser}&open_now=true&page_size=5"
    with time_machine.travel(scenarios.FROZEN_NOW, tick=False):
        pairs = scenarios._open_pairs()
        answer = same_json(
            client, url, raw.nearest(lat, lon, BASE_URL + url, page_size=5, types=[laser], open_pairs=pairs)
        )
    assert answer["count"] > 0
    assert all(laser in [m["type"] for m in w["equipment"]] and w["open_now"] for w in answer["results"])


def test_the_filtered_list_limit_answers_the_filtered_list(client, raw):
    query = "region=84&equipment=imprimante-3d-fdm&equipment=decoupeuse-laser-co2&open_now=true&page_size=50"
    url = f"/api/v1/workshops/?{query}"
    with time_machine.travel(scenarios.FROZEN_NOW, tick=False):
        expressions = set(Workshop.objects.exclude(opening_hours="").values_list("opening_hours", flat=True))
        open_expressions = [e for e in expressions if hours.is_open(e, "84")]
        answer = same_json(client, url, raw.filtered_page("84", scenarios.TYPES, open_expressions, BASE_URL + url))
    assert answer["count"] > 0


def test_the_detail_and_map_layer_limits_answer_their_endpoints(client, raw):
    slug = Workshop.objects.get(source="cget-2019").slug
    same_json(client, f"/api/v1/workshops/{slug}/", raw.detail(slug, BASE_URL))
    layer = same_json(client, "/api/v1/workshops/geojson/", raw.geojson(BASE_URL))
    assert len(layer["features"]) == Workshop.objects.published().count()
