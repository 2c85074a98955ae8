"""EXPLAIN ANALYZE of the nearby, filtered-list and open-now queries, on the benchmark database:
the pages as the API asks them (the columns it shows, with their communes joined).

DATABASE_URL=postgres://postgres@127.0.0.1:5432/afn_bench_perf python -m bench.plans [--generic]

With --generic, each query also as PostgreSQL plans it for any parameters (a generic plan): the
plan a prepared query of the application (settings: DB_PREPARE_THRESHOLD) keeps after five runs
when PostgreSQL finds it no costlier than the plans made for each run's values.
"""

import os
import re
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "afn_directory.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only")

import django  # noqa: E402

django.setup()

import psycopg  # noqa: E402
import time_machine  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import QueryDict  # noqa: E402

from bench.scenarios import FROZEN_NOW, POINT, REGION, TYPES  # noqa: E402
from workshops.api.serializers import listed_rows  # noqa: E402
from workshops.filters import WorkshopFilter  # noqa: E402
from workshops.models import Workshop  # noqa: E402
from workshops.querysets import HOURS_PAIRS_SKIP_SCAN  # noqa: E402

GENERIC = "--generic" in sys.argv


def explain(title, queryset=None, sql=None, params=()):
    sql, params = (sql, params) if sql is not None else queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS OFF) " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    print(f"### {title}\n\n```\n{plan}\n```\n")
    if GENERIC and params:
        print(f"### {title} — generic plan\n\n```\n{generic_plan(sql, params)}\n```\n")


def generic_plan(sql, params) -> str:
    """The plan of `sql` prepared, for any values of its parameters (then run with `params`)."""
    numbers = iter(range(1, len(params) + 1))
    prepared = re.sub(r"(?<!%)%s", lambda _: f"${next(numbers)}", sql).replace("%%", "%")
    connection.ensure_connection()
    with psycopg.ClientCursor(connection.connection) as cursor:
        cursor.execute("SET plan_cache_mode = force_generic_plan")
        cursor.execute("PREPARE bench_plan AS " + prepared)
        try:
            placeholders = ", ".join(["%s"] * len(params))
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS OFF) EXECUTE bench_plan({placeholders})", params)
            return "\n".join(row[0] for row in cursor.fetchall())
        finally:
            cursor.execute("DEALLOCATE bench_plan")
            cursor.execute("RESET plan_cache_mode")


def counted(queryset) -> dict:
    """The SQL of `queryset.count()` and its parameters, as the paginator sends them."""
    sent = []

    def capture(execute, sql, params, many, context):
        sent.append({"sql": sql, "params": params})
        return execute(sql, params, many, context)

    with connection.execute_wrapper(capture):
        queryset.count()
    return sent[-1]


def page(queryset, size):
    return listed_rows(queryset)[:size]


def main():
    lat, lon = POINT
    near = Workshop.objects.published().nearby(lat, lon, 50)
    explain("20 nearest workshops to a point (the GiST index walked in distance order)", page(near, 20))
    explain("Workshops within 50 km: the count of the nearby list (index only)", **counted(near))
    with time_machine.travel(FROZEN_NOW, tick=True):
        query = QueryDict(f"lat={lat}&lon={lon}&radius_km=50&equipment={TYPES[1]}&open_now=true")
        machine_near = WorkshopFilter(query, queryset=Workshop.objects.published()).qs
        explain("20 nearest with a laser cutter, open now (the same walk, filtered)", page(machine_near, 20))
        explain("... its count (index only: the index carries the machine types)", **counted(machine_near))
        query = QueryDict(f"region={REGION}&equipment={TYPES[0]}&equipment={TYPES[1]}&open_now=true")
        filtered = WorkshopFilter(query, queryset=Workshop.objects.published()).qs
        explain("Filtered list: region + any of two machine types + open now (page of 50)", page(filtered, 50))
        explain("Filtered list: its count (index only)", **counted(filtered))
    explain(
        "Open now: the directory's distinct (opening hours, region) pairs, a skip scan of the index",
        sql=HOURS_PAIRS_SKIP_SCAN.format(table=Workshop._meta.db_table),
    )


if __name__ == "__main__":
    main()
