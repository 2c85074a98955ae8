"""API test fixtures: the four personas as token clients, every response checked against the schema."""

import json

import pytest
import requests
import schemathesis
from django.utils import translation
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from schemathesis.core.transport import Response

from tests.factories import MembershipFactory, UserFactory, WorkshopFactory

API_PREFIX = "/api/v1/"


def build_schema() -> dict:
    with translation.override("en"):
        raw = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(raw))


@pytest.fixture(scope="session")
def openapi():
    return schemathesis.openapi.from_dict(build_schema())


def check_against_schema(openapi, response):
    """The response matches what the schema documents for its operation and status code."""
    method, path = response.request["REQUEST_METHOD"], response.request["PATH_INFO"]
    operation = openapi.find_operation_by_path(method, path)
    if operation is None and response.status_code == 405:
        return
    assert operation is not None, f"{method} {path} is not in the schema"
    if response.status_code < 300 or response.status_code in (400, 409):
        assert operation.responses.find_by_status_code(response.status_code) is not None, (
            f"{method} {path} answered {response.status_code}, which the schema does not document"
        )
    query = response.request.get("QUERY_STRING", "")
    prepared = requests.Request(method, f"http://testserver{path}?{query}").prepare()
    headers = {key.lower(): [value] for key, value in response.headers.items()}
    operation.validate_response(
        Response(response.status_code, headers, response.content, request=prepared, elapsed=0, verify=False)
    )


class SchemaCheckedClient(APIClient):
    """An APIClient whose every answer under /api/v1/ is validated against the OpenAPI schema."""

    openapi = None

    def request(self, **request):
        response = super().request(**request)
        path = response.request["PATH_INFO"]
        # The API root (a list of links) is left out of the schema on purpose.
        if path.startswith(API_PREFIX) and path != API_PREFIX and request["REQUEST_METHOD"] != "OPTIONS":
            check_against_schema(self.openapi, response)
        return response


def client_for(openapi, user=None):
    client = SchemaCheckedClient()
    client.openapi = openapi
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


@pytest.fixture
def workshop():
    return WorkshopFactory(slug="plateforme-c", name="Plateforme C")


@pytest.fixture
def manager(workshop):
    return MembershipFactory(workshop=workshop, user=UserFactory(username="manager")).user


@pytest.fixture
def other_manager():
    return MembershipFactory(workshop=WorkshopFactory(slug="autre-atelier"), user=UserFactory(username="other")).user


@pytest.fixture
def staff():
    return UserFactory(username="staff", is_staff=True)


@pytest.fixture
def anonymous(openapi):
    return client_for(openapi)


@pytest.fixture
def as_manager(openapi, manager):
    return client_for(openapi, manager)


@pytest.fixture
def as_other_manager(openapi, other_manager):
    return client_for(openapi, other_manager)


@pytest.fixture
def as_staff(openapi, staff):
    return client_for(openapi, staff)


@pytest.fixture
def personas(anonymous, as_manager, as_other_manager, as_staff):
    return {"anonymous": anonymous, "manager": as_manager, "other_manager": as_other_manager, "staff": as_staff}
