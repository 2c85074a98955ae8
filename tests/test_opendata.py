"""/open-data/: every file with its date, row count and dictionary, and the DCAT-AP catalogue."""

import json

import pytest

from tests.factories import EquipmentFactory, WorkshopFactory
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


def test_every_listed_file_downloads_with_the_count_the_page_gives(client, directory):
    WorkshopFactory(name="Sans SIRET", siret="", rna="")
    WorkshopFactory(name="Association", siret="", rna="W441234567", postal_code="")
    WorkshopFactory(name="RNA", siret="", rna="W441234568")
    for file in client.get("/open-data/").context["files"]:
        response = client.get(file["url"])
        assert response.status_code == 200
        assert opendata.count_rows(file["distribution"].format, response.content.decode()) == file["rows"]
        assert response["Link"] == '<https://www.etalab.gouv.fr/licence-ouverte-open-licence/>; rel="license"'


def test_the_page_counts_the_rows_in_one_query_without_generating_the_files(
    client, directory, django_assert_num_queries
):
    WorkshopFactory.create_batch(3)

    with django_assert_num_queries(1):
        client.get("/open-data/")


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
