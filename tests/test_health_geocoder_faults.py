"""The real BAN provider against a geocoder that is down or hangs (on loopback): it gives up within
GEOCODER_TIMEOUT with GeocoderUnavailable, which the registration pages turn into "place the pin"
(tests/test_manage.py covers that side with the fake)."""

import socket
import threading
import time

import pytest

from workshops import geocoding


@pytest.fixture
def silent_server():
    """Accepts connections and never answers: a geocoder that hangs."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    accepted = []
    stop = threading.Event()

    def accept():
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}/search/"
    stop.set()
    thread.join()
    for connection in accepted:
        connection.close()
    server.close()


@pytest.fixture
def closed_url():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}/search/"


def ask(monkeypatch, settings, url):
    settings.GEOCODER = "ban"
    settings.GEOCODER_TIMEOUT = 0.5
    monkeypatch.setattr(geocoding, "BAN_URL", url)
    started = time.monotonic()
    with pytest.raises(geocoding.GeocoderUnavailable):
        geocoding._ban("1 quai de la Fosse, Nantes")
    return time.monotonic() - started


def test_a_hanging_geocoder_is_given_up_on_within_the_timeout(monkeypatch, settings, silent_server):
    assert ask(monkeypatch, settings, silent_server) < 2


def test_an_unreachable_geocoder_fails_at_once(monkeypatch, settings, closed_url):
    assert ask(monkeypatch, settings, closed_url) < 1
