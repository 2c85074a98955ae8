"""The benchmark's own arithmetic: percentiles, the ratio to the limit, and reading wrk's report."""

from bench import timing
from bench.run import parse_wrk
from bench.timing import _percentiles

WRK_OUTPUT = """Running 30s test @ http://127.0.0.1:8123/api/v1/workshops/bench-5000/
  2 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    54.21ms   21.90ms 312.55ms   71.02%
  Latency Distribution
     50%   51.10ms
     75%   64.02ms
     90%   80.33ms
     99%  133.71ms
  4404 requests in 30.05s, 61.40MB read
  Socket errors: connect 0, read 2, write 1, timeout 3
  Non-2xx or 3xx responses: 7
Requests/sec:    146.53
Transfer/sec:      2.04MB
"""


def test_it_reads_throughput_p99_and_every_kind_of_error_from_wrk():
    assert parse_wrk(WRK_OUTPUT) == {
        "requests_per_second": 146.53,
        "p99_ms": 133.71,
        "errors": 13,
        "requests": 4404,
        "non_2xx_3xx": 7,
        "socket_errors": {"connect": 0, "read": 2, "write": 1, "timeout": 3},
    }


def test_a_p99_in_seconds_or_microseconds_is_converted_to_milliseconds():
    assert parse_wrk("     99%    1.20s\n")["p99_ms"] == 1200.0
    assert parse_wrk("     99%  850.00us\n")["p99_ms"] == 0.85


def test_percentiles_are_the_median_and_the_95th_of_the_samples():
    assert _percentiles([5.0, 1.0, 3.0, 2.0, 4.0]) == (3.0, 5.0)
    assert _percentiles(list(map(float, range(1, 101)))) == (50.5, 95.0)


def test_a_figure_alternates_the_operation_with_its_limit_and_gives_the_ratio(monkeypatch):
    clock, calls = [0.0], []

    def step(name, seconds):
        def run():
            calls.append(name)
            clock[0] += seconds

        return run

    monkeypatch.setattr(timing.time, "perf_counter", lambda: clock[0])
    result = timing.figure("op", "sqlite", 10, step("app", 0.012), 3, step("limit", 0.004))
    assert calls == ["app", "limit"] * 4  # one unmeasured round, then three measured
    assert (result.p50_ms, result.limit_p50_ms, result.ratio, result.runs) == (12.0, 4.0, 3.0, 3)


def test_what_a_cold_read_needs_beforehand_is_done_before_each_run_and_never_timed(monkeypatch):
    clock, calls = [0.0], []

    def empty_the_cache():
        calls.append("empty")
        clock[0] += 1.0  # a slow preparation: none of it may be counted

    def read():
        calls.append("read")
        clock[0] += 0.015

    read.before = empty_the_cache
    monkeypatch.setattr(timing.time, "perf_counter", lambda: clock[0])
    result = timing.figure("cold", "postgresql", 10, read, 3)
    assert calls == ["empty", "read"] * 4  # the warm-up too reads from an empty cache
    assert result.p50_ms == 15.0


def test_a_limit_counts_only_when_it_answers_the_same_json():
    assert timing.same_result(b'{"a": 1, "b": [1, 2]}', b'{"b":[1,2],"a":1}')
    assert not timing.same_result(b'{"a": 1}', b'{"a": 2}')
    assert not timing.same_result(b"not json", b"other")


def test_a_figure_checks_its_limit_and_baseline_and_gives_the_speedup(monkeypatch):
    clock = [0.0]

    def step(seconds, answer):
        def run():
            clock[0] += seconds
            return answer

        return run

    monkeypatch.setattr(timing.time, "perf_counter", lambda: clock[0])
    result = timing.figure(
        "op", "postgresql", 10, step(0.010, b'{"x": 1}'), 3, step(0.005, b'{"x": 2}'), None, step(0.040, b'{"x":1}')
    )
    assert result.same_result is False, "a limit that answers something else bounds nothing"
    assert result.baseline_same_result is True
    assert (result.p50_ms, result.baseline_p50_ms, result.speedup) == (10.0, 40.0, 4.0)
