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


def measure(fn, runs: int, warmup: int = 1) -> tuple[float, float]:
    """p50 and p95 in milliseconds of `fn()` over `runs` runs after `warmup` unmeasured ones."""
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    p95_index = min(len(samples) - 1, max(0, round(0.95 * len(samples)) - 1))
    return statistics.median(samples), samples[p95_index]


def figure(operation, backend, size, fn, runs, limit_fn=None, extra=None) -> Figure:
    p50, p95 = measure(fn, runs)
    result = Figure(operation, backend, size, round(p50, 2), round(p95, 2), runs, extra=extra)
    if limit_fn is not None:
        limit_p50, _ = measure(limit_fn, runs)
        result.limit_p50_ms = round(limit_p50, 2)
        result.ratio = round(p50 / limit_p50, 2) if limit_p50 else None
    return result
