"""The benchmark's DRF baseline answers what the application answers, without an N+1.

"× faster than DRF" means something only if the baseline is the idiomatic DRF path done with
care: the same JSON, its relations prefetched. A query per workshop in the baseline (its
sources were read one workshop at a time until 2026-12-04) makes the application look faster
than it is.
"""

import datetime

import orjson
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bench.seed import seed_workshops
from workshops.models import Workshop, WorkshopSource

pytestmark = [pytest.mark.django_db, pytest.mark.urls("bench.urls")]


@pytest.fixture
def seeded():
    seed_workshops(60)
    for workshop in Workshop.objects.filter(source="bench").order_by("name", "id")[:3]:
        WorkshopSource.objects.create(
            workshop=workshop,
            source="cget-2019",
            source_id=str(workshop.pk),
            source_date=None if workshop.pk % 2 else datetime.date(2019, 6, 1),
            last_seen=timezone.now(),
        )


def _baseline(client, query):
    response = client.get(f"/baseline/workshops/?{query}")
    assert response.status_code == 200, response.content
    return orjson.loads(response.content.replace(b"/baseline/", b"/api/v1/"))


@pytest.mark.parametrize(
    "query", ["page_size=20", "page_size=50&equipment=decoupeuse-laser-co2", "near&radius_km=50&page_size=20"]
)
def test_the_baseline_answers_the_same_json_as_the_api(client, seeded, query):
    near = Workshop.objects.filter(source="bench").order_by("id").first()
    query = query.replace("near", f"lat={near.latitude}&lon={near.longitude}")
    application = client.get(f"/api/v1/workshops/?{query}")
    assert application.status_code == 200
    answer = orjson.loads(application.content)
    assert answer["results"], "nothing compared"
    assert _baseline(client, query) == answer


def test_the_baseline_reads_a_page_in_the_same_queries_whatever_its_size(client, seeded):
    _baseline(client, "page_size=1")  # what each process reads once (names of regions, opening hours)
    counts = []
    for size in (5, 40):
        with CaptureQueriesContext(connection) as queries:
            assert len(_baseline(client, f"page_size={size}")["results"]) == size
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
