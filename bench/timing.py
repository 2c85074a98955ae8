"""Repeated timing with percentiles, and the ratio to the raw-database limit."""

import statistics
import time
from dataclasses import asdict, dataclass


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

    def as_dict(self):
        return asdict(self)


def _percentiles(samples: list[float]) -> tuple[float, float]:
    samples = sorted(samples)
    p95_index = min(len(samples) - 1, max(0, round(0.95 * len(samples)) - 1))
    return statistics.median(samples), samples[p95_index]


def measure(fn, runs: int, warmup: int = 1) -> tuple[float, float]:
    """p50 and p95 in milliseconds of `fn()` over `runs` runs after `warmup` unmeasured ones."""
    for _ in range(warmup):
        fn()
    return _percentiles([_timed(fn) for _ in range(runs)])


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def figure(operation, backend, size, fn, runs, limit_fn=None, extra=None) -> Figure:
    """The operation's p50 and p95; with `limit_fn`, its runs alternate with the limit's.

    This machine's speed drifts by tens of percent over minutes (shared cores and memory):
    alternating keeps the ratio a comparison made at the same moments.
    """
    if limit_fn is None:
        p50, p95 = measure(fn, runs)
        return Figure(operation, backend, size, round(p50, 2), round(p95, 2), runs, extra=extra)
    fn()
    limit_fn()
    samples, limit_samples = [], []
    for _ in range(runs):
        samples.append(_timed(fn))
        limit_samples.append(_timed(limit_fn))
    (p50, p95), (limit_p50, _) = _percentiles(samples), _percentiles(limit_samples)
    result = Figure(operation, backend, size, round(p50, 2), round(p95, 2), runs, extra=extra)
    result.limit_p50_ms = round(limit_p50, 2)
    result.ratio = round(p50 / limit_p50, 2) if limit_p50 else None
    return result
