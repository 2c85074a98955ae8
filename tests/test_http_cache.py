"""Public reads that a proxy or a CDN may keep; personal pages that nobody keeps."""

import gzip
import threading
from datetime import UTC, datetime

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from afn_directory.http_cache import keep, single_flight, writes_sent_together
from tests.factories import MembershipFactory, UserFactory, WorkshopFactory, commune
from workshops import geojson
from workshops.models import Workshop
from workshops.querysets import hours_pairs, hours_pairs_query, open_signature
from workshops.vocabularies import Status

pytestmark = pytest.mark.django_db

PUBLIC_READS = [
    "/api/v1/workshops/",
    "/api/v1/workshops/?region=52&page_size=10",
    "/api/v1/workshops/fablab-public/",
    "/api/v1/workshops/geojson/",
    "/api/v1/workshops/geojson/?open_now=true",
    "/workshops/",
    "/workshops/?region=52",
    "/workshops/fablab-public/",
    "/",
    "/embed/?region=52",
    "/open-data/",
    "/open-data/?territory=region-52",
]


@pytest.fixture
def workshop():
    return WorkshopFactory(slug="fablab-public", name="Fablab public")


@pytest.fixture
def manager(workshop):
    return MembershipFactory(workshop=workshop, user=UserFactory(username="manager")).user


@pytest.fixture(params=["in-process cache", "Redis"])
def either_cache(request):
    """The tests' in-process cache, then Redis as in production (its one-round-trip read)."""
    if request.param == "Redis":
        request.getfixturevalue("redis_cache")


def vary(response):
    return [v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()]


@pytest.mark.parametrize("url", PUBLIC_READS)
def test_it_lets_shared_caches_keep_an_anonymous_read(client, workshop, url):
    response = client.get(url)
    assert response.status_code == 200
    assert "public" in response["Cache-Control"] and "s-maxage=60" in response["Cache-Control"]
    assert response["ETag"].startswith('"'), "a strong ETag"
    assert "cookie" not in vary(response)
    assert "accept-language" in vary(response)
    assert not response.cookies, "a public answer sets no cookie"


@pytest.mark.parametrize("url", PUBLIC_READS)
def test_it_answers_304_while_nothing_changed_and_200_after_an_edit(client, workshop, url, django_assert_num_queries):
    etag = client.get(url)["ETag"]
    with django_assert_num_queries(0):
        response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response["ETag"] == etag and "public" in response["Cache-Control"]
    workshop.name = "Fablab renommé"
    workshop.save()
    response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag


def test_the_etag_names_the_language(client, workshop):
    french = client.get("/workshops/", HTTP_ACCEPT_LANGUAGE="fr")["ETag"]
    english = client.get("/workshops/", HTTP_ACCEPT_LANGUAGE="en")
    assert english["ETag"] != french
    assert client.get("/workshops/", HTTP_ACCEPT_LANGUAGE="en", HTTP_IF_NONE_MATCH=french).status_code == 200


def test_the_same_etag_means_the_same_bytes(client, workshop):
    first, second = client.get("/workshops/fablab-public/"), client.get("/workshops/fablab-public/")
    assert first["ETag"] == second["ETag"]
    assert first.content == second.content


def test_a_public_page_carries_no_csrf_token_and_the_language_still_changes(workshop):
    client = Client(enforce_csrf_checks=True)
    page = client.get("/workshops/fablab-public/")
    assert b"csrfmiddlewaretoken" not in page.content
    response = client.post(reverse("set_language"), {"language": "en", "next": "/workshops/"})
    assert response.status_code == 302
    assert client.get("/workshops/").headers["Content-Language"] == "en"


@pytest.mark.parametrize("url", ["/workshops/", "/workshops/fablab-public/", "/"])
def test_a_logged_in_visitor_gets_a_private_page(client, workshop, manager, url):
    client.force_login(manager)
    response = client.get(url)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert "cookie" in vary(response)
    assert not response.has_header("ETag")


@pytest.mark.parametrize("cookie", ["django_language", "messages"])
def test_a_page_asked_with_a_language_or_message_cookie_stays_private(client, workshop, cookie):
    client.cookies[cookie] = "en" if cookie == "django_language" else "x"
    response = client.get("/workshops/")
    assert "public" not in response.get("Cache-Control", "")
    assert not response.has_header("ETag")


def test_the_api_is_the_same_for_a_logged_in_manager_so_it_stays_public(client, workshop, manager):
    anonymous = client.get("/api/v1/workshops/fablab-public/")
    client.force_login(manager)
    logged_in = client.get("/api/v1/workshops/fablab-public/")
    assert logged_in.content == anonymous.content
    assert logged_in["ETag"] == anonymous["ETag"]
    assert "public" in logged_in["Cache-Control"] and "cookie" not in vary(logged_in)


def test_a_draft_seen_by_its_manager_is_private(client, workshop, manager):
    workshop.status = Status.DRAFT
    workshop.save()
    client.force_login(manager)
    response = client.get("/api/v1/workshops/fablab-public/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and not response.has_header("ETag")
    assert Client().get("/api/v1/workshops/fablab-public/").status_code == 404


def test_the_browsable_api_is_personal(client, workshop, manager):
    client.force_login(manager)
    response = client.get("/api/v1/workshops/", HTTP_ACCEPT="text/html")
    assert "public" not in response.get("Cache-Control", "")


@pytest.mark.parametrize("url", ["/manage/", "account"])
def test_personal_pages_are_not_stored(client, manager, url):
    client.force_login(manager)
    response = client.get(reverse("accounts:account") if url == "account" else url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_an_invalid_filter_is_not_made_public(client, workshop):
    response = client.get("/api/v1/workshops/geojson/?region=zz")
    assert response.status_code == 400
    assert "public" not in response.get("Cache-Control", "")


def test_open_now_changes_the_layer_only_when_a_workshop_opens_or_closes(workshop):
    # Tu-Sa 10:00-18:00 in Paris (factory default); 2026-12-01 is a Tuesday.
    morning = open_signature(Workshop, datetime(2026, 12, 1, 10, 0, tzinfo=UTC))
    later = open_signature(Workshop, datetime(2026, 12, 1, 12, 30, tzinfo=UTC))
    evening = open_signature(Workshop, datetime(2026, 12, 1, 18, 0, tzinfo=UTC))
    assert morning == later
    assert evening != morning


def test_open_now_follows_the_clock_to_the_minute_with_no_change_to_the_directory(client, workshop):
    # Each process evaluates the directory's opening hours once per minute (querysets.open_states):
    # the list's filter and each workshop's "open_now" turn at 18:00 Paris time (17:00 UTC) all
    # the same, the directory untouched (the same generation).
    def read():
        with time_machine.travel(at, tick=False):
            listed = client.get("/api/v1/workshops/?open_now=true").json()["count"]
            shown = client.get("/api/v1/workshops/fablab-public/").json()["open_now"]
            return listed, shown

    at = datetime(2026, 12, 1, 16, 59, 1, tzinfo=UTC)
    assert read() == (1, True)
    at = datetime(2026, 12, 1, 16, 59, 59, tzinfo=UTC)
    assert read() == (1, True)
    at = datetime(2026, 12, 1, 17, 0, 0, tzinfo=UTC)
    assert read() == (0, False)


def test_the_directorys_hours_pairs_are_each_expression_in_each_region_once():
    # PostgreSQL finds them by a skip scan of the index: the same pairs as DISTINCT, a workshop
    # without a region and an expression used in several regions included, empty hours left out.
    WorkshopFactory(slug="nantes-1")
    WorkshopFactory(slug="nantes-2")
    WorkshopFactory(slug="lyon", commune=commune("69123"))
    WorkshopFactory(slug="lyon-late", commune=commune("69123"), opening_hours="Mo-Fr 14:00-22:00")
    WorkshopFactory(slug="no-hours", opening_hours="")
    unplaced = WorkshopFactory(slug="unplaced", opening_hours="Mo-Fr 14:00-22:00")
    Workshop.objects.filter(pk=unplaced.pk).update(region=None)

    pairs = hours_pairs(Workshop)

    assert sorted(pairs, key=repr) == sorted(
        [
            ("Tu-Sa 10:00-18:00", "52"),
            ("Tu-Sa 10:00-18:00", "84"),
            ("Mo-Fr 14:00-22:00", "84"),
            ("Mo-Fr 14:00-22:00", None),
        ],
        key=repr,
    )
    assert sorted(pairs, key=repr) == sorted(hours_pairs_query(Workshop), key=repr)


def test_the_layer_is_rebuilt_by_one_request_at_a_time(either_cache):
    builds = []

    def build():
        builds.append(1)
        threading.Event().wait(0.2)
        return b"layer"

    results = []
    threads = [threading.Thread(target=lambda: results.append(single_flight("k", build, 60))) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [b"layer"] * 5
    assert len(builds) == 1


def test_a_value_not_to_be_shared_or_a_failed_build_leaves_nothing_behind(either_cache):
    assert single_flight("personal", lambda: None, 60) is None
    assert single_flight("personal", lambda: b"mine", 60, wait_seconds=0.5) == b"mine"  # no wait

    def broken():
        raise RuntimeError("database gone")

    with pytest.raises(RuntimeError):
        single_flight("broken", broken, 60)
    assert single_flight("broken", lambda: 7, 60, wait_seconds=0.5) == 7
    assert cache.get("broken") == 7


def test_values_kept_together_reach_the_cache_when_the_block_ends(either_cache):
    with writes_sent_together():
        assert single_flight("count", lambda: 42, 60) == 42
        assert single_flight("count", lambda: 0, 60, wait_seconds=5) == 42, "read back at once, not waited for"
        keep("answer", b"whole", 60)
        with writes_sent_together():
            keep("inner", 1, 60)
        assert cache.get("inner") is None, "an inner block sends with the outer"
        assert cache.get("answer") is None
    assert cache.get_many(["count", "answer", "inner"]) == {"count": 42, "answer": b"whole", "inner": 1}
    assert single_flight("count", lambda: 0, 60) == 42


def test_a_failed_build_within_the_block_still_lets_the_others_build(either_cache):
    def broken():
        raise RuntimeError("database gone")

    with writes_sent_together():
        with pytest.raises(RuntimeError):
            single_flight("broken", broken, 60)
        keep("kept", 1, 60)
    assert single_flight("broken", lambda: 7, 60, wait_seconds=0.5) == 7, "no placeholder left to wait for"
    assert cache.get("kept") == 1


@pytest.fixture
def sent_to_redis(monkeypatch):
    """What reaches Redis's socket, one item a round trip (a pipeline's commands go together)."""
    import redis

    sent = []
    real = redis.connection.AbstractConnection.send_packed_command
    monkeypatch.setattr(
        redis.connection.AbstractConnection,
        "send_packed_command",
        lambda self, command, *a, **kw: sent.append(command) or real(self, command, *a, **kw),
    )
    return sent


def test_on_redis_a_public_read_missed_by_every_cache_keeps_what_it_built_in_one_round_trip(
    workshop, redis_cache, sent_to_redis
):
    WorkshopFactory.create_batch(3, region=workshop.region)
    url = "/api/v1/workshops/?page_size=2"  # a full page: its count is asked and kept
    sent = sent_to_redis
    sent.clear()  # the saves' own
    first = Client().get(url)
    assert first.json()["count"] == 4
    writes = b"".join(bytes(part) for part in sent[-1])
    for kept in (b"directory:hours-pairs:", b"directory:count:", b"api:body:", b"api:answer:"):
        assert writes.count(kept) == 1, f"{kept} sent with the others"
    assert len(sent) == 5, "the kept answer read; the hours pairs, the body and the count claimed; the writes"
    sent.clear()
    again = Client().get(url)
    assert again.content == first.content and len(sent) == 1


def test_a_builder_that_died_holds_the_others_up_only_for_a_while(either_cache):
    from afn_directory.http_cache import BUILDING

    cache.set("orphan", BUILDING, 60)  # a process died while building
    assert single_flight("orphan", lambda: b"rebuilt", 60, wait_seconds=0.1) == b"rebuilt"


def test_in_the_in_process_cache_a_miss_costs_three_round_trips(monkeypatch):
    calls = []
    for name in ("get", "add", "set", "delete"):
        real = getattr(cache, name)
        monkeypatch.setattr(
            cache, name, lambda *a, _real=real, _name=name, **kw: calls.append(_name) or _real(*a, **kw)
        )
    assert single_flight("count", lambda: 42, 60) == 42
    assert calls == ["get", "add", "set"]
    calls.clear()
    assert single_flight("count", lambda: 0, 60) == 42
    assert calls == ["get"]


def test_on_redis_a_miss_costs_two_round_trips_and_a_hit_one(redis_cache, monkeypatch):
    import redis

    commands = []
    real = redis.Redis.execute_command
    monkeypatch.setattr(
        redis.Redis, "execute_command", lambda self, *a, **kw: commands.append(a[0]) or real(self, *a, **kw)
    )
    assert single_flight("count", lambda: 42, 60) == 42
    assert commands == ["SET", "SET"], "the placeholder put (NX GET), then the value"
    commands.clear()
    assert single_flight("count", lambda: 0, 60) == 42
    assert commands == ["SET"], "NX GET finds the value and leaves it"
    assert redis_cache.get("count") == 42


def test_the_layer_key_follows_the_generation_not_the_clock(workshop, time_machine):
    time_machine.move_to(datetime(2026, 12, 1, 10, 1, tzinfo=UTC))
    before = geojson.cache_key([], "")
    time_machine.move_to(datetime(2026, 12, 1, 10, 7, tzinfo=UTC))
    assert geojson.cache_key([], "") == before
    geojson.bump_generation()
    assert geojson.cache_key([], "") != before
    cache.clear()


@pytest.mark.parametrize(
    "url", ["/api/v1/workshops/?region=52&page_size=10", "/api/v1/workshops/fablab-public/", "/api/v1/workshops/"]
)
def test_the_next_visitor_gets_the_kept_answer_without_a_query(workshop, url, django_assert_num_queries):
    first = Client().get(url)
    with django_assert_num_queries(0):
        again = Client().get(url)
    assert again.status_code == 200
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"] == "application/json"
    assert again["ETag"] == first["ETag"] and "public" in again["Cache-Control"]


def test_a_kept_answer_is_forgotten_when_the_workshop_changes(workshop, either_cache):
    assert Client().get("/api/v1/workshops/fablab-public/").json()["name"] == "Fablab public"
    workshop.name = "Fablab renommé"
    workshop.save()
    assert Client().get("/api/v1/workshops/fablab-public/").json()["name"] == "Fablab renommé"
    listed = Client().get("/api/v1/workshops/").json()["results"]
    assert [w["name"] for w in listed] == ["Fablab renommé"]


def test_a_draft_seen_by_its_manager_is_never_kept_for_others(client, workshop, manager):
    workshop.status = Status.DRAFT
    workshop.save()
    client.force_login(manager)
    for _ in range(2):
        assert client.get("/api/v1/workshops/fablab-public/").status_code == 200
    assert Client().get("/api/v1/workshops/fablab-public/").status_code == 404


def test_a_not_found_is_not_kept(workshop):
    WorkshopFactory(slug="arrive", name="Arrivé depuis", status=Status.DRAFT)
    assert Client().get("/api/v1/workshops/arrive/").status_code == 404
    # A bulk update sends no signal: the directory's generation, hence the ETag, stays the same.
    Workshop.objects.filter(slug="arrive").update(status=Status.PUBLISHED)
    assert Client().get("/api/v1/workshops/arrive/").json()["name"] == "Arrivé depuis"


def test_an_indented_answer_is_kept_apart(workshop):
    plain = Client().get("/api/v1/workshops/fablab-public/", HTTP_ACCEPT="application/json")
    indented = Client().get("/api/v1/workshops/fablab-public/", HTTP_ACCEPT="application/json; indent=4")
    assert b"\n    " in indented.content and b"\n" not in plain.content
    assert indented["ETag"] != plain["ETag"]


@pytest.mark.parametrize(
    "url", ["/api/v1/workshops/", "/api/v1/workshops/fablab-public/", "/api/v1/workshops/geojson/"]
)
def test_a_client_that_accepts_gzip_gets_the_same_answer_compressed_once(workshop, url, django_assert_num_queries):
    plain = Client().get(url)
    compressed = Client().get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert compressed["Content-Encoding"] == "gzip"
    assert gzip.decompress(compressed.content) == plain.content
    assert compressed["Content-Type"] == plain["Content-Type"]
    assert "accept-encoding" in vary(plain) and "accept-encoding" in vary(compressed)
    assert compressed["ETag"] != plain["ETag"] and compressed["ETag"].startswith('"'), "another representation"
    with django_assert_num_queries(0):
        again = Client().get(url, HTTP_ACCEPT_ENCODING="gzip")
        unchanged = Client().get(url, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=compressed["ETag"])
    assert again.content == compressed.content, "kept compressed"
    assert unchanged.status_code == 304 and "accept-encoding" in vary(unchanged)
    assert "Content-Encoding" not in plain


def test_the_plain_layer_is_read_from_its_own_cache_with_no_claim_on_a_kept_body(workshop, monkeypatch, either_cache):
    from afn_directory import http_cache

    url = "/api/v1/workshops/geojson/"
    first = Client().get(url)
    claimed = []
    real = http_cache._claim
    monkeypatch.setattr(http_cache, "_claim", lambda key: claimed.append(key.split(":")[0]) or real(key))
    again = Client().get(url, HTTP_ORIGIN="https://carte.example")  # not the very same request: no whole answer
    assert again.content == first.content
    assert claimed == ["geojson"], "the layer read from its own cache; nothing put under the body's name and taken back"
    claimed.clear()
    Client().get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert claimed[0] == "api", "the compressed layer is kept as an answer"


def test_an_error_is_not_compressed(workshop):
    response = Client().get("/api/v1/workshops/?region=zz", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 400
    assert "region" in response.json()


def test_a_request_reads_the_directory_generation_once(client, workshop, monkeypatch):
    from workshops import generation as generation_module

    reads = []
    real = cache.get_or_set
    monkeypatch.setattr(cache, "get_or_set", lambda key, *a, **kw: reads.append(key) or real(key, *a, **kw))
    assert client.get("/api/v1/workshops/?lat=47.2&lon=-1.55&radius_km=20").status_code == 200
    assert reads.count(generation_module.GENERATION_KEY) == 1  # its ETag, count and open-now state


def test_within_a_request_a_change_shows_and_after_it_another_process_change_shows():
    from django.core.signals import request_finished, request_started

    from workshops.generation import GENERATION_KEY, bump_generation, generation

    request_started.send(sender=None)
    try:
        before = generation()
        cache.set(GENERATION_KEY, before + 10)  # another process, during this request: not seen
        assert generation() == before
        bump_generation()  # this request's own change: seen
        assert generation() == before + 11
    finally:
        request_finished.send(sender=None)
    cache.set(GENERATION_KEY, 500)  # outside a request, every call reads the cache
    assert generation() == 500


def test_a_generation_lost_with_the_cache_is_never_given_again(django_assert_num_queries):
    """Each process keeps the opening hours it found per generation: after Redis lost the
    generation (a restart), the next one must not name an older directory."""
    from workshops.querysets import _hours_pairs

    workshop = WorkshopFactory(opening_hours="Mo-Fr 09:00-18:00")
    cache.clear()  # Redis restarted
    assert [expression for expression, _ in _hours_pairs(Workshop)] == ["Mo-Fr 09:00-18:00"]
    with django_assert_num_queries(0):  # kept by the process for this generation
        _hours_pairs(Workshop)
    Workshop.objects.filter(pk=workshop.pk).update(opening_hours="Sa 10:00-12:00")  # sends no signal
    cache.clear()  # restarted again: a new generation all the same
    assert [expression for expression, _ in _hours_pairs(Workshop)] == ["Sa 10:00-12:00"]


KEPT_READS = ["/api/v1/workshops/?region=52&page_size=10", "/api/v1/workshops/fablab-public/"]


@pytest.fixture
def views_unreachable(monkeypatch):
    """Call it, and any request that reaches an API view fails: what answers then is a kept answer."""
    from rest_framework.views import APIView

    def reached(*args, **kwargs):
        raise AssertionError("the API view was reached")

    return lambda: monkeypatch.setattr(APIView, "dispatch", reached)


@pytest.mark.parametrize("url", KEPT_READS)
def test_the_very_same_request_gets_the_kept_answer_whole_before_any_view(
    workshop, url, views_unreachable, either_cache
):
    headers = {"HTTP_ACCEPT_LANGUAGE": "en", "HTTP_ACCEPT_ENCODING": "gzip", "HTTP_ORIGIN": "https://carte.example"}
    first = Client().get(url, **headers)
    views_unreachable()
    again = Client().get(url, **headers)
    assert again.status_code == 200
    assert again.content == first.content
    assert dict(again.items()) == dict(first.items()), "the same headers: CORS, language, CSP, Vary, ETag"
    assert again["Access-Control-Allow-Origin"] == "*" and again["Content-Encoding"] == "gzip"
    unchanged = Client().get(url, HTTP_IF_NONE_MATCH=first["ETag"], **headers)
    assert unchanged.status_code == 304
    assert unchanged["ETag"] == first["ETag"] and "public" in unchanged["Cache-Control"]


def test_a_kept_answer_is_not_given_for_other_headers_a_cookie_or_credentials(workshop, either_cache):
    workshop.archetype_override = 1  # its name, in the visitor's language
    workshop.save()
    url = "/api/v1/workshops/fablab-public/"
    french = Client().get(url, HTTP_ACCEPT_LANGUAGE="fr")
    english = Client().get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert english["Content-Language"] == "en" and english.content != french.content
    by_cookie = Client()
    by_cookie.cookies["django_language"] = "en"
    assert by_cookie.get(url, HTTP_ACCEPT_LANGUAGE="fr").content == english.content
    plain = Client().get(url, HTTP_ACCEPT_LANGUAGE="fr", HTTP_ACCEPT_ENCODING="gzip")
    assert plain["Content-Encoding"] == "gzip" and gzip.decompress(plain.content) == french.content
    refused = Client().get(url, HTTP_ACCEPT_LANGUAGE="fr", HTTP_AUTHORIZATION="Token not-a-token")
    assert refused.status_code == 401, "credentials are checked, never answered from what anonymous visitors got"


def test_a_kept_answer_counts_against_the_anonymous_rate_once(workshop, monkeypatch, either_cache):
    from afn_directory.limits import ApiAnonReadThrottle

    monkeypatch.setattr(ApiAnonReadThrottle, "rate", "3/hour", raising=False)
    url = "/api/v1/workshops/fablab-public/"
    assert [Client().get(url).status_code for _ in range(3)] == [200] * 3, "the first read, built, counted once"
    refused = Client().get(url)
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0


def test_a_kept_answer_is_not_given_once_a_workshop_opened(workshop, either_cache, time_machine):
    workshop.opening_hours = "Mo 10:00-18:00"
    workshop.save()
    url = "/api/v1/workshops/?open_now=true"
    time_machine.move_to(datetime(2026, 11, 23, 8, 59, tzinfo=UTC))  # Monday 9:59 in Paris
    assert Client().get(url).json()["count"] == 0
    assert Client().get(url).json()["count"] == 0, "kept"
    time_machine.move_to(datetime(2026, 11, 23, 9, 1, tzinfo=UTC))
    assert Client().get(url).json()["count"] == 1


def test_on_redis_a_kept_answer_is_counted_and_read_in_one_round_trip(
    workshop, redis_cache, monkeypatch, sent_to_redis
):
    from afn_directory.limits import ApiAnonReadThrottle

    monkeypatch.setattr(ApiAnonReadThrottle, "rate", "5/hour", raising=False)
    url = "/api/v1/workshops/fablab-public/"
    first = Client().get(url)
    sent_to_redis.clear()
    again = Client().get(url)
    assert again.content == first.content
    assert len(sent_to_redis) == 1, "the count, the generation and the answer: one round trip"
    [counter] = redis_cache.keys("*throttle_anon*")
    assert redis_cache.get(counter) == 2 and 0 < redis_cache.ttl(counter) <= 3600, "counted, in its window"


def test_a_read_sent_to_https_is_not_counted_against_the_rate(workshop, settings, monkeypatch):
    from afn_directory.limits import ApiAnonReadThrottle

    settings.SECURE_SSL_REDIRECT = True
    monkeypatch.setattr(ApiAnonReadThrottle, "rate", "1/hour", raising=False)
    url = "/api/v1/workshops/fablab-public/"
    assert Client().get(url).status_code == 301
    assert Client().get(url, secure=True).status_code == 200, "its first counted read"
    assert Client().get(url, secure=True).status_code == 429


def test_without_an_anonymous_rate_the_kept_answer_is_given_all_the_same(
    workshop, monkeypatch, views_unreachable, either_cache
):
    from afn_directory.limits import ApiAnonReadThrottle

    monkeypatch.setitem(ApiAnonReadThrottle.THROTTLE_RATES, "anon", None)
    url = "/api/v1/workshops/fablab-public/"
    first = Client().get(url)
    views_unreachable()
    assert Client().get(url).content == first.content


@pytest.fixture
def wsgi():
    """The WSGI application gunicorn serves (afn_directory/wsgi.py), asked as gunicorn asks it.

    As Django's test client does, each request's start and end leave the database connection
    alone: it holds the test's transaction (closing it, as at the end of a real request with
    CONN_MAX_AGE=0, would break it on PostgreSQL)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    from afn_directory.wsgi import application
    from bench.wsgi_client import WSGIClient

    class InTheTestsTransaction(WSGIClient):
        def get(self, url, **headers):
            request_started.disconnect(close_old_connections)
            request_finished.disconnect(close_old_connections)
            try:
                return super().get(url, **headers)
            finally:
                request_started.connect(close_old_connections)
                request_finished.connect(close_old_connections)

    return InTheTestsTransaction(application)


@pytest.fixture
def handler_unreachable(monkeypatch):
    """Call it, and any request that reaches Django's handler fails: what answers is the WSGI
    application's kept answer."""
    from afn_directory.wsgi import application

    def reached(environ, start_response):
        raise AssertionError("Django's handler was reached")

    return lambda: monkeypatch.setattr(application, "handler", reached)


@pytest.mark.parametrize("url", KEPT_READS)
def test_the_wsgi_application_sends_a_kept_answer_before_djangos_handler(
    workshop, url, wsgi, handler_unreachable, either_cache
):
    headers = {"HTTP_ACCEPT_LANGUAGE": "en", "HTTP_ACCEPT_ENCODING": "gzip", "HTTP_ORIGIN": "https://carte.example"}
    first = wsgi.get(url, **headers)
    assert first.status_code == 200 and first["Content-Encoding"] == "gzip"
    handler_unreachable()
    again = wsgi.get(url, **headers)
    assert again.status_code == 200
    assert again.content == first.content
    assert again.headers == first.headers, "the same headers: CORS, language, CSP, Vary, ETag, length"
    with pytest.raises(AssertionError, match="handler was reached"):
        wsgi.get(url, HTTP_COOKIE="sessionid=x", **headers)
    with pytest.raises(AssertionError, match="handler was reached"):
        wsgi.get(url, HTTP_IF_NONE_MATCH=first["ETag"], **headers)  # a 304 is the middleware's


def test_through_the_wsgi_application_a_conditional_read_is_304_and_a_change_is_seen(workshop, wsgi, either_cache):
    url = "/api/v1/workshops/fablab-public/"
    first = wsgi.get(url)
    unchanged = wsgi.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert unchanged.status_code == 304 and unchanged["ETag"] == first["ETag"]
    Workshop.objects.filter(pk=workshop.pk).update(name="Fablab renommé")
    workshop.refresh_from_db()
    workshop.save()  # bumps the generation, as an edit does
    changed = wsgi.get(url)
    assert changed.status_code == 200 and b"Fablab renomm" in changed.content
    assert changed["ETag"] != first["ETag"]


def test_through_the_wsgi_application_the_anonymous_rate_is_counted_once_a_read(
    workshop, wsgi, monkeypatch, either_cache
):
    from afn_directory.limits import ApiAnonReadThrottle

    monkeypatch.setattr(ApiAnonReadThrottle, "rate", "3/hour", raising=False)
    url = "/api/v1/workshops/fablab-public/"
    assert [wsgi.get(url).status_code for _ in range(3)] == [200] * 3, (
        "the first read looked up once, built, counted once"
    )
    refused = wsgi.get(url)
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0


def test_through_the_wsgi_application_a_cold_read_looks_its_answer_up_once(workshop, wsgi, redis_cache, sent_to_redis):
    url = "/api/v1/workshops/fablab-public/"
    wsgi.get(url)  # the hours pairs, kept for the generation
    redis_cache.delete_pattern("*api:*")
    sent_to_redis.clear()
    through_the_handler = Client().get(url)  # Django's handler alone: the middleware looks up
    assert through_the_handler.status_code == 200
    round_trips = len(sent_to_redis)
    redis_cache.delete_pattern("*api:*")
    sent_to_redis.clear()
    first = wsgi.get(url)
    assert first.content == through_the_handler.content
    assert len(sent_to_redis) == round_trips, "what the WSGI application found goes on with the request"
    sent_to_redis.clear()
    assert wsgi.get(url).content == first.content and len(sent_to_redis) == 1, "kept: one round trip"


def test_when_kept_answers_fail_the_request_goes_to_django(workshop, wsgi, monkeypatch):
    from afn_directory.wsgi import application

    def broken(environ):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(application, "answer", broken)
    response = wsgi.get("/api/v1/workshops/fablab-public/")
    assert response.status_code == 200 and b"Fablab public" in response.content


@pytest.mark.parametrize("url", KEPT_READS)
def test_a_request_worded_otherwise_for_the_same_answer_gets_the_kept_body(
    workshop, url, either_cache, django_assert_num_queries
):
    """Another Accept-Language for the same language, another list of encodings (as nginx and a
    CDN forward what browsers send): the same ETag, so the body kept under it, not a rebuild."""
    first = Client().get(url, HTTP_ACCEPT_LANGUAGE="fr", HTTP_ACCEPT_ENCODING="gzip")
    with django_assert_num_queries(0):
        other = Client().get(url, HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert other.status_code == 200
    assert other["ETag"] == first["ETag"] and other.content == first.content


def test_the_plain_layer_is_answered_whole_the_next_time_without_a_view(workshop, views_unreachable, either_cache):
    url = "/api/v1/workshops/geojson/"
    first = Client().get(url)
    assert "Content-Encoding" not in first
    views_unreachable()
    again = Client().get(url)
    assert again.status_code == 200 and again.content == first.content
    assert again["ETag"] == first["ETag"]


def test_an_answer_too_large_to_keep_twice_is_answered_from_its_own_cache(
    workshop, monkeypatch, django_assert_num_queries, either_cache
):
    from workshops import geojson as layer
    from workshops import http_cache as module

    url = "/api/v1/workshops/geojson/"
    first = Client().get(url)
    monkeypatch.setattr(module, "KEPT_ANSWER_MAX_BYTES", len(first.content) - 1)
    cache.clear()
    built = []
    real = layer.encoded_feature_collection
    monkeypatch.setattr(layer, "encoded_feature_collection", lambda *a, **kw: built.append(1) or real(*a, **kw))
    assert Client().get(url).content == first.content
    with django_assert_num_queries(0):
        again = Client().get(url)
    assert again.content == first.content, "from the layer's own cache"
    assert len(built) == 2, "not kept whole: the second read reached the view"


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/workshops/caf%C3%A9/",
        "/api/v1/workshops/%C2%8C%F0%A1%BE%BE/equipment/",
        "/api/v1/regions/%C8%BA%5DH%F0%9F%8F%BB/",
        "/workshops/caf%C3%A9/",
    ],
)
def test_through_the_wsgi_application_an_address_beyond_ascii_is_read_once(workshop, wsgi, url):
    """gunicorn passes the path as its bytes (PEP 3333); Django's request decodes it and writes the
    decoded path back into the environ: a second request built on that environ failed (500)."""
    response = wsgi.get(url)
    assert response.status_code == 404
