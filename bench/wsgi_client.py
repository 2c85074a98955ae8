"""Asks the application as gunicorn does: the WSGI callable production serves.

Django's test client wraps the handler in its own bookkeeping — signal receivers connected and
disconnected around every request (templates rendered, exceptions), the response decorated with
the request, its templates and a lazy URL resolution, `close_old_connections` unhooked and hooked
again — which no visitor pays: gunicorn builds a WSGI environ, calls
`afn_directory.wsgi.application` and reads the body it returns. The benchmark does the same, so
that an endpoint's figure is what the endpoint costs a visitor's request (the test client added
~0.12 ms to a warm read of a workshop of ~0.74 ms). Through the WSGI application a request also
pays what the test client skipped: Django's request signals, and so the check of a kept database
connection (CONN_HEALTH_CHECKS) before its first query.
"""

import io
import sys
from dataclasses import dataclass, field
from urllib.parse import unquote_to_bytes


@dataclass
class Answer:
    status_code: int
    content: bytes
    headers: dict = field(default_factory=dict)  # lower-case names
    streaming: bool = False

    def __getitem__(self, name: str) -> str:
        return self.headers[name.lower()]


class WSGIClient:
    """`get(url, **headers)` as the test client's, answered by a WSGI application."""

    def __init__(self, application, host: str = "testserver"):
        self.application = application
        self.host = host

    def environ(self, url: str, headers: dict) -> dict:
        path, _, query = url.partition("?")
        return {
            "REQUEST_METHOD": "GET",
            "SCRIPT_NAME": "",
            # PEP 3333: the path decoded, its bytes as latin-1 (as gunicorn passes it).
            "PATH_INFO": unquote_to_bytes(path).decode("latin-1"),
            "QUERY_STRING": query,
            "SERVER_NAME": self.host,
            "SERVER_PORT": "80",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "127.0.0.1",
            "HTTP_HOST": self.host,
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(b""),
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": True,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
            **headers,
        }

    def get(self, url: str, **headers) -> Answer:
        started = {}

        def start_response(status, response_headers, exc_info=None):
            started["status"], started["headers"] = status, response_headers

        result = self.application(self.environ(url, headers), start_response)
        try:
            content = b"".join(result)
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()
        names = {name.lower(): value for name, value in started["headers"]}
        return Answer(int(started["status"][:3]), content, names)
