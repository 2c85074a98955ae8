import uuid
from concurrent.futures import ThreadPoolExecutor

import time_machine

from afn_directory.limits import Policy, count_in_window


def test_a_policy_allows_up_to_its_limit_then_refuses():
    policy = Policy("test", limit=3, period=60)
    assert [policy.hit("a@example.org") for _ in range(4)] == [True, True, True, False]
    assert policy.exceeded("a@example.org")


def test_keys_are_counted_apart():
    policy = Policy("test", limit=1, period=60)
    assert policy.hit("a")
    assert policy.hit("b")
    assert not policy.hit("a")


def test_the_limit_resets_after_its_period():
    policy = Policy("test", limit=1, period=60)
    with time_machine.travel("2026-01-01 10:00:00", tick=False):
        assert policy.hit("a")
        assert not policy.hit("a")
    with time_machine.travel("2026-01-01 10:01:01", tick=False):
        assert policy.hit("a")


def test_reset_clears_a_key():
    policy = Policy("test", limit=1, period=60)
    policy.hit("a")
    policy.reset("a")
    assert policy.hit("a")


def test_on_redis_a_window_counts_one_by_one_and_expires(redis_cache):
    key = f"test:{uuid.uuid4()}"
    assert [count_in_window(key, 60) for _ in range(3)] == [1, 2, 3]
    assert redis_cache.get(key) == 3
    assert 0 < redis_cache.ttl(key) <= 60  # created with its expiry: the window ends


def test_on_redis_parallel_hits_are_each_counted_once(redis_cache):
    key = f"test:{uuid.uuid4()}"
    with ThreadPoolExecutor(max_workers=8) as pool:
        counts = list(pool.map(lambda _: count_in_window(key, 60), range(400)))
    assert sorted(counts) == list(range(1, 401))


def test_on_redis_a_policy_refuses_past_its_limit_and_reads_its_count(redis_cache):
    policy = Policy(f"test-{uuid.uuid4()}", limit=2, period=60)
    assert [policy.hit("a") for _ in range(3)] == [True, True, False]
    assert policy.count("a") == 3
    policy.reset("a")
    assert policy.hit("a")
