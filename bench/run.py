"""Benchmarks: `python -m bench.run --quick` (≤ 3 minutes) or `--full`.

Creates its own PostgreSQL database (BENCH_DATABASE_URL, default the local server) and a SQLite
one, seeds them in bulk, runs bench/worker.py on each, then a load test (gunicorn, 2 workers,
PostgreSQL, driven by wrk on loopback). Prints every figure with its ratio to the raw-SQL limit
and writes bench/results.json.
"""

import argparse
import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlparse

import psycopg

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/afn_bench_perf"


def recreate_postgres(url):
    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def run_worker(database_url, sizes, runs, raw_dsn="", reads_only=False):
    # The warm figures read the cache production reads: Redis (its own database, emptied first).
    # Database connections kept between requests as deployed (docker-compose.yml, docs/deploy.md):
    # the WSGI application closes them at the end of each request otherwise.
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "CACHE_URL": production_cache(),
        "CONN_MAX_AGE": "60",
    }
    command = [PYTHON, "-m", "bench.worker", "--sizes", sizes, "--runs", str(runs)]
    if raw_dsn:
        command += ["--raw-dsn", raw_dsn]
    if reads_only:
        command += ["--reads-only"]
    results = []
    with subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True) as process:
        for line in process.stdout:
            if not line.startswith("BENCH-RESULT "):
                print(line, end="", flush=True)
                continue
            record = json.loads(line.removeprefix("BENCH-RESULT "))
            results.append(record)
            print_record(record)
    if process.returncode:
        raise SystemExit(f"benchmark worker failed on {database_url} (exit {process.returncode})")
    return results


def print_record(record):
    if record.get("event") == "seeded":
        print(f"[{record['backend']}] seeded {record['size']:,} workshops in {record['seconds']} s", flush=True)
    elif record.get("event") == "skipped":
        print(f"[{record['backend']}] {record['operation']} at {record['size']:,}: skipped — {record['reason']}")
    else:
        limit = f"  limit {record['limit_p50_ms']} ms  ratio ×{record['ratio']}" if record.get("limit_p50_ms") else ""
        if record.get("same_result") is False:
            limit += "  NOT THE SAME RESULT: this limit bounds nothing (fix bench/limits.py)"
        if record.get("speedup"):
            limit += f"  DRF {record['baseline_p50_ms']} ms (×{record['speedup']} faster)"
        if record.get("baseline_same_result") is False:
            limit += "  BASELINE NOT THE SAME RESULT (fix bench/baseline.py)"
        extra = f"  {record['extra']}" if record.get("extra") else ""
        print(
            f"[{record['backend']}] {record['operation']:<34} n={record['size']:>7,}  "
            f"p50 {record['p50_ms']:>9} ms  p95 {record['p95_ms']:>9} ms{limit}{extra}",
            flush=True,
        )


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_cache():
    """Redis when it answers, as in production, else the in-process cache.

    The benchmark's Redis database (BENCH_CACHE_URL, default number 6) is its own: it is emptied
    first, so no count, cached page or throttle history of an earlier run is reused.
    """
    import redis

    url = os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/6")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).flushdb()
    except redis.RedisError:
        return "locmemcache://"
    return url


# Anonymous public reads, as visitors and map widgets ask them: wrk cycles through them.
LOAD_PATHS = (
    "/api/v1/workshops/geojson/",
    "/api/v1/workshops/?region=84&page_size=50",
    "/api/v1/workshops/?lat=45.764&lon=4.8357&radius_km=50&page_size=20",
    "/api/v1/workshops/bench-5000/",
    "/api/v1/workshops/bench-5001/",
    "/workshops/",
    "/workshops/bench-5000/",
)
WRK_SCRIPT = """
local paths = {%s}
local i = 0
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i], {["Accept-Language"] = "fr", ["Accept-Encoding"] = "gzip, deflate, br"})
end
"""


def _wait_for(port):
    for _ in range(150):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"nothing answers on port {port}")


def _wrk(wrk, url, seconds, script=None):
    command = [wrk, "-t2", "-c8", f"-d{seconds}s", "--latency"]
    if script:
        command += ["-s", str(script)]
    return parse_wrk(subprocess.run([*command, url], capture_output=True, text=True, timeout=seconds + 30).stdout)


def _curl_status(url, *headers):
    """The status code curl gets for `url` with these request headers."""
    command = ["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}"]
    for header in headers:
        command += ["-H", header]
    return subprocess.run([*command, url], capture_output=True, text=True).stdout


def load_test(database_url, seconds):
    """Two gunicorn instances (1 worker each) behind nginx and its cache, on PostgreSQL and
    Redis, driven by wrk on loopback: a mix of anonymous public reads, through nginx and
    straight to one instance (no nginx: only the application's own cache in Redis), and one revalidation answered 304."""
    from bench import nginx

    wrk = shutil.which("wrk")
    if not wrk:
        return [{"event": "skipped", "operation": "load", "reason": "wrk is not installed (apt-get install wrk)"}]
    if not nginx.executable():
        return [
            {"event": "skipped", "operation": "load", "reason": "nginx is not installed (apt-get install nginx-light)"}
        ]
    cache_url = production_cache()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": "benchmark-only",
        "ALLOWED_HOSTS": "127.0.0.1",
        "API_ANON_RATE": "100000000/hour",
        "API_USER_RATE": "100000000/hour",
        "CACHE_URL": cache_url,
        "SECURE_SSL_REDIRECT": "0",
        "TRUST_X_FORWARDED_FOR": "1",
        # As docker-compose.yml and docs/deploy.md: one connection per thread, kept between requests.
        "CONN_MAX_AGE": "60",
    }
    ports = [free_port(), free_port()]
    servers = [
        subprocess.Popen(
            [
                str(Path(PYTHON).parent / "gunicorn"),
                "afn_directory.wsgi",
                "-c",
                "deploy/gunicorn.conf.py",
                "-w",
                "1",
                "-b",
                f"127.0.0.1:{port}",
                "--access-logfile",
                "/dev/null",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        for port in ports
    ]
    proxy_port = free_port()
    workdir = Path(tempfile.mkdtemp(prefix="afn-nginx-"))
    proxy = nginx.start(nginx.render([f"127.0.0.1:{port}" for port in ports], proxy_port, workdir))
    script = workdir / "paths.lua"
    script.write_text(WRK_SCRIPT % ", ".join(f'"{path}"' for path in LOAD_PATHS))
    results = []
    try:
        for port in [*ports, proxy_port]:
            _wait_for(port)
        proxied = f"http://127.0.0.1:{proxy_port}"
        # Every path answers 200 before measuring, asked exactly as wrk asks it (nginx keeps one
        # entry per value of the headers the answer varies on: Accept-Language, Accept-Encoding and,
        # for the API, Accept). Warming another variant leaves wrk's first requests to misses, and
        # the requests that arrive meanwhile wait for nginx's cache lock, which looks again every
        # 500 ms: curl's own `Accept: */*` did that until 2026-12-07, a p99 of 150–360 ms once wrk
        # accounts for the requests a stalled connection did not send (docs/performance.md).
        for path in LOAD_PATHS:
            status = _curl_status(
                proxied + path, "Accept:", "Accept-Language: fr", "Accept-Encoding: gzip, deflate, br"
            )
            if status != "200":
                raise SystemExit(f"{path} answered {status} through nginx")
        runs = (
            ("anonymous reads through nginx (cache)", proxied),
            ("anonymous reads, one instance, no nginx", f"http://127.0.0.1:{ports[0]}"),
        )
        for name, base in runs:
            figures = _wrk(wrk, base + "/", seconds, script)
            results.append({"event": "load", "endpoint": name, "seconds": seconds, "cache": cache_url, **figures})
            print(f"[load] {name}: {results[-1]}", flush=True)
        headers = subprocess.run(
            ["curl", "-s", "-D", "-", "-o", "/dev/null", proxied + LOAD_PATHS[0]], capture_output=True, text=True
        ).stdout
        etag = next(line.split(":", 1)[1].strip() for line in headers.splitlines() if line.lower().startswith("etag:"))
        status = _curl_status(proxied + LOAD_PATHS[0], f"If-None-Match: {etag}")
        results.append({"event": "conditional", "endpoint": LOAD_PATHS[0], "status": int(status), "etag": etag})
        print(f"[load] If-None-Match through nginx: {status}", flush=True)
    finally:
        proxy.terminate()
        proxy.wait(timeout=10)
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)
    return results


def parse_wrk(output):
    figures = {"requests_per_second": None, "p99_ms": None, "errors": 0, "requests": None, "non_2xx_3xx": 0}
    for line in output.splitlines():
        parts = line.split()
        if line.startswith("Requests/sec:"):
            figures["requests_per_second"] = float(parts[1])
        elif parts[:1] == ["99%"]:
            figures["p99_ms"] = _ms(parts[1])
        elif "requests in" in line:
            figures["requests"] = int(parts[0])
        elif line.strip().startswith("Non-2xx or 3xx responses:"):
            figures["errors"] += int(parts[-1])
            figures["non_2xx_3xx"] = int(parts[-1])
        elif line.strip().startswith("Socket errors:"):
            # connect, read, write, timeout: wrk gives up on an answer after 2 s
            counts = dict(
                zip((p.strip(",") for p in parts[2::2]), (int(p.strip(",")) for p in parts[3::2]), strict=True)
            )
            figures["errors"] += sum(counts.values())
            figures["socket_errors"] = counts
    return figures


def _ms(text):
    for suffix, factor in (("us", 0.001), ("ms", 1), ("s", 1000)):
        if text.endswith(suffix):
            return round(float(text[: -len(suffix)]) * factor, 2)
    return None


def main():
    parser = argparse.ArgumentParser()
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--quick", action="store_true")
    mode.add_argument("--full", action="store_true")
    parser.add_argument("--sizes", help="PostgreSQL sizes, comma-separated (default: by mode)")
    parser.add_argument("--runs", type=int, help="runs per figure (default: by mode)")
    parser.add_argument("--no-sqlite", action="store_true", help="PostgreSQL only")
    parser.add_argument("--reads-only", action="store_true", help="the public reads only (issue 21's targets)")
    parser.add_argument("--load-seconds", type=int, help="seconds of each load test (default: by mode)")
    parser.add_argument(
        "--load-only",
        action="store_true",
        help="the load test alone, on the database the last run seeded (bench/results-load.json)",
    )
    args = parser.parse_args()
    quick = not args.full
    pg_url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_PG)
    if args.load_only:
        started = time.time()
        results = load_test(pg_url, args.load_seconds or 30)
        report = {"mode": "load", "date": datetime.now(UTC).isoformat(timespec="seconds"), "results": results}
        report["seconds"] = round(time.time() - started)
        (ROOT / "bench" / "results-load.json").write_text(json.dumps(report, indent=2))
        return
    sqlite_path = ROOT / "var" / "bench.sqlite3"
    sqlite_path.parent.mkdir(exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{sqlite_path}{suffix}").unlink(missing_ok=True)
    recreate_postgres(pg_url)

    started = time.time()
    sizes = args.sizes or ("10000" if quick else "10000,20000,100000")
    runs = args.runs or (7 if quick else 30)
    raw_dsn = pg_url.replace("postgres://", "postgresql://")
    results = run_worker(pg_url, sizes, runs, raw_dsn=raw_dsn, reads_only=args.reads_only)
    if not args.no_sqlite:
        results += run_worker(f"sqlite:///{sqlite_path}", "10000" if quick else "10000,100000", max(5, runs // 3))
    results += load_test(pg_url, args.load_seconds or (5 if quick else 30))
    report = {
        "mode": "quick" if quick else "full",
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"platform": platform.platform(), "python": platform.python_version(), "cpus": os.cpu_count()},
        "seconds": round(time.time() - started),
        "results": results,
    }
    report["options"] = {k: v for k, v in vars(args).items() if v not in (None, False)}
    (ROOT / "bench" / ("results.json" if not quick else "results-quick.json")).write_text(json.dumps(report, indent=2))
    print(f"done in {report['seconds']} s")


if __name__ == "__main__":
    main()
