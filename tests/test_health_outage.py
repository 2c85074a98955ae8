"""A database outage: a friendly 503 page (no traceback), /readyz says why, and recovery without restart.

On PostgreSQL the outage is real: the connection is pointed at a closed port. The in-memory SQLite
test database cannot be closed (Django ignores it), so there every new cursor fails instead.
"""

import contextlib
import socket
import sys

import pytest
from django.db import connection
from django.db.utils import OperationalError
from django.test import Client

from afn_directory import errors

pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def database_down(monkeypatch):
    if connection.vendor == "postgresql":
        original = connection.settings_dict["PORT"]
        connection.close()
        connection.settings_dict["PORT"] = closed_port()
        try:
            yield
        finally:
            connection.close()
            connection.settings_dict["PORT"] = original
    else:

        def refuse(*args, **kwargs):
            raise OperationalError("connection refused")

        with monkeypatch.context() as patch:
            patch.setattr(connection, "create_cursor", refuse)
            yield


@pytest.fixture
def outside_client(django_db_blocker):
    """A client whose requests reach the test database outside any test transaction."""
    with django_db_blocker.unblock():
        yield Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="en")


def test_pages_show_a_friendly_503_while_the_database_is_down(outside_client, monkeypatch):
    with database_down(monkeypatch):
        response = outside_client.get("/workshops/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    body = response.content.decode()
    assert "Service briefly unavailable" in body
    for leak in ("Traceback", "OperationalError", "connection refused", "127.0.0.1"):
        assert leak not in body


def test_readyz_says_the_database_is_why(outside_client, monkeypatch):
    with database_down(monkeypatch):
        response = outside_client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "unavailable", "cache": "ok"}


def test_the_app_recovers_without_a_restart(outside_client, monkeypatch):
    assert outside_client.get("/workshops/").status_code == 200
    with database_down(monkeypatch):
        assert outside_client.get("/workshops/").status_code == 503
        assert outside_client.get("/readyz").status_code == 503
    assert outside_client.get("/readyz").status_code == 200
    assert outside_client.get("/workshops/").status_code == 200


def test_the_503_page_is_in_french_by_default(outside_client, monkeypatch):
    with database_down(monkeypatch):
        body = Client(raise_request_exception=False).get("/workshops/").content.decode()
    assert "Service momentanément indisponible" in body


def test_errors_outside_views_also_get_the_503_page():
    # e.g. saving the session on the way out: the 500 handler sees the database error.
    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
        response = errors.server_error(None)
    assert response.status_code == 503
    assert sys.exc_info() == (None, None, None)


def test_other_errors_get_the_plain_500_page_without_traceback():
    try:
        raise ValueError("secret detail")
    except ValueError:
        response = errors.server_error(None)
    assert response.status_code == 500
    body = response.content.decode()
    assert "secret detail" not in body
    assert "Traceback" not in body


@pytest.mark.django_db
def test_unknown_pages_get_the_404_page(client):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
