"""Lists ordered by name follow French alphabetical order, whatever the database's collation: a
"C" collation (this machine's PostgreSQL, SQLite) put every accented or lower-case initial after
the Z ("École de la fabrication numérique de Caen", "betamachine", "le Bêta Lab": 17 of the 420
workshops of the census and the demo data)."""

import pytest
from django.db import connection

from officials.models import OfficialScope
from tests.factories import UserFactory, WorkshopFactory
from workshops.models import Workshop

pytestmark = pytest.mark.django_db

NAMES = ["zBis", "École numérique", "Atelier", "le Bêta Lab", "Ébène", "betamachine", "Le Biome", "Ecole du bois"]
FRENCH_ORDER = [
    "Atelier",
    "betamachine",
    "Ébène",
    "Ecole du bois",
    "École numérique",
    "le Bêta Lab",
    "Le Biome",
    "zBis",
]


@pytest.fixture
def workshops():
    return [WorkshopFactory(name=name) for name in NAMES]


def test_the_api_lists_workshops_in_french_alphabetical_order(client, workshops):
    names = [r["name"] for r in client.get("/api/v1/workshops/").json()["results"]]
    assert names == FRENCH_ORDER
    backwards = [r["name"] for r in client.get("/api/v1/workshops/", {"ordering": "-name"}).json()["results"]]
    assert backwards == FRENCH_ORDER[::-1]
    layer = client.get("/api/v1/workshops/geojson/").json()
    assert [f["properties"]["name"] for f in layer["features"]] == FRENCH_ORDER


def test_the_list_the_embedded_map_and_the_officials_list_too(client, workshops):
    body = client.get("/workshops/").content.decode()
    assert [body.index(f">{name}</a>") for name in FRENCH_ORDER] == sorted(
        body.index(f">{name}</a>") for name in FRENCH_ORDER
    )
    embed = client.get("/embed/", {"region": "52"}).content.decode()
    positions = [embed.index(f">{name}</a>") for name in FRENCH_ORDER]
    assert positions == sorted(positions)
    official = UserFactory()
    OfficialScope.objects.create(user=official, region_id="52")
    client.force_login(official)
    listed = client.get("/officials/workshops/", {"region": "52"}).context["page"]
    assert [w.name for w in listed] == FRENCH_ORDER


def test_a_renamed_workshop_takes_its_place_in_the_order(workshops):
    atelier = Workshop.objects.get(name="Atelier")
    atelier.name = "Îlot fab"
    atelier.save(update_fields=["name"])
    assert Workshop.objects.get(pk=atelier.pk).sort_name == "ilot fab"
    names = list(Workshop.objects.values_list("name", flat=True))
    assert names.index("Îlot fab") == names.index("École numérique") + 1


def test_postgresql_compares_the_sort_keys_byte_by_byte(workshops):
    """As SQLite does: whatever the database's collation, spaces and punctuation count ("fab lab"
    before "fabex") and the map layer's sort of every workshop stays cheap."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite compares text byte by byte already")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT collation_name FROM information_schema.columns"
            " WHERE table_name = 'workshops_workshop' AND column_name = 'sort_name'"
        )
        assert cursor.fetchone() == ("C",)
    WorkshopFactory(name="Fabex"), WorkshopFactory(name="Fab Lab")
    names = list(Workshop.objects.values_list("name", flat=True))
    assert names.index("Fab Lab") < names.index("Fabex")
