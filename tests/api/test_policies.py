"""Throttling, CORS, versioning, the OpenAPI schema and the offline docs."""

import pytest
from django.urls import reverse
from drf_spectacular.validation import validate_schema
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from tests.api.conftest import build_schema

pytestmark = pytest.mark.django_db

LIST = reverse("api:workshop-list")


def test_the_schema_is_valid_openapi_3():
    schema = build_schema()
    validate_schema(schema)
    assert schema["openapi"].startswith("3.")
    paths = set(schema["paths"])
    for path in (
        "/api/v1/workshops/",
        "/api/v1/workshops/{slug}/",
        "/api/v1/workshops/geojson/",
        "/api/v1/workshops/{workshop_slug}/equipment/",
        "/api/v1/workshops/{workshop_slug}/equipment/{id}/",
        "/api/v1/equipment-types/",
        "/api/v1/archetypes/",
        "/api/v1/regions/",
        "/api/v1/departments/",
    ):
        assert path in paths


def test_the_schema_documents_every_filter():
    parameters = {p["name"] for p in build_schema()["paths"]["/api/v1/workshops/"]["get"]["parameters"]}
    assert {
        "q",
        "region",
        "department",
        "commune",
        "archetype",
        "equipment",
        "access",
        "pricing",
        "service",
        "audience",
        "open_now",
        "lat",
        "lon",
        "radius_km",
        "ordering",
        "page",
        "page_size",
    } <= parameters


def test_the_schema_documents_the_layer_s_filters_as_the_list_s():
    paths = build_schema()["paths"]
    listed = {p["name"] for p in paths["/api/v1/workshops/"]["get"]["parameters"]} - {"page", "page_size"}
    layer = {p["name"] for p in paths["/api/v1/workshops/geojson/"]["get"]["parameters"]}
    assert listed <= layer


def test_the_schema_says_anyone_reads_the_directory_and_only_the_signed_in_write():
    paths = build_schema()["paths"]
    for path in (
        "/api/v1/workshops/",
        "/api/v1/workshops/{slug}/",
        "/api/v1/workshops/geojson/",
        "/api/v1/workshops/{workshop_slug}/equipment/",
        "/api/v1/workshops/{workshop_slug}/photos/",
        "/api/v1/regions/",
    ):
        assert {} in paths[path]["get"]["security"], path  # no credentials needed
    for path, method in (
        ("/api/v1/workshops/{slug}/", "patch"),
        ("/api/v1/workshops/{workshop_slug}/equipment/", "post"),
    ):
        assert {} not in paths[path][method]["security"], (path, method)
    assert {} not in paths["/api/v1/exports/workshops.{fmt}"]["get"]["security"]


def test_the_schema_and_docs_are_served_without_any_cdn(client):
    assert client.get("/api/schema/").status_code == 200
    page = client.get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/" in page
    assert "cdn" not in page.lower()
    assert "<script>" not in page


def test_an_anonymous_client_past_its_rate_gets_429_with_retry_after(anonymous, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "rate", "2/min", raising=False)
    assert anonymous.get(LIST).status_code == 200
    assert anonymous.get(LIST).status_code == 200
    response = anonymous.get(LIST)
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60


def test_authenticated_clients_have_their_own_rate(as_manager, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "rate", "1/min", raising=False)
    monkeypatch.setattr(UserRateThrottle, "rate", "3/min", raising=False)
    assert [as_manager.get(LIST).status_code for _ in range(4)] == [200, 200, 200, 429]


@pytest.mark.parametrize("url", [LIST, "/api/v1/workshops/geojson/", "/api/v1/regions/"])
def test_reads_allow_any_origin(anonymous, url):
    response = anonymous.get(url, HTTP_ORIGIN="https://carte.region.example")
    assert response["Access-Control-Allow-Origin"] == "*"


def test_everything_is_under_v1(anonymous):
    assert anonymous.get("/api/v1/").status_code == 200
    assert anonymous.get("/api/workshops/").status_code == 404


def test_the_browsable_api_root_is_named_in_the_readers_language(anonymous):
    french = anonymous.get("/api/v1/", HTTP_ACCEPT="text/html").content.decode()
    assert "Api Root" not in french and "DefaultRouter" not in french
    english = anonymous.get("/api/v1/", HTTP_ACCEPT="text/html", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<h1>Directory API</h1>" in english
    assert '<li class="active"><a href="/api/v1/">Directory API</a></li>' in english  # the breadcrumb
    assert "A link to each collection of the directory’s API." in english
