"""Repeated timing with percentiles, and the ratio to the raw-database limit."""

import gc
import statistics
import time
from dataclasses import asdict, dataclass

import orjson


@dataclass
class Figure:
    operation: str
    backend: str
    size: int
    p50_ms: float
    p95_ms: float
    runs: int
    limit_p50_ms: float | None = None
    ratio: float | None = None
    extra: dict | None = None
    same_result: bool | None = None  # the limit answered what the operation answered
    baseline_p50_ms: float | None = None
    speedup: float | None = None  # baseline p50 ÷ operation p50
    baseline_same_result: bool | None = None

    def as_dict(self):
        return asdict(self)


def _percentiles(samples: list[float]) -> tuple[float, float]:
    samples = sorted(samples)
    p95_index = min(len(samples) - 1, max(0, round(0.95 * len(samples)) - 1))
    return statistics.median(samples), samples[p95_index]


def measure(fn, runs: int, warmup: int = 1) -> tuple[float, float]:
    """p50 and p95 in milliseconds of `fn()` over `runs` runs after `warmup` unmeasured ones."""
    for _ in range(warmup):
        _prepared(fn)()
    return _percentiles([_timed(fn) for _ in range(runs)])


def _prepared(fn):
    """`fn`, once what it needs beforehand (`fn.before`: emptying the cache for a cold read) is
    done: the state the call is measured in, not part of the call, so never timed."""
    before = getattr(fn, "before", None)
    if before is not None:
        before()
    return fn


def _timed(fn) -> float:
    fn = _prepared(fn)
    # Each call starts from a collected heap: the cyclic garbage of the call before (the DRF
    # baseline leaves ~1 GB of model instances at 100,000 workshops, 1.8 s to collect) is not
    # collected during this one, which would charge it to whichever operation runs next.
    gc.collect()
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def same_result(a, b) -> bool:
    """Byte-for-byte, or the same JSON (key order aside)."""
    if a == b:
        return True
    try:
        return orjson.loads(a) == orjson.loads(b)
    except (orjson.JSONDecodeError, TypeError):
        return False


def figure(operation, backend, size, fn, runs, limit_fn=None, extra=None, baseline_fn=None) -> Figure:
    """The operation's p50 and p95; with `limit_fn` (and `baseline_fn`), their runs alternate.

    This machine's speed drifts by tens of percent over minutes (shared cores and memory):
    alternating keeps each ratio a comparison made at the same moments. The first, unmeasured
    round checks that the limit and the baseline answer what the operation answers.
    """
    if limit_fn is None and baseline_fn is None:
        p50, p95 = measure(fn, runs)
        return Figure(operation, backend, size, round(p50, 2), round(p95, 2), runs, extra=extra)
    reference = _prepared(fn)()
    checks = {}
    if limit_fn is not None:
        checks["same_result"] = same_result(reference, limit_fn())
    if baseline_fn is not None:
        checks["baseline_same_result"] = same_result(reference, baseline_fn())
    samples, limit_samples, baseline_samples = [], [], []
    for _ in range(runs):
        samples.append(_timed(fn))
        if limit_fn is not None:
            limit_samples.append(_timed(limit_fn))
        if baseline_fn is not None:
            baseline_samples.append(_timed(baseline_fn))
    p50, p95 = _percentiles(samples)
    result = Figure(operation, backend, size, round(p50, 2), round(p95, 2), runs, extra=extra, **checks)
    if limit_samples:
        limit_p50, _ = _percentiles(limit_samples)
        result.limit_p50_ms = round(limit_p50, 2)
        result.ratio = round(p50 / limit_p50, 2) if limit_p50 else None
    if baseline_samples:
        baseline_p50, _ = _percentiles(baseline_samples)
        result.baseline_p50_ms = round(baseline_p50, 2)
        result.speedup = round(baseline_p50 / p50, 2) if p50 else None
    return result
