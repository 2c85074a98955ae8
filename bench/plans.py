"""EXPLAIN ANALYZE of the nearby, filtered-list and open-now queries, on the benchmark database:
the pages as the API asks them (the columns it shows, with their communes joined).

DATABASE_URL=postgres://postgres@127.0.0.1:5432/afn_bench_perf python -m bench.plans
"""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "afn_directory.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only")

import django  # noqa: E402

django.setup()

import time_machine  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import QueryDict  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.scenarios import FROZEN_NOW, POINT, REGION, TYPES  # noqa: E402
from workshops.api.serializers import listed_rows  # noqa: E402
from workshops.filters import WorkshopFilter  # noqa: E402
from workshops.models import Workshop  # noqa: E402
from workshops.querysets import HOURS_PAIRS_SKIP_SCAN  # noqa: E402


def explain(title, queryset=None, sql=None):
    sql, params = (sql, []) if sql is not None else queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS OFF) " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    print(f"### {title}\n\n```\n{plan}\n```\n")


def count_sql(queryset):
    """The SQL of `queryset.count()`, as the paginator sends it."""
    with CaptureQueriesContext(connection) as queries:
        queryset.count()
    return queries.captured_queries[-1]["sql"]


def page(queryset, size):
    return listed_rows(queryset)[:size]


def main():
    lat, lon = POINT
    near = Workshop.objects.published().nearby(lat, lon, 50)
    explain("20 nearest workshops to a point (the GiST index walked in distance order)", page(near, 20))
    explain("Workshops within 50 km: the count of the nearby list (index only)", sql=count_sql(near))
    with time_machine.travel(FROZEN_NOW, tick=True):
        query = QueryDict(f"lat={lat}&lon={lon}&radius_km=50&equipment={TYPES[1]}&open_now=true")
        machine_near = WorkshopFilter(query, queryset=Workshop.objects.published()).qs
        explain("20 nearest with a laser cutter, open now (the same walk, filtered)", page(machine_near, 20))
        explain("... its count (index only: the index carries the machine types)", sql=count_sql(machine_near))
        query = QueryDict(f"region={REGION}&equipment={TYPES[0]}&equipment={TYPES[1]}&open_now=true")
        filtered = WorkshopFilter(query, queryset=Workshop.objects.published()).qs
        explain("Filtered list: region + any of two machine types + open now (page of 50)", page(filtered, 50))
        explain("Filtered list: its count (index only)", sql=count_sql(filtered))
    explain(
        "Open now: the directory's distinct (opening hours, region) pairs, a skip scan of the index",
        sql=HOURS_PAIRS_SKIP_SCAN.format(table=Workshop._meta.db_table),
    )


if __name__ == "__main__":
    main()
