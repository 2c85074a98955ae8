"""One benchmark run on one database (DATABASE_URL), printed as JSON lines on stdout.

Run by bench/run.py in a subprocess per database, since Django's settings are per process.
"""

import argparse
import gc
import json
import os
import sys
import tempfile
import time
import tracemalloc
from importlib import import_module
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "afn_directory.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ.setdefault("API_ANON_RATE", "100000000/hour")
os.environ.setdefault("API_USER_RATE", "100000000/hour")
os.environ.setdefault("GEOCODER", "none")
# Served over plain HTTP on loopback: no redirect to HTTPS.
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

import django  # noqa: E402

django.setup()

from django.urls import clear_url_caches  # noqa: E402

from afn_directory import settings as _settings_module  # noqa: E402, F401

# The application's URLs plus the DRF baseline (bench/baseline.py).
django.conf.settings.ROOT_URLCONF = "bench.urls"
clear_url_caches()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from bench import scenarios  # noqa: E402
from bench.seed import seed_workshops  # noqa: E402
from bench.wsgi_client import WSGIClient  # noqa: E402
from territories.models import Region  # noqa: E402
from workshops.models import Workshop  # noqa: E402

RESULT_PREFIX = "BENCH-RESULT "
SHARED_DATA = Path(os.environ.get("BENCH_SHARED_DATA", Path(settings.BASE_DIR).parent / "shared" / "data"))


def emit(result):
    # A prefix tells results apart from whatever commands print on stdout.
    print(RESULT_PREFIX + json.dumps(result.as_dict() if hasattr(result, "as_dict") else result), flush=True)


def prepare():
    call_command("collectstatic", "--noinput", verbosity=0)  # production settings: manifest storage
    call_command("migrate", verbosity=0)
    if not Region.objects.exists():
        call_command("load_territories", verbosity=0)
    Workshop.objects.filter(source="bench").delete()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000", help="comma-separated workshop counts, growing")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument(
        "--reads-only", action="store_true", help="the public reads only (no exports, imports, surveys)"
    )
    parser.add_argument("--raw-dsn", default="", help="psycopg DSN for the raw-SQL limit (PostgreSQL only)")
    args = parser.parse_args()
    backend = connection.vendor
    # As a gunicorn worker forked from the preloaded application (deploy/gunicorn.conf.py): the
    # loaded code is frozen, out of the garbage collector's full passes.
    wsgi = import_module("afn_directory.wsgi")
    gc.freeze()
    prepare()
    raw = None
    if args.raw_dsn:
        from bench.limits import RawPostgres

        raw = RawPostgres(args.raw_dsn)
    # Asked as gunicorn asks it: the WSGI application production serves (bench/wsgi_client.py).
    client = WSGIClient(wsgi.application)
    redis_client = None
    if settings.CACHES["default"]["BACKEND"].endswith("RedisCache"):
        import redis

        redis_client = redis.Redis.from_url(settings.CACHES["default"]["LOCATION"])
    seeded = 0
    for size in [int(s) for s in args.sizes.split(",")]:
        start = time.perf_counter()
        seeded += seed_workshops(size - seeded, start=seeded)
        emit({"event": "seeded", "backend": backend, "size": size, "seconds": round(time.perf_counter() - start, 1)})
        context = scenarios.Context(
            client=client,
            raw=raw,
            backend=backend,
            size=size,
            runs=args.runs,
            tmp=Path(tempfile.mkdtemp()),
            cache=cache,
            shared_data=SHARED_DATA,
            redis=redis_client,
        )
        for scenario in scenarios.for_size(size, reads_only=args.reads_only):
            try:
                for result in scenario(context):
                    emit(result)
            except scenarios.Unavailable as exc:
                emit(
                    {
                        "event": "skipped",
                        "operation": scenario.__name__,
                        "backend": backend,
                        "size": size,
                        "reason": str(exc),
                    }
                )
    if raw:
        raw.close()
    return 0


if __name__ == "__main__":
    tracemalloc.stop()
    sys.exit(main())
