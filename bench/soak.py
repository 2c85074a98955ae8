"""Soak test: gunicorn + PostgreSQL on loopback, mixed reads, survey submissions and manager edits.

    python -m bench.soak            # 2 minutes (the figures in docs/reliability.md)
    python -m bench.soak --short    # 45 seconds (.ci/run)

Creates its own database (SOAK_DATABASE_URL, default afn_soak on the local server), loads the
territories, the questionnaires and demo workshops, gives a test manager a token on a few workshops,
then runs CLIENTS threads against gunicorn for the given time (and at most MAX_REQUESTS requests).
Afterwards it checks, in the database, that every accepted write is there and no rejected one is:
- survey submissions: accepted (302 to the thanks page) ⇔ a response with its submission key exists;
- manager edits (PATCH /api/v1/workshops/<slug>/ with `version`): each accepted edit produced its
  own version (no lost update), its summary is in the workshop's history under that version, the
  workshop ends at the last accepted version, and no refused (409) edit's summary is anywhere.
Exits non-zero on any 5xx, transport error, lost or phantom write. Traffic goes to 127.0.0.1 only;
X-Forwarded-For carries made-up client addresses (never contacted) so per-client limits spread.
"""

import argparse
import http.client
import json
import os
import random
import re
import secrets
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode, urlparse

import psycopg

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/afn_soak"
CLIENTS = 8
MAX_REQUESTS = 200_000
EDITED_WORKSHOPS = 4  # few, so that concurrent editors collide and 409s happen
MIX = (("read", 70), ("survey", 15), ("edit", 15))
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def server_environment(database_url: str) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "afn_directory.settings",
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SOAK_SECRET_KEY", secrets.token_urlsafe(50)),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "TRUST_X_FORWARDED_FOR": "1",
        "API_ANON_RATE": "1000000/hour",
        "API_USER_RATE": "1000000/hour",
        "GEOCODER": "none",
        "CONN_MAX_AGE": "60",
        "LOG_LEVEL": "WARNING",
    }


def recreate_database(url: str):
    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    with psycopg.connect(parsed._replace(path="/postgres").geturl(), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def manage(env: dict, *args: str):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def prepare(env: dict) -> dict:
    """Data in the soak database; returns what the clients need (slugs, token, survey answers)."""
    for command in (
        ["migrate", "--noinput"],
        ["load_territories"],
        ["load_questionnaires"],
        ["seed_demo", "--workshops", "40"],
        ["collectstatic", "--noinput"],
    ):
        manage(env, *command)
    os.environ.update({key: env[key] for key in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DEBUG", "SECRET_KEY")})
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from rest_framework.authtoken.models import Token

    from surveys import engine
    from surveys.models import Questionnaire
    from workshops.models import Membership, Workshop

    slugs = list(Workshop.objects.published().order_by("slug").values_list("slug", flat=True))
    manager = get_user_model().objects.create_user("soak-manager", "soak@example.org", secrets.token_urlsafe(16))
    edited = slugs[:EDITED_WORKSHOPS]
    for slug in edited:
        Membership.objects.create(user=manager, workshop=Workshop.objects.get(slug=slug), role=Membership.Role.OWNER)
    schema = Questionnaire.objects.current("user").schema()
    answers = survey_answers(schema)
    clean, errors = engine.validate(schema, answers)
    if errors:
        raise SystemExit(f"the soak's survey answers do not validate: {errors}")
    return {"slugs": slugs, "edited": edited, "token": Token.objects.create(user=manager).key, "answers": answers}


def survey_answers(schema: list[dict]) -> dict:
    """One valid answer per required question: the first choice, the lowest number, yes."""
    answers = {}
    for question in schema:
        if not question.get("required") or question.get("show_if"):
            continue
        kind = question["type"]
        if question.get("choices"):
            answers[question["code"]] = [str(question["choices"][0]["code"])]
        elif kind in ("scale", "number"):
            answers[question["code"]] = [str(question.get("min") or 1)]
        elif kind == "yes_no":
            answers[question["code"]] = ["yes"]
        else:
            answers[question["code"]] = ["réponse du test d’endurance"]
    return answers


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(env: dict, port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "--config", "deploy/gunicorn.conf.py", "afn_directory.wsgi"],
        cwd=ROOT,
        env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "2", "GUNICORN_THREADS": "4"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/readyz")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.5)
    server.kill()
    raise SystemExit(f"gunicorn did not become ready: {server.stderr.read()[-2000:]}")


class Client(threading.Thread):
    """One simulated visitor/manager with its own keep-alive connection and made-up address."""

    def __init__(self, number, port, data, deadline, budget, results):
        super().__init__(daemon=True)
        self.port, self.data, self.deadline, self.budget, self.results = port, data, deadline, budget, results
        self.random = random.Random(number)
        self.number = number
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.versions = {}

    def request(self, method, path, body=None, headers=None):
        headers = {"X-Forwarded-For": f"198.18.{self.number}.{self.random.randint(1, 254)}", **(headers or {})}
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException) as error:
            self.connection.close()
            self.results.record("transport_errors", f"{method} {path}: {type(error).__name__}")
            return None, b"", {}
        self.results.count(method, path, response.status)
        return response.status, content, dict(response.getheaders())

    def run(self):
        kinds, weights = zip(*MIX, strict=True)
        while time.monotonic() < self.deadline and self.budget.take():
            getattr(self, self.random.choices(kinds, weights)[0])()

    def read(self):
        slug = self.random.choice(self.data["slugs"])
        path = self.random.choice(
            [f"/workshops/{slug}/", "/workshops/", "/api/v1/workshops/", f"/api/v1/workshops/{slug}/",
             "/api/v1/workshops/geojson/", "/api/v1/workshops/?equipment=imprimante-3d-fdm"]
        )  # fmt: skip
        self.request("GET", path)

    def survey(self):
        slug = self.random.choice(self.data["slugs"])
        path = f"/workshops/{slug}/survey/"
        status, content, headers = self.request("GET", path)
        match = CSRF_INPUT.search(content.decode(errors="replace"))
        cookie = re.search(r"csrftoken=([^;]+)", headers.get("Set-Cookie", ""))
        if status != 200 or not match or not cookie:
            return
        key = secrets.token_hex(16)
        form = {"csrfmiddlewaretoken": match.group(1), "consent": "on", "website": "", "submission_key": key}
        form.update({f"q_{code}": values for code, values in self.data["answers"].items()})
        status, _, headers = self.request(
            "POST",
            path,
            urlencode(form, doseq=True),
            {"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={cookie.group(1)}"},
        )
        accepted = status == 302 and headers.get("Location", "").endswith("/thanks/")
        self.results.record("survey_accepted" if accepted else "survey_rejected", key)

    def edit(self):
        slug = self.random.choice(self.data["edited"])
        auth = {"Authorization": f"Token {self.data['token']}", "Content-Type": "application/json"}
        if slug not in self.versions or self.random.random() < 0.3:
            status, content, _ = self.request("GET", f"/api/v1/workshops/{slug}/", headers=auth)
            if status != 200:
                return
            self.versions[slug] = json.loads(content)["version"]
        marker = f"soak {secrets.token_hex(8)}"
        body = json.dumps({"version": self.versions[slug], "summary": marker})
        status, content, _ = self.request("PATCH", f"/api/v1/workshops/{slug}/", body, auth)
        if status == 200:
            self.versions[slug] = json.loads(content)["version"]
            self.results.record("edit_accepted", (slug, self.versions[slug], marker))
        elif status == 409:
            self.versions[slug] = json.loads(content)["version"]
            self.results.record("edit_rejected", (slug, None, marker))


class Budget:
    def __init__(self, limit):
        self.left, self.lock = limit, threading.Lock()

    def take(self) -> bool:
        with self.lock:
            self.left -= 1
            return self.left >= 0


class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.statuses = Counter()
        self.server_errors = []
        self.lists = {
            k: [] for k in ("transport_errors", "survey_accepted", "survey_rejected", "edit_accepted", "edit_rejected")
        }

    def count(self, method, path, status):
        with self.lock:
            self.statuses[status] += 1
            if status >= 500:
                self.server_errors.append(f"{status} {method} {path}")

    def record(self, kind, value):
        with self.lock:
            self.lists[kind].append(value)


def verify(results: Results) -> list[str]:
    """Compare what the clients were told with what the database holds; returns the problems."""
    from surveys.models import Response
    from workshops.models import Workshop

    problems = []
    stored_keys = set(Response.objects.values_list("submission_key", flat=True))
    problems += [
        f"accepted survey {key} is missing" for key in results.lists["survey_accepted"] if key not in stored_keys
    ]
    problems += [f"refused survey {key} was stored" for key in results.lists["survey_rejected"] if key in stored_keys]

    accepted = results.lists["edit_accepted"]
    versions = Counter((slug, version) for slug, version, _ in accepted)
    problems += [
        f"two accepted edits of {slug} both made version {v} (lost update)"
        for (slug, v), n in versions.items()
        if n > 1
    ]
    for slug in {slug for slug, _, _ in accepted}:
        workshop = Workshop.objects.get(slug=slug)
        history = set(workshop.history.values_list("version", "summary"))
        mine = [(version, marker) for s, version, marker in accepted if s == slug]
        problems += [
            f"accepted edit {marker} of {slug} (version {v}) is not in its history"
            for v, marker in mine
            if (v, marker) not in history
        ]
        last_version, last_marker = max(mine)
        if (workshop.version, workshop.summary) != (last_version, last_marker):
            problems.append(f"{slug} ends at version {workshop.version}, not at the last accepted edit {last_version}")
    summaries = {summary for _, summary in Workshop.history.values_list("version", "summary")}
    problems += [
        f"refused edit {marker} of {slug} was written"
        for slug, _, marker in results.lists["edit_rejected"]
        if marker in summaries
    ]
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--short", action="store_true", help="45 seconds instead of 120 (CI)")
    parser.add_argument("--seconds", type=int, help="duration of the load phase")
    parser.add_argument("--output", type=Path, help="write the figures as JSON here")
    args = parser.parse_args()
    seconds = args.seconds or (45 if args.short else 120)
    database_url = os.environ.get("SOAK_DATABASE_URL", DEFAULT_DATABASE)

    env = server_environment(database_url)
    started = time.monotonic()
    recreate_database(database_url)
    data = prepare(env)
    print(f"prepared in {time.monotonic() - started:.0f} s: {len(data['slugs'])} workshops", flush=True)

    port = free_port()
    server = start_server(env, port)
    results = Results()
    try:
        deadline = time.monotonic() + seconds
        budget = Budget(MAX_REQUESTS)
        clients = [Client(n, port, data, deadline, budget, results) for n in range(CLIENTS)]
        load_started = time.monotonic()
        for client in clients:
            client.start()
        for client in clients:
            client.join(timeout=seconds + 60)
        elapsed = time.monotonic() - load_started
    finally:
        server.terminate()
        server.wait(timeout=30)

    problems = results.server_errors[:20] + results.lists["transport_errors"][:20] + verify(results)
    figures = {
        "seconds": round(elapsed, 1),
        "clients": CLIENTS,
        "requests": sum(results.statuses.values()),
        "requests_per_second": round(sum(results.statuses.values()) / elapsed, 1),
        "statuses": {str(k): v for k, v in sorted(results.statuses.items())},
        "server_errors": len(results.server_errors),
        "transport_errors": len(results.lists["transport_errors"]),
        "surveys_accepted": len(results.lists["survey_accepted"]),
        "surveys_refused": len(results.lists["survey_rejected"]),
        "edits_accepted": len(results.lists["edit_accepted"]),
        "edits_refused_409": len(results.lists["edit_rejected"]),
        "writes_verified": not problems,
        "problems": problems[:40],
    }
    print(json.dumps(figures, indent=2, ensure_ascii=False))
    if args.output:
        args.output.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n")
    if problems:
        raise SystemExit(f"soak failed: {len(problems)} problem(s)")


if __name__ == "__main__":
    main()
