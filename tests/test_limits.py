import time_machine

from afn_directory.limits import Policy


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
