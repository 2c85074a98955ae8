"""/open-data/: every file with its date, row count and dictionary, and the DCAT-AP catalogue."""

import csv
import html
import io
import json
import re

import pytest
from django.test import override_settings
from django.utils import translation

from officials.embed_code import embed_snippet
from officials.models import OfficialScope
from tests.factories import EquipmentFactory, MembershipFactory, UserFactory, WorkshopFactory
from workshops import opendata
from workshops.vocabularies import Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory():
    located = WorkshopFactory(name="Fablab situé", slug="fablab-situe", siret="43493312300029")
    EquipmentFactory(workshop=located)
    WorkshopFactory(name="Sans position", slug="sans-position", latitude=None, longitude=None, street="")
    WorkshopFactory(name="Brouillon", slug="brouillon", status=Status.DRAFT)
    return located


def test_the_page_lists_every_format_with_its_date_and_row_count(client, directory):
    page = client.get("/open-data/").content.decode()

    for fmt in ("csv", "geojson", "mednum-csv", "okw", "osm-geojson"):
        assert f'href="/open-data/workshops.{fmt}"' in page
    rows = {file["distribution"].format: file["rows"] for file in client.get("/open-data/").context["files"]}
    # Published only; the mednum file needs a street address, the OSM one a position.
    assert rows == {"csv": 2, "geojson": 2, "mednum-csv": 1, "okw": 2, "osm-geojson": 1}
    assert '<time datetime="' in page
    assert 'id="dictionary-okw"' in page and "<code>equipment[].equipmentType</code>" in page
    assert "<code>commune_code</code>" in page
    for fmt in ("csv", "geojson"):  # every column says what it holds, none only its own name again
        dictionary = dict(
            next(f["dictionary"] for f in client.get("/open-data/").context["files"] if f["distribution"].format == fmt)
        )
        assert [name for name, meaning in dictionary.items() if str(meaning) in ("", name)] == []
        with translation.override("fr"):  # a lazy meaning, read in the page's language
            assert str(dictionary["profile_confirmed_on"]) == "fiche confirmée le"


def test_every_listed_file_downloads_with_the_count_the_page_gives(client, directory):
    WorkshopFactory(name="Sans SIRET", siret="", rna="")
    WorkshopFactory(name="Association", siret="", rna="W441234567", postal_code="")
    WorkshopFactory(name="RNA", siret="", rna="W441234568")
    for file in client.get("/open-data/").context["files"]:
        response = client.get(file["url"])
        assert response.status_code == 200
        assert opendata.count_rows(file["distribution"].format, response.content.decode()) == file["rows"]
        assert response["Link"] == '<https://www.etalab.gouv.fr/licence-ouverte-open-licence/>; rel="license"'


def test_the_csv_gives_phone_numbers_and_coordinates_as_they_are_and_no_formula(client):
    """Machines read open data: a phone keeps its "+", with no apostrophe; a formula is still text."""
    WorkshopFactory(name="=HYPERLINK(1)", phone="+33 1 23 45 67 89", street="-cmd")
    text = client.get("/open-data/workshops.csv").content.decode()
    (row,) = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    assert row["phone"] == "+33 1 23 45 67 89"
    assert (row["latitude"], row["longitude"]) == ("47.2184", "-1.5536")
    assert (row["name"], row["street"]) == ("'=HYPERLINK(1)", "'-cmd")


def test_a_harvester_asking_again_gets_304_until_the_directory_changes(client, directory):
    for url in ["/open-data/workshops.csv", "/open-data/workshops.okw", "/open-data/catalog.jsonld"]:
        first = client.get(url)
        etag = first["ETag"]
        assert etag.startswith('"') and first["Cache-Control"] == "public, max-age=600", url

        again = client.get(url, HTTP_IF_NONE_MATCH=etag)
        assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag, url

        directory.name = "Fablab renommé"
        directory.save()
        changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
        assert changed.status_code == 200 and changed["ETag"] != etag, url
        if url.endswith(".csv"):
            assert "Fablab renommé" in changed.content.decode(), "the new file, not the one kept"


def test_the_catalogue_in_english_is_another_representation(client, directory):
    french = client.get("/open-data/catalog.jsonld")
    english = client.get("/open-data/catalog.jsonld", HTTP_ACCEPT_LANGUAGE="en")
    assert french["ETag"] != english["ETag"]
    assert "Digital fabrication workshops in France" in english.content.decode()
    # The publisher named in the catalogue's language.
    assert json.loads(french.content)["dct:publisher"]["foaf:name"] == "Annuaire des AFN"
    assert json.loads(english.content)["dct:publisher"]["foaf:name"] == "AFN Directory"
    assert (
        client.get(
            "/open-data/catalog.jsonld", HTTP_IF_NONE_MATCH=french["ETag"], HTTP_ACCEPT_LANGUAGE="en"
        ).status_code
        == 200
    )


def test_the_page_counts_the_rows_in_one_query_without_generating_the_files(
    client, directory, django_assert_num_queries
):
    WorkshopFactory.create_batch(3)
    client.get("/open-data/")  # the process reads the regions and departments of the map's builder once

    with django_assert_num_queries(1):
        client.get("/open-data/")
    with django_assert_num_queries(1):
        client.get("/open-data/", {"territory": "department-35"})


def test_the_catalogue_lists_every_file_with_date_licence_and_schema(client, directory):
    response = client.get("/open-data/catalog.jsonld")

    assert response["Content-Type"] == "application/ld+json"
    catalogue = json.loads(response.content)
    assert catalogue["@type"] == "dcat:Catalog"
    (dataset,) = catalogue["dcat:dataset"]
    assert dataset["dct:license"] == {"@id": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"}
    distributions = {d["dct:format"]: d for d in dataset["dcat:distribution"]}
    assert set(distributions) == {"csv", "geojson", "mednum-csv", "okw", "osm-geojson"}
    for distribution in distributions.values():
        assert distribution["dcat:downloadURL"]["@id"].startswith("http")
        assert distribution["dct:license"]["@id"].startswith("https://www.etalab.gouv.fr/")
        assert distribution["dct:modified"]["@value"][:4].isdigit()
        assert distribution["dct:conformsTo"]["@id"].startswith("http")
    assert distributions["mednum-csv"]["dct:conformsTo"]["@id"] == (
        "https://schema.data.gouv.fr/LaMednum/standard-mediation-num/"
    )
    assert distributions["okw"]["dcat:mediaType"]["@id"].endswith("application/json")


def test_the_okw_schema_is_served(client):
    response = client.get("/open-data/okw-1.0.schema.json")

    assert response.status_code == 200
    assert json.loads(response.content)["title"].startswith("Open Know-Where v1.0")


def test_an_unknown_format_is_not_found(client):
    assert client.get("/open-data/workshops.xlsx").status_code == 404


@override_settings(SITE_URL="https://ateliers.example.fr")
def test_the_page_gives_the_code_that_puts_a_territorys_map_on_another_site(client, directory):
    page = client.get("/open-data/").content.decode()
    assert '<option value="region-53">Bretagne</option>' in page
    assert '<option value="department-2A">Corse-du-Sud (2A)</option>' in page
    assert page.index(">Hauts-de-France<") < page.index(">Île-de-France<") < page.index(">La Réunion<")
    assert "embed-snippet" not in page, "no code before a territory is chosen"

    page = client.get("/open-data/", {"territory": "department-35"}).content.decode()

    assert '<option value="department-35" selected>Ille-et-Vilaine (35)</option>' in page
    # The code to copy, shown as text, at the site's public address …
    assert (
        '<textarea id="embed-snippet" class="snippet" readonly rows="4">&lt;iframe '
        "src=&quot;https://ateliers.example.fr/embed/?department=35&quot; "
        "title=&quot;Ateliers de fabrication numérique : Ille-et-Vilaine&quot; "
        "width=&quot;100%&quot; height=&quot;600&quot; loading=&quot;lazy&quot;&gt;&lt;/iframe&gt;</textarea>"
    ) in page
    # … and its preview on this page, at this site's own address (whatever SITE_URL says).
    assert '<iframe src="/embed/?department=35" title="Ateliers de fabrication numérique : Ille-et-Vilaine"' in page
    assert client.get("/embed/", {"department": "35"}).status_code == 200
    english = client.get("/open-data/", {"territory": "region-53"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "title=&quot;Digital fabrication workshops: Bretagne&quot;" in english
    assert "Copy the code" in english


@pytest.mark.parametrize("territory", ["region-99", "department-", "35", "region-53<b>", "x" * 500])
def test_an_unknown_territory_is_said_and_gives_no_code(client, directory, territory):
    response = client.get("/open-data/", {"territory": territory})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Sélectionnez un choix valide." in page and "n’en fait pas partie" in page
    assert 'aria-invalid="true"' in page
    assert "embed-snippet" not in page and "<iframe" not in page
    assert "<b>" not in page
    assert 'href="/open-data/workshops.csv"' in page, "the rest of the page is still there"


@pytest.mark.parametrize("persona", ["anonymous", "manager", "official", "staff"])
def test_everyone_gets_the_same_code(client, directory, persona):
    user = {
        "anonymous": lambda: None,
        "manager": lambda: MembershipFactory(workshop=directory).user,
        "official": lambda: OfficialScope.objects.create(user=UserFactory(), region_id="11").user,
        "staff": lambda: UserFactory(is_staff=True),
    }[persona]()
    if user is not None:
        client.force_login(user)

    response = client.get("/open-data/", {"territory": "region-52"})

    assert response.status_code == 200
    assert "/embed/?region=52&quot;" in response.content.decode()


def test_the_code_reads_as_people_write_and_stays_safe_html(client, directory):
    page = client.get("/open-data/", {"territory": "department-22"}).content.decode()
    # The code people read and copy, as the text box shows it: an apostrophe, not &#x27;.
    shown = html.unescape(re.search(r'<textarea id="embed-snippet"[^>]*>(.*?)</textarea>', page, re.S)[1])
    assert 'title="Ateliers de fabrication numérique : Côtes-d\'Armor"' in shown
    assert 'title="Ateliers de fabrication numérique : Côtes-d\'Armor"' in page, "the preview alike"


def test_a_name_that_looks_like_markup_stays_text():
    snippet = embed_snippet({"region": "53"}, 'Armor" onload="alert(1)<script>&')
    assert 'onload="' not in snippet and "<script>" not in snippet
    assert 'Armor&quot; onload=&quot;alert(1)&lt;script&gt;&amp;"' in snippet
