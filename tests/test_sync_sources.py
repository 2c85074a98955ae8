"""manage.py sync_sources: the configured sources re-imported through the importers, over a faked HTTP layer."""

import io
import urllib.error
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import translation

from tests.factories import UserFactory
from workshops import sources
from workshops.models import Workshop

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parent / "importers" / "fixtures"
MEDNUM_URL = "https://cartographie.example.gouv.fr/lieux-mediation-numerique.csv"
OVERPASS_URL = "https://overpass.example.org/api/interpreter?data=%5Bout%3Ajson%5D"


class FakeHttp:
    """Answers each URL from a table: bytes, or an exception to raise; records what was fetched."""

    def __init__(self):
        self.answers = {}
        self.fetched = []

    def __call__(self, url):
        self.fetched.append(url)
        answer = self.answers.get(url, sources.SourceUnavailable(f"HTTP error 404 from {url}."))
        if isinstance(answer, Exception):
            raise answer
        return answer


@pytest.fixture
def http(monkeypatch):
    fake = FakeHttp()
    fake.answers[MEDNUM_URL] = (FIXTURES / "mednum-lieux.csv").read_bytes()
    fake.answers[OVERPASS_URL] = (FIXTURES / "overpass-makerspaces.json").read_bytes()
    monkeypatch.setattr(sources, "fetch", fake)
    return fake


@pytest.fixture
def staff():
    UserFactory(username="equipe", email="equipe@afn.example.fr", is_staff=True)
    UserFactory(username="public", email="public@example.org")


def sync(*args):
    out = io.StringIO()
    with translation.override("en"):
        call_command("sync_sources", *args, stdout=out)
    return out.getvalue()


def test_it_imports_every_configured_source_and_reports(settings, http, staff):
    settings.SYNC_SOURCES = [f"mednum-csv={MEDNUM_URL}", f"osm-json={OVERPASS_URL}"]

    output = sync()

    assert http.fetched == [MEDNUM_URL, OVERPASS_URL]
    assert f"mednum-csv — {MEDNUM_URL}\n  created: 5" in output
    assert f"osm-json — {OVERPASS_URL}\n  created: 3" in output
    assert "2 sources synchronised." in output
    assert Workshop.objects.count() == 8
    assert mail.outbox == []


def test_a_second_sync_changes_nothing(settings, http):
    settings.SYNC_SOURCES = [f"mednum-csv={MEDNUM_URL}"]
    sync()

    output = sync()

    assert "created: 0, updated: 0, unchanged: 5" in output


def test_a_failing_source_is_reported_and_mailed_to_staff_and_the_others_still_import(settings, http, staff):
    broken = "https://data.example.org/structures.json"
    down = "https://down.example.org/lieux.csv"
    http.answers[broken] = (FIXTURES / "data-inclusion-malformed.json").read_bytes()
    http.answers[down] = sources.SourceUnavailable(f"{down} cannot be reached: timed out.")
    settings.SYNC_SOURCES = [f"data-inclusion-json={broken}", f"mednum-csv={down}", f"osm-json={OVERPASS_URL}"]

    with pytest.raises(CommandError, match="2 of 3 sources failed; the report was e-mailed to 1 staff members"):
        sync()

    assert Workshop.objects.filter(source="osm").count() == 3
    (message,) = mail.outbox
    assert message.to == ["equipe@afn.example.fr"]
    assert "2 open-data source(s) could not be synchronised" in message.subject
    assert "FAILED: The file is not valid JSON" in message.body
    assert f"FAILED: {down} cannot be reached: timed out." in message.body
    assert "created: 3" in message.body


def test_a_dry_run_fetches_and_saves_nothing(settings, http):
    settings.SYNC_SOURCES = [f"osm-json={OVERPASS_URL}"]

    assert "created: 3" in sync("--dry-run")
    assert not Workshop.objects.exists()


@pytest.mark.parametrize("entry", ["mednum-csv", "pdf=https://example.org/a.pdf", "osm-json=ftp://example.org/x"])
def test_a_wrong_entry_of_the_setting_is_named(settings, http, entry):
    settings.SYNC_SOURCES = [entry]

    with pytest.raises(CommandError, match=f"SYNC_SOURCES: “{entry}” is not FORMAT=URL"):
        sync()
    assert http.fetched == []


def test_without_sources_there_is_nothing_to_do(settings, http):
    settings.SYNC_SOURCES = []

    assert "nothing to do" in sync()
    assert http.fetched == []


def test_fetch_turns_network_failures_into_one_clear_error(monkeypatch):
    def unreachable(request, timeout):
        raise urllib.error.URLError("Name or service not known")

    monkeypatch.setattr(sources.urllib.request, "urlopen", unreachable)

    with translation.override("en"), pytest.raises(sources.SourceUnavailable, match="cannot be reached: <urlopen"):
        sources.fetch("https://nowhere.example.org/file.csv")


def test_a_daily_systemd_timer_runs_it():
    deploy = Path(__file__).parent.parent / "deploy"
    service = (deploy / "afn-directory-sync.service").read_text()
    timer = (deploy / "afn-directory-sync.timer").read_text()

    assert "ExecStart=/srv/afn-directory/.venv/bin/python manage.py sync_sources" in service
    assert "Type=oneshot" in service and "EnvironmentFile=/etc/afn-directory/env" in service
    assert "OnCalendar=*-*-* 04:30:00" in timer and "Persistent=true" in timer
