"""Real data a citizen can trust: the same workshops whatever the order of import, private contacts kept
private, a place's own website, the source and its date, provisional criteria."""

import json
from pathlib import Path

import pytest

from territories.models import Commune
from workshops.importers import cget, fablabs
from workshops.importers.contacts import is_generic_email, is_public_phone, link_kind
from workshops.models import PossibleDuplicate, Workshop, WorkshopSource

from .conftest import cget_csv, cget_row
from .test_placement import CENTRES, EIRLAB, LIFFAB

pytestmark = pytest.mark.django_db

PAYLOAD = Path(__file__).parent / "data" / "fablabs_labs.json"
CENSUS = cget_csv(
    cget_row(),
    cget_row(ID="900", NOM_TL="FabLab du Clunisois", ADRESSE="5 place du Marché", CP="71250", COMINIT="Cluny",
             INSEECOM="71137", NOMCOM="Cluny", LAT="46.4380", LONG="4.6650", INSEEDEP="71", WEB="",
             MAIL="fablab.clunisois@orange.fr", COMCLASS="0-5000"),
    # The census lists the same place twice, 25 m apart.
    cget_row(ID="901", NOM_TL="Fablab Clunisois", ADRESSE="5 pl. du Marché", CP="71250", COMINIT="Cluny",
             INSEECOM="71137", NOMCOM="Cluny", LAT="46.4382", LONG="4.6652", INSEEDEP="71", WEB=""),
    EIRLAB,
    LIFFAB,
)  # fmt: skip


@pytest.fixture(autouse=True)
def _centres():
    centres = {**CENTRES, "71137": (46.4344, 4.6590), "44109": (47.2181, -1.5528)}
    for code, (latitude, longitude) in centres.items():
        Commune.objects.filter(code=code).update(latitude=latitude, longitude=longitude)


def directory() -> set:
    """Each workshop as the source records it gathers, with its commune and status."""
    groups = {}
    for link in WorkshopSource.objects.select_related("workshop"):
        key = (link.workshop.commune_id, link.workshop.status, link.workshop.activity_status)
        groups.setdefault(link.workshop_id, [key, set()])[1].add((link.source, link.source_id))
    return {(key, frozenset(records)) for key, records in groups.values()}


def forget_everything():
    PossibleDuplicate.objects.all().delete()
    Workshop.objects.all().delete()


def test_census_then_fablabs_gives_the_same_workshops_as_fablabs_then_census():
    cget.import_file(CENSUS)
    fablabs.import_file(PAYLOAD)
    first = directory()
    forget_everything()

    fablabs.import_file(PAYLOAD)
    cget.import_file(CENSUS)

    assert directory() == first
    by_records = {records: key for key, records in first}
    clunisois = frozenset({("cget-2019", "900"), ("cget-2019", "901"), ("fablabs-io", "1873")})
    assert by_records[clunisois] == ("71137", "published", "active")
    assert by_records[frozenset({("cget-2019", "1347"), ("fablabs-io", "1402")})][:2] == ("33522", "published")
    # Liffab's census position contradicts Liffré; fablabs.io places it there too: published.
    assert by_records[frozenset({("cget-2019", "1453"), ("fablabs-io", "2291")})][:2] == ("35152", "published")
    assert len(first) == 6  # Ping, Clunisois, Eirlab, Liffab, the closed forge, the planned makerspace


def test_a_second_import_of_both_changes_nothing():
    cget.import_file(CENSUS)
    fablabs.import_file(PAYLOAD)
    before = directory()

    census, labs = cget.import_file(CENSUS), fablabs.import_file(PAYLOAD)

    assert directory() == before
    assert (census.created, census.updated, census.linked, labs.created, labs.updated, labs.linked) == (0,) * 6


def test_no_personal_email_or_mobile_from_an_import_is_public(client):
    fablabs.import_file(PAYLOAD)
    cget.import_file(CENSUS)

    liffab = Workshop.objects.get(sources__source_id="2291")
    assert (liffab.email, liffab.phone) == ("", "")
    assert (liffab.private_email, liffab.private_phone) == ("jean.dupont@gmail.com", "06 12 34 56 78")
    forge = Workshop.objects.get(sources__source_id="911")
    assert (forge.email, forge.private_email) == ("", "marie-claire.martin@laposte.net")
    clunisois = Workshop.objects.get(sources__source_id="1873")
    assert (clunisois.email, clunisois.phone) == ("contact@fablab-clunisois.fr", "03 85 59 00 00")
    for workshop in Workshop.objects.published():
        page = client.get(workshop.get_absolute_url()).content.decode()
        api = client.get(f"/api/v1/workshops/{workshop.slug}/").content.decode()
        for private in ("jean.dupont", "06 12 34 56 78", "marie-claire.martin"):
            assert private not in page and private not in api
    listing = client.get("/api/v1/workshops/geojson/").content.decode()
    assert "jean.dupont" not in listing and "06 12 34 56 78" not in listing


@pytest.mark.parametrize(
    ("email", "public"),
    [
        ("contact@fablab-clunisois.fr", True),
        ("info@ping.org", True),
        ("fablab.clunisois@orange.fr", True),
        ("ping@ping.org", True),
        ("jean.dupont@gmail.com", False),
        ("marie-claire.martin@laposte.net", False),
        ("j.durand@univ-rennes.fr", False),
    ],
)
def test_it_tells_an_organisations_email_from_a_persons(email, public):
    assert is_generic_email(email) is public


def test_an_address_named_after_the_place_is_the_places():
    assert is_generic_email("eirlab@enseirb-matmeca.fr", "EirLab")
    assert not is_generic_email("eirlab@enseirb-matmeca.fr", "Fablab Ping")


@pytest.mark.parametrize(
    ("phone", "public"),
    [("02 40 00 00 00", True), ("+33 5 56 84 65 00", True), ("06 12 34 56 78", False), ("+33 7 81 00 00 00", False),
     ("0692 12 34 56", False), ("appeler le lundi", False),
     ("02 40 00 00 00 (accueil)", False)],  # the profile's rule would refuse it: kept private, the row not lost
)  # fmt: skip
def test_only_landlines_are_public(phone, public):
    assert is_public_phone(phone) is public


def test_the_website_is_the_places_own_and_social_links_are_kept_as_such():
    fablabs.import_file(PAYLOAD)

    clunisois = Workshop.objects.get(sources__source_id="1873")
    assert clunisois.website == "http://www.fablab-clunisois.fr"
    assert clunisois.links == [{"url": "https://www.facebook.com/fablabclunisois", "kind": "social"}]
    eirlab = Workshop.objects.get(sources__source_id="1402")
    assert (eirlab.website, eirlab.links[0]["kind"]) == ("https://eirlab.net", "code")
    liffab = Workshop.objects.get(sources__source_id="2291")
    assert liffab.website == "" and {link["kind"] for link in liffab.links} == {"social"}
    assert [link_kind(u) for u in ("https://youtu.be/x", "https://gitlab.com/x", "https://sites.google.com/x")] == [
        "social",
        "code",
        "website",
    ]


def test_sources_dates_and_activity_are_kept():
    fablabs.import_file(PAYLOAD)
    cget.import_file(CENSUS)

    forge = Workshop.objects.get(sources__source_id="911")
    assert (forge.activity_status, str(forge.activity_started_on), str(forge.activity_closed_on)) == (
        "closed",
        "2012-05-01",
        "2016-12-31",
    )
    assert str(forge.sources.get().source_date) == "2017-01-10"
    assert str(WorkshopSource.objects.get(source_id="900").source_date) == "2019-01-01"
    # A lab without an address was placed by its pin on the city centre: precision "commune".
    assert Workshop.objects.get(sources__source_id="2291").location_precision == "commune"


def test_census_fablabs_get_a_provisional_archetype_with_its_reasons():
    cget.import_file(CENSUS)

    eirlab = Workshop.objects.get(sources__source_id="1347")
    ping = Workshop.objects.get(sources__source_id="1")
    assert ping.archetype == 3 and ping.archetype_reasons[0]["provisional"] is True
    assert ping.archetype_provisional and ping.effective_archetype_provisional
    ping.archetype_override = 4  # staff's word is no guess
    assert not ping.effective_archetype_provisional
    assert {r["criterion"] for r in ping.archetype_reasons if r["kind"] == "provisional"} == {
        "labels",
        "services",
        "access",
    }
    assert (ping.carrier_type, ping.access, ping.services) == ("", "", [])  # the profile itself says nothing
    assert eirlab.provisional_profile["labels"]["source"] == "cget-2019"


def test_a_managers_answer_wins_over_a_provisional_value():
    cget.import_file(CENSUS)
    ping = Workshop.objects.get(sources__source_id="1")

    ping.carrier_type, ping.access, ping.pricing = "company", "on_request", "quote"
    ping.save()

    ping.refresh_from_db()
    assert ping.archetype == 5
    provisional = {r["criterion"] for r in ping.archetype_reasons if r["kind"] == "provisional"}
    assert "access" not in provisional


def test_the_payload_fixture_is_what_the_fablabs_api_lists():
    labs = json.loads(PAYLOAD.read_text())["labs"]
    assert {"id", "name", "kind_name", "city", "postal_code", "country_code", "latitude", "links"} <= set(labs[0])


def test_a_coworking_fablab_in_a_rural_commune_is_a_provisional_village_square_with_its_reason(client):
    cget.import_file(
        cget_csv(
            cget_row(ID="950", NOM_TL="Tiers-lieu coworking et fablab de Cluny", CP="71250", COMINIT="Cluny",
                     INSEECOM="71137", NOMCOM="Cluny", LAT="46.4340", LONG="4.6600", INSEEDEP="71",
                     COMCLASS="0-5000")
        )
    )  # fmt: skip
    place = Workshop.objects.get(sources__source_id="950")

    assert place.archetype == 2 and place.archetype_reasons[0]["provisional"] is True
    provisional = [r["en"] for r in place.archetype_reasons if r["kind"] == "provisional"]
    assert "a commune of fewer than 5,000 people" in provisional
    page = client.get(place.get_absolute_url()).content.decode()
    assert "commune de moins de 5 000 habitants" in page

    # Its manager places it in Nantes: the census's size class was Cluny's, it no longer counts.
    place.commune = Commune.objects.get(code="44109")
    place.save()
    place.refresh_from_db()
    assert place.archetype == 3
    assert "a commune of fewer than 5,000 people" not in [r["en"] for r in place.archetype_reasons]


def test_a_rural_census_fablab_lists_its_commune_size_among_the_inferred_facts():
    cget.import_file(CENSUS)

    clunisois = Workshop.objects.get(sources__source_id="900")
    assert clunisois.archetype == 3
    provisional = [r["en"] for r in clunisois.archetype_reasons if r["kind"] == "provisional"]
    assert "a commune of fewer than 5,000 people" in provisional


def test_a_rural_commune_alone_does_not_make_a_managers_profile_provisional():
    cget.import_file(CENSUS)
    clunisois = Workshop.objects.get(sources__source_id="900")

    clunisois.carrier_type, clunisois.labels, clunisois.services = "association", ["fab_charter"], ["open_lab"]
    clunisois.access, clunisois.pricing = "open", "membership"
    clunisois.save()

    clunisois.refresh_from_db()
    assert clunisois.archetype == 3
    assert "provisional" not in clunisois.archetype_reasons[0]
    assert [r for r in clunisois.archetype_reasons if r["kind"] == "provisional"] == []
