"""Every named abuse policy holds and resets; the API's anonymous-read throttle cannot be dodged.

The owning features test their wiring (tests/test_accounts.py: login, sign-up, password reset;
tests/test_moderation.py: problem reports; tests/test_manage_claims.py: claims); here: every
policy's own behaviour, the survey's reset over HTTP, the admin login and the API throttles.
"""

import time

import pytest
import time_machine

from afn_directory import limits
from afn_directory.limits import ApiAnonReadThrottle, ApiUserThrottle, Policy

from .factories import UserFactory, WorkshopFactory

POLICIES = sorted(
    (value for value in vars(limits).values() if isinstance(value, Policy)), key=lambda policy: policy.name
)
LIST = "/api/v1/workshops/"


def later(seconds):
    return time_machine.travel(time.time() + seconds + 1, tick=False)


def test_every_abuse_named_in_the_issue_has_a_policy():
    names = {policy.name for policy in POLICIES}
    assert {"login-email", "login-ip", "signup-ip", "password-reset-email", "survey-ip", "problem-report-ip"} <= names


@pytest.mark.parametrize("policy", POLICIES, ids=lambda policy: policy.name)
def test_each_policy_holds_at_its_limit(policy):
    assert all(policy.hit("198.51.100.7") for _ in range(policy.limit))
    assert not policy.hit("198.51.100.7")
    assert policy.exceeded("198.51.100.7")
    assert policy.hit("198.51.100.8"), "another key has its own count"


@pytest.mark.parametrize("policy", POLICIES, ids=lambda policy: policy.name)
def test_each_policy_resets_after_its_period(policy):
    with time_machine.travel("2026-03-02 10:00:00", tick=False):
        for _ in range(policy.limit + 1):
            policy.hit("198.51.100.7")
        assert policy.exceeded("198.51.100.7")
        assert 0 < policy.retry_after() <= policy.period
    with time_machine.travel("2026-03-02 10:00:00", tick=False), later(policy.period):
        assert not policy.exceeded("198.51.100.7")
        assert policy.hit("198.51.100.7")


@pytest.mark.parametrize("policy", POLICIES, ids=lambda policy: policy.name)
def test_each_policy_can_be_reset_by_hand(policy):
    for _ in range(policy.limit + 1):
        policy.hit("someone@example.org")
    policy.reset("someone@example.org")
    assert policy.hit("someone@example.org")


@pytest.mark.django_db
def test_survey_submissions_are_refused_at_the_limit_and_accepted_after_the_period(client):
    WorkshopFactory(slug="atelier")
    for _ in range(limits.SURVEY_PER_IP.limit):
        limits.SURVEY_PER_IP.hit("198.51.100.7")
    assert client.post("/workshops/atelier/survey/", {}, REMOTE_ADDR="198.51.100.7").status_code == 429
    with later(limits.SURVEY_PER_IP.period):
        assert client.post("/workshops/atelier/survey/", {}, REMOTE_ADDR="198.51.100.7").status_code != 429


@pytest.fixture
def anon_rate(monkeypatch):
    monkeypatch.setattr(ApiAnonReadThrottle, "rate", "3/hour", raising=False)


@pytest.mark.django_db
def test_anonymous_api_reads_are_limited_and_the_limit_resets(client, anon_rate):
    assert [client.get(LIST).status_code for _ in range(4)] == [200, 200, 200, 429]
    with later(3600):
        assert client.get(LIST).status_code == 200


@pytest.mark.django_db
def test_a_forged_forwarded_for_header_does_not_escape_the_limit(client, anon_rate):
    statuses = [client.get(LIST, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code for n in range(4)]
    assert statuses == [200, 200, 200, 429]


@pytest.mark.django_db
def test_behind_a_trusted_proxy_each_client_has_its_own_count(client, anon_rate, settings):
    settings.TRUST_X_FORWARDED_FOR = True
    for _ in range(3):
        client.get(LIST, HTTP_X_FORWARDED_FOR="203.0.113.1")
    assert client.get(LIST, HTTP_X_FORWARDED_FOR="203.0.113.1").status_code == 429
    assert client.get(LIST, HTTP_X_FORWARDED_FOR="203.0.113.2").status_code == 200


@pytest.mark.django_db
def test_authenticated_clients_are_not_counted_as_anonymous(client, anon_rate):
    client.force_login(UserFactory())
    assert [client.get(LIST).status_code for _ in range(5)] == [200] * 5


@pytest.fixture
def user_rate(monkeypatch):
    monkeypatch.setattr(ApiUserThrottle, "rate", "2/hour", raising=False)


@pytest.mark.django_db
def test_authenticated_clients_have_their_own_limit(client, user_rate):
    client.force_login(UserFactory())
    assert [client.get(LIST).status_code for _ in range(3)] == [200, 200, 429]


@pytest.mark.django_db
def test_anonymous_clients_are_held_to_the_anonymous_rate_only(client, user_rate):
    # The user rate (2/hour here) does not count anonymous reads: the anonymous rate (600/hour) does.
    assert [client.get(LIST).status_code for _ in range(3)] == [200] * 3


def test_the_throttles_keep_no_raw_address_in_the_cache(rf):
    request = rf.get(LIST, REMOTE_ADDR="198.51.100.7")
    for throttle in (ApiAnonReadThrottle(), ApiUserThrottle()):
        assert "198.51.100.7" not in throttle.get_ident(request)
