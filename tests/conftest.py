"""Shared fixtures: territories loaded once per test database, a fake geocoder, personas."""

import os

import pytest
from django.conf import settings
from django.test import override_settings

from territories.loader import load_territories
from workshops import geocoding


def pytest_configure(config):
    # PostgreSQL in CI must be a real run, never a silent fallback to SQLite.
    requires_postgres = os.environ.get("CI") == "true" and os.environ.get("REQUIRE_POSTGRES") == "1"
    if requires_postgres and "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
        raise pytest.UsageError("REQUIRE_POSTGRES=1 but DATABASE_URL does not point to PostgreSQL.")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database holds the real COG territories (loaded in a few seconds)."""
    with django_db_blocker.unblock():
        load_territories(settings.TERRITORIES_DATA_DIR)


class FakeGeocoder:
    """Answers from a table the test fills; records what was asked."""

    def __init__(self):
        self.answers = {}
        self.calls = []
        self.unavailable = False

    def __call__(self, query, citycode="", postcode="", kind=""):
        self.calls.append({"query": query, "citycode": citycode, "postcode": postcode, "kind": kind})
        if self.unavailable:
            raise geocoding.GeocoderUnavailable("fake geocoder is down")
        return self.answers.get(query)

    def add(self, query, latitude, longitude, precision="address", citycode=""):
        self.answers[query] = geocoding.GeocodeResult(
            latitude=latitude, longitude=longitude, label=query, precision=precision, citycode=citycode, score=0.9
        )


@pytest.fixture(autouse=True)
def fake_geocoder(monkeypatch):
    fake = FakeGeocoder()
    monkeypatch.setattr(geocoding, "geocode", fake)
    return fake


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(settings, tmp_path):
    """Uploaded files (workshop photos) go to the test's own folder, never to the checkout's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _isolated_cache():
    from django.core.cache import cache

    from territories.models import Department, Region
    from workshops.models import EquipmentType

    cache.clear()
    # What a process keeps: each test starts as a new process would.
    Region.objects.forget_names()
    Department.objects.forget_names()
    EquipmentType.objects.forget()
    yield
    cache.clear()


@pytest.fixture
def redis_cache():
    """The production cache: django-redis on a database of the local Redis that nothing else uses."""
    import redis

    location = "redis://127.0.0.1:6379/14"
    try:
        redis.Redis.from_url(location, socket_connect_timeout=1).ping()
    except redis.ConnectionError:
        if os.environ.get("CI") == "true":
            raise
        pytest.skip("no Redis on 127.0.0.1:6379")
    with override_settings(CACHES={"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": location}}):
        from django.core.cache import cache

        yield cache
        cache.clear()
