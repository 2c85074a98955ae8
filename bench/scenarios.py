"""The measured operations. Each takes a Context and yields Figures (or raises Unavailable)."""

import io
import itertools
import subprocess
import sys
import tracemalloc
from dataclasses import dataclass
from pathlib import Path

import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from bench.timing import Figure, figure
from workshops import hours
from workshops.generation import GENERATION_KEY, bump_generation
from workshops.http_cache import kept_body_key
from workshops.models import Workshop
from workshops.querysets import hours_pairs

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
    redis: object = None  # a redis-py client on the cache's database, when the cache is Redis


BASE_URL = "http://testserver"


def _get(context, url, **headers):
    response = context.client.get(url, **headers)
    if response.status_code == 404:
        raise Unavailable(f"{url} answered 404")
    if response.status_code not in (200, 304):
        raise RuntimeError(f"{url} answered {response.status_code}")
    return b"".join(response.streaming_content) if response.streaming else response.content


def _baseline(context, url):
    """The DRF baseline's answer, its own path and links written as the application's."""
    path = url.replace("/api/v1/", "/baseline/")
    return lambda: _get(context, path).replace(b"/baseline/", b"/api/v1/")


def _read_after(context, url, before):
    """The read of `url`, measured once `before()` has set the state it is measured in."""

    def run():
        return _get(context, url)

    run.before = before
    return run


def _cold(context, url):
    """The read as nobody asked it since the directory last changed: the cache emptied (its
    answer, its count), the directory's generation kept — a new search point, a new filter.
    Emptied before the clock starts."""

    def empty_the_cache():
        kept = context.cache.get(GENERATION_KEY)
        context.cache.clear()
        if kept is not None:
            context.cache.set(GENERATION_KEY, kept, timeout=None)

    return _read_after(context, url, empty_the_cache)


def _after_a_change(context, url):
    """The first read after a change to the directory: a new generation, the cache emptied, so
    that each process also finds again which opening hours exist and which are open now."""

    def change():
        context.cache.clear()
        bump_generation()

    return _read_after(context, url, change)


def _raw_cached(context, key, part=None):
    """The warm limit: the cached bytes, read from Redis by hand (no Django)."""
    import pickle

    raw_key = context.cache.make_key(key)

    def run():
        value = pickle.loads(context.redis.get(raw_key))
        return value if part is None else value[part]

    return run


def _kept_body(context, url):
    """The warm limit of an API read whose answer the application keeps (`public_api(keep_body=True)`):
    the kept (content type, bytes) read from Redis by hand, under the ETag the application gave."""
    if context.redis is None:
        return None
    etag = context.client.get(url)["ETag"]
    return _raw_cached(context, kept_body_key(etag), part=1)


def geojson(context):
    url = "/api/v1/workshops/geojson/"
    # The DRF baseline of 100,000 features takes seconds a run.
    runs = context.runs if context.size < 100_000 else max(5, context.runs // 3)
    limit = (lambda: context.raw.geojson(BASE_URL)) if context.raw else None
    baseline = _baseline(context, url)
    yield figure("geojson (cold)", context.backend, context.size, _cold(context, url), runs, limit, None, baseline)

    def warm():
        return _get(context, url)

    # Kept for CACHE_SECONDS (60): the DRF baseline runs between, 20 s a run at 100,000, so each
    # warm call, the application's and its limit's, is preceded (untimed) by a read that keeps the
    # layer there. Until 2026-12-07 the third run found it gone: the application's "warm" read
    # built it again, and the limit failed.
    warm.before = warm
    warm()
    warm_limit = None
    if context.redis is not None:
        from workshops import geojson as layer
        from workshops.api.filters import WorkshopAPIFilter

        query = [(name, []) for name in WorkshopAPIFilter.base_filters if name != "ordering"]
        warm_limit = _raw_cached(context, layer.cache_key(query, BASE_URL))
        warm_limit.before = warm
    yield figure("geojson (warm, Redis)", context.backend, context.size, warm, runs, warm_limit, None, baseline)
    etag = context.client.get(url)["ETag"]

    def not_modified():
        response = context.client.get(url, HTTP_IF_NONE_MATCH=etag)
        assert response.status_code == 304, response.status_code
        return b""

    yield figure("geojson unchanged (If-None-Match → 304)", context.backend, context.size, not_modified, context.runs)


def _list_figures(context, name, url, limit):
    baseline = _baseline(context, url)
    cold_limit = limit if context.raw else None
    yield figure(
        f"{name} (cold)", context.backend, context.size, _cold(context, url), context.runs, cold_limit, None, baseline
    )
    _get(context, url)
    warm_limit = _kept_body(context, url)
    yield figure(
        f"{name} (warm, Redis)",
        context.backend,
        context.size,
        lambda: _get(context, url),
        context.runs,
        warm_limit,
        None,
        baseline,
    )


def nearest(context):
    lat, lon = POINT
    url = f"/api/v1/workshops/?lat={lat}&lon={lon}&radius_km=50&page_size=20"
    yield from _list_figures(
        context,
        "20 nearest (API)",
        url,
        lambda: context.raw.nearest(lat, lon, BASE_URL + url),
    )
    changed = _after_a_change(context, url)
    yield figure("20 nearest (API) (first read after a change)", context.backend, context.size, changed, context.runs)


def _open_pairs():
    """The directory's (opening hours, region) pairs open at FROZEN_NOW (call it with the clock frozen)."""
    return [(e, r) for e, r in hours_pairs(Workshop) if hours.is_open(e, r)]


def nearest_filtered(context):
    """The citizen's search: a machine near me, open now."""
    lat, lon = POINT
    url = f"/api/v1/workshops/?lat={lat}&lon={lon}&radius_km=50&equipment={TYPES[1]}&open_now=true&page_size=20"
    with time_machine.travel(FROZEN_NOW, tick=True):
        pairs = _open_pairs()

        def limit():
            return context.raw.nearest(lat, lon, BASE_URL + url, types=[TYPES[1]], open_pairs=pairs)

        yield from _list_figures(context, "20 nearest with a machine, open now (API)", url, limit)


def filtered_list(context):
    query = f"region={REGION}&equipment={TYPES[0]}&equipment={TYPES[1]}&open_now=true&page_size=50"
    url = f"/api/v1/workshops/?{query}"
    with time_machine.travel(FROZEN_NOW, tick=True):
        open_expressions = [expression for expression, region in _open_pairs() if region == REGION]

        def limit():
            return context.raw.filtered_page(REGION, TYPES, open_expressions, BASE_URL + url)

        yield from _list_figures(context, "filtered list API", url, limit)


def detail(context):
    slug = Workshop.objects.filter(source="bench").order_by("id").values_list("slug", flat=True)[context.size // 2]
    url = f"/api/v1/workshops/{slug}/"
    limit = (lambda: context.raw.detail(slug, BASE_URL)) if context.raw else None
    yield figure("workshop detail API (cold)", context.backend, context.size, _cold(context, url), context.runs, limit)
    _get(context, url)
    warm = lambda: _get(context, url)  # noqa: E731
    yield figure(
        "workshop detail API (warm, Redis)", context.backend, context.size, warm, context.runs, _kept_body(context, url)
    )


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
        extra={
            "peak_python_memory_mb": peak,
            "peak_rss_growth_mb": peak_rss,
            "bytes": path.stat().st_size,
            "limit": "for scale only: an 11-column COPY, not the same file",
        },
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
        extra={
            "responses": responses,
            "responses_in_region": in_region,
            "limit": "for scale only: counts of every answer, not the same result",
        },
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


def for_size(size, reads_only=False):
    """Which operations run at which size (sizes grow: 10,000 → 20,000 → 100,000)."""
    if reads_only:
        return [geojson, nearest, nearest_filtered, filtered_list, detail]
    scenarios = [geojson, nearest, nearest_filtered, filtered_list, detail, survey_aggregates]
    if size == 20000:
        scenarios = [xlsx_export]
    if size >= 100000:
        scenarios = [geojson, nearest, nearest_filtered, filtered_list, detail, csv_export, survey_aggregates]
    if size == 10000:
        scenarios = [*scenarios, cget_import, place_suggestions]
    return scenarios
