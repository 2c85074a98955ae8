"""Read replicas: reads go to the replica, writes (and reads inside a write's transaction) to the primary.

A second, empty database plays the replica (afn_directory/test_settings.py): a row found there
was read there.
"""

import pytest
from django.test import override_settings

from afn_directory.db_router import PrimaryReplicaRouter, unpin
from territories.models import Region

pytestmark = pytest.mark.django_db(databases=["default", "replica"])

ROUTED = override_settings(DATABASE_ROUTERS=["afn_directory.db_router.PrimaryReplicaRouter"])


@pytest.fixture
def only_on_replica():
    region = Region.objects.using("replica").create(code="99", name="Région de la réplique")
    unpin()
    return region


def test_reads_go_to_the_replica(only_on_replica):
    with ROUTED:
        assert Region.objects.filter(code="99").exists()
        assert Region.objects.get(code="99").name == "Région de la réplique"
    assert not Region.objects.filter(code="99").exists(), "without the router, reads stay on the primary"


def test_writes_go_to_the_primary_and_never_to_the_replica():
    with ROUTED:
        Region.objects.create(code="98", name="Écrite sur le primaire")
    assert Region.objects.using("default").filter(code="98").exists()
    assert not Region.objects.using("replica").filter(code="98").exists()


def test_after_a_write_the_request_reads_from_the_primary_until_the_next_request(only_on_replica, client):
    with ROUTED:
        Region.objects.create(code="98", name="Écrite sur le primaire")
        assert Region.objects.filter(code="98").exists()
        assert not Region.objects.filter(code="99").exists()
        client.get("/healthz")  # a new request
        assert Region.objects.filter(code="99").exists()


def test_migrations_run_on_the_primary_only():
    router = PrimaryReplicaRouter()
    assert router.allow_migrate("default", "workshops")
    assert not router.allow_migrate("replica", "workshops")


def test_a_replica_url_adds_the_router(monkeypatch):
    import importlib

    from afn_directory import settings as settings_module

    monkeypatch.setenv("SECRET_KEY", "x")
    monkeypatch.setenv("DATABASE_REPLICA_URL", "postgres://reader@replica.example:5432/afn")
    try:
        reloaded = importlib.reload(settings_module)
        assert reloaded.DATABASES["replica"]["HOST"] == "replica.example"
        assert reloaded.DATABASE_ROUTERS == ["afn_directory.db_router.PrimaryReplicaRouter"]
    finally:
        monkeypatch.delenv("DATABASE_REPLICA_URL")
        importlib.reload(settings_module)


def test_a_workshops_public_read_is_read_on_the_replica(client):
    """The API's read of a workshop runs its SQL compiled once per connection (page_rows.CompiledRows):
    on the replica's connection when the router sends reads there."""
    from workshops.models import Workshop
    from workshops.vocabularies import Status

    Workshop.objects.using("replica").create(slug="sur-la-replique", name="Sur la réplique", status=Status.PUBLISHED)
    unpin()
    url = "/api/v1/workshops/sur-la-replique/"
    assert client.get(url).status_code == 404, "without the router, reads stay on the primary"
    with ROUTED:
        response = client.get(url)
    assert response.status_code == 200
    assert response.json()["name"] == "Sur la réplique"
