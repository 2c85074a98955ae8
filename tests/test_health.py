"""/healthz and /readyz: no authentication, no secrets, and /readyz says which dependency failed."""

import socket

import pytest
from django.core.cache.backends.redis import RedisCache
from django.db.utils import ConnectionHandler

from afn_directory import health


def closed_port() -> int:
    """A loopback port nobody listens on: bound, then released."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def database_on_a_closed_port(monkeypatch):
    handler = ConnectionHandler(
        {
            "default": {
                "ENGINE": "django.db.backends.postgresql",
                "NAME": "afn_directory",
                "USER": "afn-secret-user",
                "PASSWORD": "afn-secret-password",
                "HOST": "127.0.0.1",
                "PORT": closed_port(),
                "OPTIONS": {"connect_timeout": 2},
            }
        }
    )
    monkeypatch.setattr(health, "connection", handler["default"])


@pytest.fixture
def cache_on_a_closed_port(monkeypatch):
    down = RedisCache(f"redis://127.0.0.1:{closed_port()}/0", {"OPTIONS": {"socket_connect_timeout": 1}})
    monkeypatch.setattr(health, "cache", down)


def test_it_says_the_process_is_alive(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_it_is_ready_when_database_and_cache_answer(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}


@pytest.mark.django_db
def test_the_probes_answer_any_host_and_plain_http(client, settings):
    # Docker and load balancers ask http://127.0.0.1:8000/readyz whatever ALLOWED_HOSTS says.
    settings.ALLOWED_HOSTS = ["annuaire.example.fr"]
    settings.SECURE_SSL_REDIRECT = True
    for path in ("/healthz", "/readyz"):
        response = client.get(path, HTTP_HOST="10.0.0.7:8000")
        assert response.status_code == 200, path
        assert "sessionid" not in response.cookies


def test_it_is_not_ready_when_the_database_is_unreachable(client, database_on_a_closed_port):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "checks": {"database": "unavailable", "cache": "ok"}}


def test_the_failure_body_holds_no_secret(client, database_on_a_closed_port):
    body = client.get("/readyz").content.decode()
    for secret in ("afn-secret-user", "afn-secret-password", "127.0.0.1", "Traceback", "psycopg"):
        assert secret not in body


@pytest.mark.django_db
def test_it_is_not_ready_when_the_cache_is_unreachable(client, cache_on_a_closed_port):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "cache": "unavailable"}


def test_it_names_both_when_both_are_down(client, database_on_a_closed_port, cache_on_a_closed_port):
    assert client.get("/readyz").json()["checks"] == {"database": "unavailable", "cache": "unavailable"}


def test_only_get_and_head_are_answered(client):
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405
