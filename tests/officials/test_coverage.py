"""Coverage counts census workshops provisionally open to the public, and says how many are provisional.

Pays de la Loire (52): a fablab of the national census in Angers (49) that no manager has described
(provisionally open to the public), a workshop whose manager declared it open in Nantes (44), and a
census fablab of La Roche-sur-Yon (85) whose manager then said "members only".
"""

import csv
import io
import re

import pytest
from django.conf import settings
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.html import escape
from openpyxl import load_workbook

from officials.coverage import uncovered
from officials.models import OfficialScope
from territories.models import EPCI, Commune
from tests.factories import UserFactory, WorkshopFactory, commune
from tests.importers.conftest import cget_csv, cget_row
from workshops.importers import cget
from workshops.models import Workshop
from workshops.vocabularies import Access, Status

pytestmark = pytest.mark.django_db

CENSUS_ANGERS = cget_row(
    ID="501", NOM_TL="Fablab d'Angers", ADRESSE="1 place du Ralliement", CP="49000", COMINIT="Angers",
    INSEECOM="49007", NOMCOM="Angers", LAT="47.4712", LONG="-0.5518", INSEEDEP="49", WEB="fablab-angers.example.org",
)  # fmt: skip
CENSUS_LA_ROCHE = cget_row(
    ID="502", NOM_TL="Fablab yonnais", ADRESSE="5 rue Foch", CP="85000", COMINIT="La Roche-sur-Yon",
    INSEECOM="85191", NOMCOM="La Roche-sur-Yon", LAT="46.6705", LONG="-1.4260", INSEEDEP="85",
    WEB="fablab-yonnais.example.org",
)  # fmt: skip


@pytest.fixture
def region():
    cget.import_file(cget_csv(CENSUS_ANGERS, CENSUS_LA_ROCHE))
    census = Workshop.objects.get(sources__source_id="501")
    members = Workshop.objects.get(sources__source_id="502")
    members.access = Access.MEMBERS  # its manager said so: the census's "open" no longer counts
    members.save()
    declared = WorkshopFactory(name="Atelier de Nantes", slug="atelier-nantes", access=Access.OPEN)
    for workshop in (census, members):
        assert workshop.status == Status.PUBLISHED
        assert workshop.provisional_profile["access"]["value"] == Access.OPEN
    assert census.access == ""
    return {"census": census, "declared": declared, "members": members}


def official(username, region_id="52"):
    user = UserFactory(username=username)
    OfficialScope.objects.create(user=user, region_id=region_id)
    return user


def _dashboard(client, **params):
    client.force_login(official("off52"))
    response = client.get("/officials/", params)
    assert response.status_code == 200
    return response


def _listed(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return sorted(w.slug for w in response.context["page"])


def test_it_tells_what_it_counts_from_what_it_infers_for_one_workshop(region):
    assert region["census"].provisional_access == Access.OPEN
    with translation.override("fr"):  # outside a request, whatever language the last one left
        assert region["census"].get_provisional_access_display() == "Ouvert à tous"
    assert region["members"].provisional_access == ""  # the manager said otherwise
    assert region["declared"].provisional_access == ""
    workshops = Workshop.objects.published()
    assert {w.slug for w in workshops.open_to_the_public()} == {region["census"].slug, "atelier-nantes"}
    assert [w.slug for w in workshops.provisionally_open_to_the_public()] == [region["census"].slug]
    assert [w.slug for w in workshops.declared_open_to_the_public()] == ["atelier-nantes"]


def test_the_dashboard_counts_census_workshops_as_provisionally_open_to_the_public(client, region):
    context = _dashboard(client).context
    assert (context["public"].workshops, context["public"].provisional) == (2, 1)
    coverage = {c.code: c for c in context["department_coverage"]}
    assert (coverage["49"].workshops, coverage["49"].provisional) == (1, 1)
    assert coverage["49"].per_100k > 0
    assert (coverage["44"].workshops, coverage["44"].provisional) == (1, 0)
    assert (coverage["85"].workshops, coverage["85"].provisional) == (0, 0)  # members only, as its manager said
    # Maine-et-Loire (the most populous of them) is no longer "without any workshop open to the public".
    assert [c.code for c in context["uncovered_departments"]] == ["85", "72", "53"]
    assert context["provisional_departments"] == 1
    angers = commune("49007").epci_id
    epcis = {c.code: c for c in context["epci_coverage"]}
    assert (epcis[angers].workshops, epcis[angers].provisional) == (1, 1)
    assert angers not in {c.code for c in context["uncovered_epcis"]}
    assert context["provisional_epcis"] == 1
    assert commune("85191").epci_id in {c.code for c in context["uncovered_epcis"]}
    # Every rate with two decimals, departments and EPCIs alike ("0,00", not "0,0" beside "0,82").
    body = _dashboard(client).content.decode()
    rates = re.findall(r'<td class="num">(\d+,\d+)</td></tr>', body)
    assert rates and all(len(rate.split(",")[1]) == 2 for rate in rates)


def test_the_page_says_how_many_are_provisional_in_french_and_in_english(client, region):
    page = _dashboard(client).content.decode()
    assert "<strong>2</strong> ouverts au public" in page
    assert "dont 1 provisoire (données ouvertes, non confirmé par son gestionnaire)" in page
    assert "Dont provisoires</th>" in page  # the coverage tables' column
    assert "1 département n’a que des ateliers provisoirement ouverts au public" in page
    assert "1 EPCI n’a que des ateliers provisoirement ouverts au public" in page
    assert "Parmi ceux dont l’accès est inconnu, 1 est provisoirement ouvert au public" in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/officials/").content.decode()
    assert "<strong>2</strong> open to the public" in page
    assert "of which 1 is provisional (open data, not confirmed by its manager)" in page
    assert "1 department has only provisional workshops open to the public" in page


def test_every_coverage_figure_leads_to_a_list_of_the_workshops_it_counts(client, region):
    context = _dashboard(client).context
    public = context["public"]
    census, nantes = region["census"].slug, "atelier-nantes"
    assert _listed(client, public.url) == sorted([census, nantes])
    assert _listed(client, public.provisional_url) == [census]
    rows = [*context["department_coverage"], *context["epci_coverage"]]
    for row in rows:
        response = client.get(row.url)
        assert response.status_code == 200, row.url
        assert response.context["page"].paginator.count == row.workshops, row.url
        assert client.get(row.provisional_url).context["page"].paginator.count == row.provisional, row.url
    declared = client.get("/officials/workshops/", {"region": "52", "public": "declared"})
    assert [w.slug for w in declared.context["page"]] == [nantes]
    assert client.get("/officials/workshops/", {"public": "bogus"}).status_code == 400


def test_the_list_marks_a_provisional_access_as_provisional(client, region):
    client.force_login(official("off52"))
    page = client.get("/officials/workshops/", {"region": "52"}).content.decode()
    assert "<td>Ouvert à tous (provisoire)</td>" in page  # the census fablab
    assert "<td>Réservé aux adhérents</td>" in page  # what its manager said, not the census
    assert "<td>Ouvert à tous</td>" in page  # declared


def _csv(response):
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text), delimiter=";"))


def test_the_exports_carry_the_provisional_access_in_a_column_of_its_own(client, region):
    client.force_login(official("off52"))
    rows = {r["Nom"]: r for r in _csv(client.get("/officials/export.csv", {"region": "52"}))}
    provisional = "Accès provisoire (données ouvertes, non confirmé par le gestionnaire)"
    census, members = rows["Fablab d'Angers"], rows["Fablab yonnais"]
    assert (census["Accès"], census[provisional]) == ("", "Ouvert à tous")
    assert (members["Accès"], members[provisional]) == ("Réservé aux adhérents", "")
    assert (rows["Atelier de Nantes"]["Accès"], rows["Atelier de Nantes"][provisional]) == ("Ouvert à tous", "")
    header = list(census)
    assert header.index(provisional) == header.index("Accès") + 1
    # The file behind the coverage's "of which provisional" link holds the same workshops.
    listed = _csv(client.get("/officials/export.csv", {"department": "49", "public": "provisional"}))
    assert [r["Nom"] for r in listed] == ["Fablab d'Angers"]

    api = client.get("/api/v1/exports/workshops.xlsx", {"region": "52"})
    sheet = load_workbook(io.BytesIO(b"".join(api.streaming_content)))["ateliers"]
    header = [c.value for c in sheet[1]]
    values = {row[header.index("name")]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert values["Fablab d'Angers"][header.index("access_provisional")] == "open"
    assert values["Fablab yonnais"][header.index("access_provisional")] in ("", None)

    public = client.get("/open-data/workshops.csv").content.decode("utf-8-sig")
    assert "access_provisional" not in public.splitlines()[0]  # open data keeps its published columns


def test_the_pages_and_files_keep_their_permissions(client, region):
    provisional = {"department": "49", "public": "provisional"}
    assert client.get("/officials/").status_code == 302
    assert client.get("/officials/workshops/", provisional).status_code == 302
    assert client.get("/officials/export.csv", provisional)["Location"].startswith("/accounts/login/?next=")
    client.force_login(official("off11", region_id="11"))
    assert client.get("/officials/", {"region": "52"}).status_code == 403
    assert client.get("/officials/workshops/", provisional).status_code == 403
    assert client.get("/officials/export.csv", provisional).status_code == 403
    assert client.get("/officials/").context["public"].workshops == 0  # their own region, Île-de-France
    client.force_login(UserFactory(username="staff", is_staff=True))
    context = client.get("/officials/").context
    assert (context["public"].workshops, context["public"].provisional) == (2, 1)
    assert client.get("/officials/workshops/", provisional).context["page"].paginator.count == 1


def _dashboard_queries(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/officials/").status_code == 200
    return len(queries)


def test_the_dashboard_queries_do_not_grow_with_the_workshops(client, region):
    client.force_login(official("off52"))
    client.get("/officials/")
    before = _dashboard_queries(client)
    places = [("44184", "44600"), ("49099", "49300"), ("53130", "53000"), ("72181", "72000")]
    for index, (code, postal_code) in enumerate(places):
        WorkshopFactory(
            slug=f"recense-{index}", commune=commune(code), postal_code=postal_code, access="",
            provisional_profile={"access": {"value": "open", "source": "cget-2019", "fr": "…", "en": "…"}},
        )  # fmt: skip
        WorkshopFactory(slug=f"declare-{index}", commune=commune(code), postal_code=postal_code, access="on_request")
    assert _dashboard_queries(client) == before
    assert client.get("/officials/").context["public"].provisional == 5


REDON_AGGLOMERATION = "243500741"  # Ille-et-Vilaine and Morbihan (Bretagne), Loire-Atlantique (Pays de la Loire)
CAP_ATLANTIQUE = "244400610"  # Loire-Atlantique, and three communes of Morbihan
RENNES_METROPOLE = "243500139"  # all in Ille-et-Vilaine


def _population_in(epci, region):
    return Commune.objects.filter(epci_id=epci, region_id=region, kind="commune").aggregate(p=Sum("population"))["p"]


def test_an_epci_across_the_border_counts_its_part_and_is_no_white_zone_with_a_workshop_next_door(client):
    # Pays de la Loire read "CA Redon Agglomération — 67 121 habitants" among its EPCIs without a
    # workshop open to the public, while Redon (Ille-et-Vilaine) has three; Bretagne read Cap
    # Atlantique's 77,687 inhabitants where 6,767 live in Bretagne.
    WorkshopFactory(name="Atelier de Redon", slug="atelier-redon", commune=commune("35236"), postal_code="35600")
    client.force_login(official("off52"))
    response = client.get("/officials/", HTTP_ACCEPT_LANGUAGE="en")
    epcis = {c.code: c for c in response.context["epci_coverage"]}
    redon = epcis[REDON_AGGLOMERATION]
    assert redon.partial and (redon.workshops, redon.across) == (0, 1)
    assert (
        redon.population
        == _population_in(REDON_AGGLOMERATION, "52")
        < EPCI.objects.get(pk=REDON_AGGLOMERATION).population
    )
    # Not a white zone: neither among the 20 the page names nor among those it counts.
    assert REDON_AGGLOMERATION not in {c.code for c in uncovered(response.context["epci_coverage"])}
    cap = epcis[CAP_ATLANTIQUE]
    assert cap.partial and cap.population == _population_in(CAP_ATLANTIQUE, "52")
    page = response.content.decode()
    assert f"{escape(cap.name)}</a> — {cap.population:,} inhabitants (part in the territory)</li>" in page
    across = "(part in the territory; 1 workshop open to the public on the other side of the border)"
    assert f'CA Redon Agglomération <span class="note">{across}</span>' in page
    assert "1 EPCI has no workshop open to the public in the territory but has one on the other side" in page
    assert "An EPCI that crosses the territory's border counts for its part in the territory" in page
    assert client.get(redon.url).context["page"].paginator.count == 0  # what the figure counts: this side

    client.force_login(official("off53", region_id="53"))
    response = client.get("/officials/", HTTP_ACCEPT_LANGUAGE="en")
    epcis = {c.code: c for c in response.context["epci_coverage"]}
    redon, cap = epcis[REDON_AGGLOMERATION], epcis[CAP_ATLANTIQUE]
    assert (redon.workshops, redon.across, redon.population) == (1, 0, _population_in(REDON_AGGLOMERATION, "53"))
    assert cap.population == _population_in(CAP_ATLANTIQUE, "53") < 10_000  # Camoël, Férel, Pénestin
    assert (cap.workshops, cap.across) == (0, 0)  # nobody's workshop on either side: a white zone
    rennes = epcis[RENNES_METROPOLE]
    assert not rennes.partial and rennes.population == EPCI.objects.get(pk=RENNES_METROPOLE).population


def test_the_epcis_without_a_workshop_say_how_many_there_are_and_lead_to_them_all(client, region):
    response = _dashboard(client)
    shown, total = len(response.context["uncovered_epcis"]), response.context["uncovered_epci_count"]
    assert shown == 20 < total
    page = client.get("/officials/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f"The 20 most populous of {total}." in page
    assert '<a href="#coverage-epci">All of them in the table “Coverage by EPCI”</a>' in page
    assert 'id="coverage-epci"' in page
