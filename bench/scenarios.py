"""The measured operations. Each takes a Context and yields Figures (or raises Unavailable)."""

import io
import itertools
import subprocess
import sys
import tracemalloc
from dataclasses import dataclass
from pathlib import Path

import orjson
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from bench.timing import Figure, figure
from workshops import hours
from workshops.models import Workshop

# A Tuesday afternoon in Paris: most workshops are open, so "open now" filters something real.
FROZEN_NOW = "2026-11-24 15:00:00+01:00"
POINT = (45.7640, 4.8357)  # Lyon
REGION = "84"
TYPES = ["imprimante-3d-fdm", "decoupeuse-laser-co2"]


class Unavailable(Exception):
    pass


@dataclass
class Context:
    client: object
    raw: object
    backend: str
    size: int
    runs: int
    tmp: Path
    cache: object
    shared_data: Path


def _get(context, url):
    response = context.client.get(url)
    if response.status_code == 404:
        raise Unavailable(f"{url} answered 404")
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    return b"".join(response.streaming_content) if response.streaming else response.content


def geojson(context):
    url = "/api/v1/workshops/geojson/"
    _get(context, url)
    limit = context.raw.geojson if context.raw else None

    def cold():
        context.cache.clear()
        _get(context, url)

    yield figure("geojson (cold cache)", context.backend, context.size, cold, context.runs, limit)
    yield figure("geojson (warm cache)", context.backend, context.size, lambda: _get(context, url), context.runs, limit)


def nearest(context):
    lat, lon = POINT

    def django_query():
        rows = list(Workshop.objects.published().nearby(lat, lon, 50).values("slug", "name", "distance_km")[:20])
        return orjson.dumps(rows)

    limit = (lambda: context.raw.nearest(lat, lon)) if context.raw else None
    yield figure("20 nearest (queryset)", context.backend, context.size, django_query, context.runs, limit)
    url = f"/api/v1/workshops/?lat={lat}&lon={lon}&radius_km=50&page_size=20"
    _get(context, url)
    yield figure("20 nearest (API)", context.backend, context.size, lambda: _get(context, url), context.runs, limit)


def filtered_list(context):
    query = f"region={REGION}&equipment={TYPES[0]}&equipment={TYPES[1]}&open_now=true&page_size=50"
    url = f"/api/v1/workshops/?{query}"
    with time_machine.travel(FROZEN_NOW, tick=True):
        _get(context, url)
        limit = None
        if context.raw:
            expressions = list(
                Workshop.objects.exclude(opening_hours="").order_by().values_list("opening_hours", flat=True).distinct()
            )

            def limit():
                open_expressions = [e for e in expressions if hours.is_open(e, REGION)]
                return context.raw.filtered_page(REGION, TYPES, open_expressions)

        def cold():
            # As after any change to the directory: no remembered count, no cached hours.
            context.cache.clear()
            _get(context, url)

        yield figure("filtered list API (cold cache)", context.backend, context.size, cold, context.runs, limit)
        yield figure(
            "filtered list API (page of 50)",
            context.backend,
            context.size,
            lambda: _get(context, url),
            context.runs,
            limit,
        )


def detail(context):
    slug = Workshop.objects.filter(source="bench").order_by("id").values_list("slug", flat=True)[context.size // 2]
    url = f"/api/v1/workshops/{slug}/"
    _get(context, url)
    limit = (lambda: context.raw.detail(slug)) if context.raw else None
    yield figure("workshop detail API", context.backend, context.size, lambda: _get(context, url), context.runs, limit)


def _export(fmt, path):
    try:
        call_command("export_workshops", "--format", fmt, "-o", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    except CommandError as exc:
        raise Unavailable(f"export_workshops: {exc}") from exc
    except KeyError as exc:  # unknown command
        raise Unavailable("export_workshops is not available") from exc


def _peak_memory_mb(fn):
    tracemalloc.start()
    try:
        fn()
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return round(peak / 1e6, 1)


def _peak_rss_growth_mb(fmt, path):
    """The export in a process of its own (bench/rss_probe.py): its peak resident memory growth."""
    if not Path("/proc/self/status").exists():
        return None
    result = subprocess.run(
        [sys.executable, "-m", "bench.rss_probe", fmt, str(path)],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    return float(result.stdout.split()[-1])


def csv_export(context):
    path = context.tmp / "export.csv"
    runs = max(3, context.runs // 5)
    peak = _peak_memory_mb(lambda: _export("csv", path))
    peak_rss = _peak_rss_growth_mb("csv", path)
    limit = (lambda: context.raw.csv_export(context.tmp / "limit.csv")) if context.raw else None
    yield figure(
        "CSV export",
        context.backend,
        context.size,
        lambda: _export("csv", path),
        runs,
        limit,
        extra={"peak_python_memory_mb": peak, "peak_rss_growth_mb": peak_rss, "bytes": path.stat().st_size},
    )


def xlsx_export(context):
    path = context.tmp / "export.xlsx"
    _export("xlsx", path)
    yield figure(
        "XLSX export",
        context.backend,
        context.size,
        lambda: _export("xlsx", path),
        3,
        extra={"bytes": path.stat().st_size},
    )


def cget_import(context):
    source = context.shared_data / "cget_tiers_lieux_2019.csv"
    if not source.exists():
        raise Unavailable(f"{source} is absent")

    def run():
        try:
            call_command("import_workshops", "--format", "cget-csv", str(source), "--include-all", stdout=io.StringIO())
        except KeyError as exc:
            raise Unavailable("import_workshops is not available") from exc

    p50_first = None
    from bench.timing import measure

    p50_first, _ = measure(run, runs=1, warmup=0)
    p50_again, p95_again = measure(run, runs=3, warmup=0)
    yield Figure(
        "CGET import (first, --include-all)", context.backend, context.size, round(p50_first, 1), round(p50_first, 1), 1
    )
    yield Figure(
        "CGET re-import (idempotent)", context.backend, context.size, round(p50_again, 1), round(p95_again, 1), 3
    )


def survey_aggregates(context):
    """A region's survey results (per question) and its summary by archetype."""
    try:
        from bench.seed import seed_user_responses
        from surveys import analytics
    except ImportError as exc:
        raise Unavailable(f"surveys: {exc}") from exc
    from surveys.models import Response

    target = 200_000 if context.size >= 100_000 else 20_000
    missing = target - Response.objects.count()
    if missing > 0:
        seed_user_responses(missing, seed=missing)
    responses = Response.objects.count()
    region = Workshop.objects.in_region(REGION)

    def app():
        # What the officials' dashboard computes: per-question results and the summary by archetype.
        analytics.territory_survey(region.published(), by="archetype")

    limit = (lambda: context.raw.survey_aggregates(REGION)) if context.raw else None
    in_region = Response.objects.filter(workshop__region_id=REGION).count()
    yield figure(
        "survey aggregates of a region",
        context.backend,
        context.size,
        app,
        max(3, context.runs // 3),
        limit,
        extra={"responses": responses, "responses_in_region": in_region},
    )


def _typed_places(count=300):
    """What citizens type, spread over the whole COG: the start of a commune's name (with and
    without its accents and hyphens, "st" for saint), or of a postal code."""
    from territories.models import Commune, PostalCode

    names = list(Commune.objects.order_by("code").values_list("name", flat=True))
    codes = list(PostalCode.objects.order_by("code").values_list("code", flat=True).distinct())
    step_names, step_codes = max(1, len(names) // count), max(1, len(codes) // (count // 3))
    typed = []
    for index, name in enumerate(names[::step_names]):
        length = 3 + index % 6
        plain = name.replace("-", " ").replace("Saint ", "st ")
        typed.append((name if index % 2 else plain.lower())[:length])
    typed += [code[: 2 + index % 4] for index, code in enumerate(codes[::step_codes])]
    return typed


def place_suggestions(context):
    """/places/suggest/?q= for what people type, over the whole COG (no workshop involved)."""
    typed = _typed_places()
    if not typed:
        raise Unavailable("no commune loaded")
    queries = itertools.cycle(typed)

    def suggest():
        _get(context, f"/places/suggest/?q={next(queries)}")

    yield figure(
        "place suggestions (whole COG)",
        context.backend,
        context.size,
        suggest,
        max(len(typed) // 2, context.runs * 5),
        extra={"distinct_queries": len(typed)},
    )


def for_size(size):
    """Which operations run at which size (sizes grow: 10,000 → 20,000 → 100,000)."""
    scenarios = [geojson, nearest, filtered_list, detail, survey_aggregates]
    if size == 20000:
        scenarios = [xlsx_export]
    if size >= 100000:
        scenarios = [geojson, nearest, filtered_list, detail, csv_export, survey_aggregates]
    if size == 10000:
        scenarios = [*scenarios, cget_import, place_suggestions]
    return scenarios
