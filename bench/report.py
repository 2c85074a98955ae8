"""Render bench/results.json as the Markdown tables of docs/performance.md.

python -m bench.report [bench/results.json]
"""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _number(value, unit=""):
    if value is None:
        return "—"
    return f"{value:,.1f}{unit}".replace(",", " ") if isinstance(value, float) else f"{value:,}{unit}".replace(",", " ")


def _checked(value):
    return {True: "yes (checked)", False: "**no**", None: "—"}[value]


def render(report: dict) -> str:
    lines = [
        f"Run: {report['mode']}, {report['date']}, {report['machine']['platform']}, "
        f"Python {report['machine']['python']}, {report['machine']['cpus']} CPUs, {report['seconds']} s in all.",
        "",
        "| database | operation | workshops | p50 (ms) | p95 (ms) | limit p50 (ms) | ÷ limit | same result "
        "| DRF baseline p50 (ms) | faster than DRF | notes |",
        "|---|---|---:|---:|---:|---:|---:|---|---:|---:|---|",
    ]
    for record in report["results"]:
        if "operation" not in record or record.get("event"):
            continue
        notes = ", ".join(f"{k}: {v}" for k, v in (record.get("extra") or {}).items())
        lines.append(
            f"| {record['backend']} | {record['operation']} | {_number(record['size'])} | {_number(record['p50_ms'])} "
            f"| {_number(record['p95_ms'])} | {_number(record.get('limit_p50_ms'))} | "
            f"{'×' + str(record['ratio']) if record.get('ratio') else '—'} | {_checked(record.get('same_result'))} | "
            f"{_number(record.get('baseline_p50_ms'))} | "
            f"{'×' + str(record['speedup']) if record.get('speedup') else '—'} | {notes} |"
        )
    load = [r for r in report["results"] if r.get("event") == "load"]
    if load:
        lines += [
            "",
            "| load (2 gunicorn instances × 1 worker × 2 threads behind nginx, PostgreSQL, Redis; "
            "wrk 2 threads, 8 connections) "
            "| seconds | requests | req/s | p99 (ms) | errors | cache |",
            "|---|---:|---:|---:|---:|---:|---|",
        ]
        for r in load:
            lines.append(
                f"| {r['endpoint']} | {r['seconds']} | {_number(r['requests'])} | {_number(r['requests_per_second'])} "
                f"| {_number(r['p99_ms'])} | {r['errors']} | {r.get('cache', 'locmemcache://').split(':')[0]} |"
            )
    for r in report["results"]:
        if r.get("event") == "conditional":
            lines.append(f"\nIf-None-Match with the current ETag of {r['endpoint']} through nginx: {r['status']}.")
    skipped = [r for r in report["results"] if r.get("event") == "skipped"]
    for r in skipped:
        lines.append(f"\nSkipped: {r['operation']} — {r['reason']}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "bench" / "results.json"
    print(render(json.loads(path.read_text())))
