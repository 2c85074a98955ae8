"""manage.py resolve_wikidata: the types' Wikidata items read from their Wikipedia articles, over a
faked HTTP layer that answers like the MediaWiki API (normalised titles, redirects, missing pages).
The items below are made up for the fake: the real ones come from Wikipedia in a deployment."""

import io
import json
import re
import urllib.parse
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from tests.factories import UserFactory
from workshops import sources, taxonomy, wikidata
from workshops.generation import generation
from workshops.models import EquipmentType

pytestmark = pytest.mark.django_db
API = "https://en.wikipedia.org/w/api.php"


class FakeWikipedia:
    """A tiny MediaWiki API: `articles` (title → item, "" for none) and `redirects` (title → title);
    records the URLs fetched. `cut_short` answers each batch in two parts, as the API's `continue`."""

    def __init__(self):
        self.articles = {}
        self.redirects = {}
        self.fetched = []
        self.failure = None
        self.body = None
        self.cut_short = False

    def __call__(self, url):
        self.fetched.append(url)
        if self.failure:
            raise self.failure
        if self.body is not None:
            return self.body
        params = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)
        assert url.startswith(API + "?") and params["prop"] == ["pageprops"] and params["redirects"] == ["1"]
        normalized, redirects, pages = [], [], {}
        for title in params["titles"][0].split("|"):
            name = title.replace("_", " ")
            name = name[:1].upper() + name[1:]
            if name != title:
                normalized.append({"from": title, "to": name})
            if name in self.redirects:
                redirects.append({"from": name, "to": self.redirects[name]})
                name = self.redirects[name]
            if name not in self.articles:
                pages[str(-1 - len(pages))] = {"ns": 0, "title": name, "missing": ""}
                continue
            page = {"pageid": 1000 + len(pages), "ns": 0, "title": name}
            first_part = len(pages) % 2 == 0
            if self.articles[name] and (not self.cut_short or first_part == ("ppcontinue" not in params)):
                page["pageprops"] = {"wikibase_item": self.articles[name]}
            pages[str(page["pageid"])] = page
        answer = {"batchcomplete": "", "query": {"normalized": normalized, "redirects": redirects, "pages": pages}}
        if self.cut_short and "ppcontinue" not in params:
            del answer["batchcomplete"]
            answer["continue"] = {"ppcontinue": "1001", "continue": "||"}
        return json.dumps(answer).encode()


CHOSEN = {
    "tour-cnc": "Q187833",  # Lathe: Wikipedia gives the same
    "imprimante-3d-fdm": "",  # Fused_filament_fabrication: normalised, filled
    "scie-a-ruban": "",  # Bandsaw: normalised then redirected to "Band saw", filled
    "oscilloscope": "Q174320",  # Wikipedia gives another item: differs
    "fraiseuse-cnc-bureau": "Q623106",  # the machine; Wikipedia gives the process: kept on purpose
    "surjeteuse": "",  # Serger: no such article
    "robot-pedagogique": "",  # Educational_robotics: an article linked to no item
}


@pytest.fixture
def http(monkeypatch):
    fake = FakeWikipedia()
    fake.articles = {
        "Lathe": "Q187833",
        "Fused filament fabrication": "Q900001",
        "Band saw": "Q900002",
        "Oscilloscope": "Q900004",
        "Milling (machining)": "Q900003",
        "Educational robotics": "",
    }
    fake.redirects = {"Bandsaw": "Band saw"}
    monkeypatch.setattr(sources, "fetch", fake)
    return fake


@pytest.fixture
def types():
    """The chosen types keep their article and get the stored item above; the others have none."""
    EquipmentType.objects.exclude(slug__in=CHOSEN).update(wikipedia_url="")
    for slug, item in CHOSEN.items():
        EquipmentType.objects.filter(slug=slug).update(wikidata_id=item)


def items():
    return dict(EquipmentType.objects.filter(slug__in=CHOSEN).values_list("slug", "wikidata_id"))


def titles_asked(http):
    return [
        title
        for url in http.fetched
        for title in urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)["titles"][0].split("|")
    ]


def resolve(*args, language="en"):
    out = io.StringIO()
    with translation.override(language):
        call_command("resolve_wikidata", *args, stdout=out)
    return out.getvalue()


def test_it_fills_empty_items_following_normalised_titles_and_redirects(http, types):
    before = generation()
    output = resolve()

    assert items() == {**CHOSEN, "imprimante-3d-fdm": "Q900001", "scie-a-ruban": "Q900002"}
    assert generation() != before  # the API and Open Know-Where name the machines' items
    assert "imprimante-3d-fdm — filled: Q900001" in output
    assert "scie-a-ruban — filled: Q900002" in output
    assert "tour-cnc — same: Q187833" in output
    assert len(http.fetched) == 1  # one batch for the seven articles
    assert sorted(titles_asked(http)) == sorted(
        ["Lathe", "Fused_filament_fabrication", "Bandsaw", "Oscilloscope", "Milling_(machining)"]
        + ["Serger", "Educational_robotics"]
    )


def test_it_reports_a_differing_item_without_overwriting_it(http, types):
    output = resolve()

    assert "oscilloscope — differs: stored Q174320, Wikipedia Q900004 (kept; --overwrite replaces it)" in output
    assert items()["oscilloscope"] == "Q174320"


def test_overwrite_replaces_a_differing_item_but_not_one_naming_the_machine(http, types):
    output = resolve("--overwrite")

    assert "oscilloscope — differs: stored Q174320, Wikipedia Q900004 (replaced)" in output
    assert items()["oscilloscope"] == "Q900004"
    assert "fraiseuse-cnc-bureau" in taxonomy.MACHINE_ITEMS
    assert "fraiseuse-cnc-bureau — differs on purpose: stored Q623106 names the machine" in output
    assert items()["fraiseuse-cnc-bureau"] == "Q623106"


def test_it_reports_a_missing_article_and_an_article_without_item(http, types):
    output = resolve()

    assert "surjeteuse — article missing: https://en.wikipedia.org/wiki/Serger does not exist" in output
    assert "robot-pedagogique — no Wikidata item: https://en.wikipedia.org/wiki/Educational_robotics" in output
    assert items()["surjeteuse"] == items()["robot-pedagogique"] == ""
    assert (
        "filled: 2, same: 1, differs: 1, replaced: 0, kept on purpose: 1, article missing: 1, "
        "no Wikidata item: 1, not a Wikipedia article: 0"
    ) in output


def test_an_address_that_is_not_a_wikipedia_article_is_reported_and_not_asked(http, types):
    EquipmentType.objects.filter(slug="tour-cnc").update(wikipedia_url="https://example.org/wiki/Lathe")

    output = resolve()

    assert "tour-cnc — not a Wikipedia article: https://example.org/wiki/Lathe" in output
    assert "Lathe" not in titles_asked(http)


def test_a_dry_run_asks_and_reports_but_writes_nothing(http, types):
    output = resolve("--dry-run", "--overwrite")

    assert "imprimante-3d-fdm — filled: Q900001" in output
    assert "Dry run: nothing was saved." in output
    assert items() == CHOSEN


def test_titles_are_asked_in_batches(http, types, monkeypatch):
    monkeypatch.setattr(wikidata, "BATCH_SIZE", 3)

    resolve()

    assert len(http.fetched) == 3  # 7 articles, 3 at a time
    assert items()["scie-a-ruban"] == "Q900002"


def test_an_answer_cut_short_is_asked_again_from_where_it_stopped(http, types):
    http.cut_short = True

    resolve()

    assert len(http.fetched) == 2 and "ppcontinue=1001" in http.fetched[1]
    assert items() == {**CHOSEN, "imprimante-3d-fdm": "Q900001", "scie-a-ruban": "Q900002"}


@pytest.mark.parametrize(
    ("failure", "body", "message"),
    [
        (sources.SourceUnavailable(f"HTTP error 503 from {API}."), None, f"HTTP error 503 from {API}. Nothing was"),
        (sources.SourceUnavailable(f"{API} cannot be reached: timed out."), None, "cannot be reached: timed out"),
        (None, b"<html>Wikimedia Error</html>", f"Unexpected answer from {API}: not valid JSON. Nothing was saved."),
        (None, b'{"error": {"code": "toomanyvalues", "info": "Too many values"}}', "toomanyvalues: Too many values"),
        (None, b'{"batchcomplete": ""}', "no “query” in it"),
    ],
)
def test_a_failure_to_ask_wikipedia_is_one_clear_error_and_writes_nothing(http, types, failure, body, message):
    http.failure, http.body = failure, body

    with pytest.raises(CommandError, match=re.escape(message)):
        resolve()
    assert items() == CHOSEN


def test_a_failure_while_writing_leaves_the_database_as_it_was(http, types, monkeypatch):
    save = EquipmentType.save
    writes = []

    def fail_on_the_second_write(kind, **options):
        writes.append(kind.slug)
        if len(writes) == 2:
            raise RuntimeError("disk full")
        return save(kind, **options)

    monkeypatch.setattr(EquipmentType, "save", fail_on_the_second_write)

    with pytest.raises(RuntimeError, match="disk full"):
        resolve()
    monkeypatch.undo()
    assert items() == CHOSEN


def test_check_exits_non_zero_when_an_item_differs_or_is_missing(http, types):
    with pytest.raises(CommandError, match="3 of 7 equipment types need a look") as raised:
        resolve("--check")

    assert raised.value.returncode == 1
    assert items()["imprimante-3d-fdm"] == "Q900001"  # what could be filled still is


def test_check_passes_when_every_type_is_filled_same_or_kept_on_purpose(http, types):
    EquipmentType.objects.filter(slug__in=["oscilloscope", "surjeteuse", "robot-pedagogique"]).update(wikipedia_url="")

    output = resolve("--check", "--dry-run")

    assert "differs: 0" in output and "article missing: 0" in output


def test_the_report_speaks_french_the_default_language(http, types):
    output = resolve("--dry-run", language="fr")

    assert "imprimante-3d-fdm — rempli : Q900001" in output
    assert "Essai à blanc : rien n’a été enregistré." in output


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


def admin_form(equipment_type, **changes):
    fields = ["slug", "name", "name_en", "category", "fablabs_capability", "wikidata_id", "wikipedia_url"]
    return {**{field: getattr(equipment_type, field) for field in fields}, **changes}


def test_staff_correct_an_item_in_the_admin(staff_client):
    lathe = EquipmentType.objects.get(slug="tour-cnc")
    url = f"/admin/workshops/equipmenttype/{lathe.pk}/change/"

    response = staff_client.post(url, admin_form(lathe, wikidata_id="Q900009"))

    assert response.status_code == 302
    assert EquipmentType.objects.get(slug="tour-cnc").wikidata_id == "Q900009"


@pytest.mark.parametrize("value", ["q187833", "Q0187833", "187833", "Q 187833", "Q12a", "L123"])
def test_the_admin_refuses_an_item_that_is_not_a_q_and_digits(staff_client, value):
    lathe = EquipmentType.objects.get(slug="tour-cnc")

    response = staff_client.post(
        f"/admin/workshops/equipmenttype/{lathe.pk}/change/", admin_form(lathe, wikidata_id=value)
    )

    assert response.status_code == 200
    assert "Un élément Wikidata est un Q suivi de chiffres, par exemple Q229367." in response.content.decode()
    assert EquipmentType.objects.get(slug="tour-cnc").wikidata_id == "Q187833"


def test_a_monthly_systemd_timer_runs_it_with_check():
    deploy = Path(__file__).parent.parent / "deploy"
    service = (deploy / "afn-directory-wikidata.service").read_text()
    timer = (deploy / "afn-directory-wikidata.timer").read_text()

    assert "ExecStart=/srv/afn-directory/.venv/bin/python manage.py resolve_wikidata --check" in service
    assert "Type=oneshot" in service and "EnvironmentFile=/etc/afn-directory/env" in service
    assert "OnCalendar=*-*-01 05:15:00" in timer and "Persistent=true" in timer
