"""The officials' dashboard, list, embeddable map and the open-data downloads."""

import csv
import io
import json
from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from officials.models import OfficialScope
from officials.scopes import scope_for
from surveys.models import Questionnaire, Response
from tests.factories import (
    EquipmentFactory,
    MembershipFactory,
    UserFactory,
    UserResponseFactory,
    WorkshopFactory,
    commune,
    equipment_type,
)
from workshops.models import Workshop
from workshops.vocabularies import Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    nantes = WorkshopFactory(name="Atelier de Nantes", slug="atelier-nantes", archetype=3, verified_at=timezone.now())
    EquipmentFactory(workshop=nantes, quantity=2)
    angers = WorkshopFactory(
        name="EPN d'Angers",
        slug="epn-angers",
        commune=commune("49007"),
        postal_code="49000",
        archetype=1,
        carrier_type="public_digital_space",
        verified_at=timezone.now() - timedelta(days=500),
    )
    EquipmentFactory(workshop=angers, type=equipment_type("decoupeuse-laser-co2"))
    paris = WorkshopFactory(
        name="Atelier de Paris", slug="atelier-paris", commune=commune("75056"), postal_code="75001"
    )
    WorkshopFactory(name="En attente", slug="en-attente", status=Status.PENDING)
    return {"nantes": nantes, "angers": angers, "paris": paris}


def official(username, **territory):
    user = UserFactory(username=username)
    OfficialScope.objects.create(user=user, **territory)
    return user


def test_it_sends_anonymous_visitors_to_the_login_page(client):
    response = client.get("/officials/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/officials/")


def test_it_refuses_managers(client, world):
    manager = MembershipFactory(workshop=world["nantes"]).user
    client.force_login(manager)
    assert client.get("/officials/").status_code == 403
    assert client.get("/officials/workshops/").status_code == 403
    assert client.get("/officials/export.csv").status_code == 403


def test_an_official_sees_their_region_only(client, world):
    client.force_login(official("off52", region_id="52"))
    response = client.get("/officials/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Pays de la Loire" in page
    assert "Atelier de Paris" not in page
    assert {p["name"] for p in response.context["map_points"]} == {"Atelier de Nantes", "EPN d'Angers"}
    assert response.context["total"] == 2
    assert response.context["pending"].count == 1
    assert client.get("/officials/", {"region": "11"}).status_code == 403
    assert client.get("/officials/", {"territory": "department:75"}).status_code == 403
    assert client.get("/officials/", {"territory": "all"}).status_code == 403  # the whole country is staff's
    assert client.get("/officials/workshops/", {"region": "11"}).status_code == 403


def test_a_department_official_gets_that_department(client, world):
    client.force_login(official("off49", department_id="49"))
    response = client.get("/officials/")
    assert response.context["territory"].code == "49"
    assert response.context["total"] == 1
    assert client.get("/officials/", {"region": "52"}).status_code == 403


def test_staff_see_the_whole_country(client, world):
    client.force_login(UserFactory(username="staff", is_staff=True))
    response = client.get("/officials/")
    assert response.context["territory"].kind == "all"
    assert response.context["total"] == 3
    assert client.get("/officials/", {"territory": "department:75"}).context["total"] == 1


def test_every_figure_links_to_the_list_it_counts(client, world):
    client.force_login(official("off52", region_id="52"))
    context = client.get("/officials/").context
    figures = [
        *context["by_archetype"],
        *context["by_department"],
        *context["access"],
        *context["opening"],
        *context["freshness"],
        *context["position"],
        context["pending"],
        *context["department_coverage"],
    ]
    for category in context["equipment"]:
        figures.append(category)
    for row in figures:
        listed = client.get(row.url)
        assert listed.status_code == 200, row.url
        count = getattr(row, "count", None)
        if count is None:
            count = row.workshops
        assert listed.context["page"].paginator.count == count, row.url


def test_a_figures_list_says_what_it_counts_and_leads_to_the_whole_territory(
    client, world, django_assert_max_num_queries
):
    client.force_login(official("off52", region_id="52"))
    query = {"region": "52", "archetype": "1", "equipment": ["decoupeuse-laser-co2"], "open_now": "", "page": "1"}
    client.get("/officials/workshops/", query)
    with django_assert_max_num_queries(8):  # no more than the list without its filters
        page = client.get("/officials/workshops/", query).content.decode()
    assert "1 atelier correspond :" in page
    assert "<li>Archétype : Nouveaux espaces de médiation numérique</li>" in page
    assert "<li>Équipements : Découpeuse laser CO₂</li>" in page
    said = page[page.index('<div class="active-filters">') :].split("</div>")[0]
    assert "Ouvert en ce moment" not in said and "Région" not in said, "only the filters the list was given"
    assert '<a href="/officials/workshops/?region=52">Tous les ateliers de Pays de la Loire</a>' in page

    english = client.get("/officials/workshops/", {**query, "mediation": "true"}, HTTP_ACCEPT_LANGUAGE="en")
    text = english.content.decode()
    assert "<li>Archetype: New digital mediation spaces</li>" in text
    assert "<li>Mediation spaces with machines: yes</li>" in text and "Every workshop of Pays de la Loire" in text
    assert "<li>Equipment: CO₂ laser cutter</li>" in text

    plain = client.get("/officials/workshops/", {"region": "52"}).content.decode()
    assert "active-filters" not in plain and "2 ateliers correspondent." in plain


def test_the_figures_count_what_they_say(client, world):
    client.force_login(official("off52", region_id="52"))
    context = client.get("/officials/").context
    archetypes = {row.query["archetype"]: row.count for row in context["by_archetype"]}
    assert archetypes[1] == 1 and archetypes[3] == 1 and archetypes["unknown"] == 0
    assert {row.query["department"]: row.count for row in context["by_department"]}["44"] == 1
    categories = {c.query["category"]: (c.machines, c.workshops) for c in context["equipment"]}
    assert categories == {"3d_printing": (2, 1), "laser_cutting": (1, 1)}
    assert [row.count for row in context["freshness"]] == [1, 1, 0]
    assert [w.slug for w in context["mediation"]] == ["epn-angers"]
    coverage = {c.code: c for c in context["department_coverage"]}
    assert coverage["44"].workshops == 1 and coverage["44"].per_100k > 0
    assert [c.code for c in context["uncovered_departments"]] == ["85", "72", "53"]  # by population
    assert context["uncovered_epcis"][0].population >= context["uncovered_epcis"][-1].population


def test_the_archetypes_say_how_many_a_census_gave(client, world):
    """A census's « fablab » is the census's guess: the official reads how many are, archetype by archetype."""
    Workshop.objects.filter(slug="atelier-nantes").update(archetype=3, archetype_provisional=True)
    client.force_login(official("off52", region_id="52"))
    response = client.get("/officials/")
    rows = {row.query["archetype"]: (row.count, row.provisional) for row in response.context["by_archetype"]}
    assert rows[3] == (1, 1) and rows[1] == (1, 0)
    assert 'Fablabs génériques <span class="provisional">(dont 1 provisoire : données ouvertes)</span>' in (
        response.content.decode()
    )


def test_it_counts_how_precisely_the_workshops_are_placed_and_lists_those_placed_roughly(client, world):
    """Real imports place some workshops at their commune only (the address service did not find
    the street): the official sees how many, and which, to have them placed at their door."""
    world["angers"].location_precision = "commune"
    world["angers"].save()
    WorkshopFactory(name="Rue sans numéro", slug="rue", location_precision="street")
    WorkshopFactory(name="Nulle part", slug="nulle-part", latitude=None, longitude=None)
    client.force_login(official("off52", region_id="52"))
    response = client.get("/officials/")
    position = {row.query["position"]: row.count for row in response.context["position"]}
    assert position == {"door": 1, "street": 1, "commune": 1, "none": 1}
    assert "Position sur la carte" in response.content.decode()
    rough = next(row for row in response.context["position"] if row.query["position"] == "commune")
    listed = client.get(rough.url)
    assert [w.slug for w in listed.context["page"]] == ["epn-angers"]
    assert "<li>Position sur la carte : À la commune seulement (approximatif)</li>" in listed.content.decode()
    assert client.get("/officials/workshops/", {"position": "somewhere"}).status_code == 400

    # The officials' files say it next to the position; open data keeps its published columns.
    text = b"".join(client.get("/officials/export.csv", {"region": "52"}).streaming_content).decode("utf-8-sig")
    rows = {row["Nom"]: row for row in csv.DictReader(io.StringIO(text), delimiter=";")}
    precision = "Précision de la position"
    assert [rows[name][precision] for name in ("EPN d'Angers", "Rue sans numéro", "Nulle part")] == [
        "Commune",
        "Rue",
        "",
    ]
    header = list(rows["EPN d'Angers"])
    assert header.index(precision) == header.index("Longitude") + 1
    api = client.get("/api/v1/exports/workshops.csv", {"region": "52"})
    rows = {
        row["slug"]: row
        for row in csv.DictReader(io.StringIO(b"".join(api.streaming_content).decode("utf-8-sig")), delimiter=";")
    }
    assert rows["epn-angers"]["location_precision"] == "commune"
    public = client.get("/open-data/workshops.csv").content.decode("utf-8-sig")
    assert "location_precision" not in public.splitlines()[0]


def test_the_list_is_scoped_and_uses_a_fixed_number_of_queries(client, world, django_assert_num_queries):
    for i in range(5):
        WorkshopFactory(slug=f"extra-{i}")
    user = official("off52", region_id="52")
    client.force_login(user)
    client.get("/officials/workshops/")
    # 7: whether the official has an authenticator (its code is asked), and the navigation's
    # "Mon territoire" asks once whether the user has a territory; the regions are named from
    # what the process keeps.
    with django_assert_num_queries(7):
        response = client.get("/officials/workshops/", {"region": "52"})
    slugs = {w.slug for w in response.context["page"]}
    assert "atelier-paris" not in slugs and "atelier-nantes" in slugs
    assert [w.slug for w in client.get("/officials/workshops/", {"status": "pending"}).context["page"]] == [
        "en-attente"
    ]
    assert client.get("/officials/workshops/", {"freshness": "bogus"}).status_code == 400


def test_the_maps_say_which_workshops_are_placed_at_their_commune_only(client, world):
    """Their points are the commune's, not the door's: the dashboard's map draws them paler and
    dashed and its legend counts them; the embeddable map (on partners' sites) says so too."""
    world["angers"].location_precision = "commune"
    world["angers"].save()
    client.force_login(official("off52", region_id="52"))
    response = client.get("/officials/")
    assert {p["name"]: p["approximate"] for p in response.context["map_points"]} == {
        "Atelier de Nantes": False,
        "EPN d'Angers": True,
    }
    assert not any(p["provisional"] for p in response.context["map_points"])  # declared, not inferred
    assert "Pâle, en pointillé : 1 atelier placé à sa commune seulement" in response.content.decode()
    config = response.context["map_config"]["text"]
    assert config["approximateName"] == "%(name)s (position approximative)"
    embed = client.get("/embed/", {"department": "49"})
    assert [p["approximate"] for p in embed.context["map_points"]] == [True]
    assert (
        embed.context["map_config"]["text"]["approximate"] == "Position approximative : le repère indique la commune."
    )
    client.force_login(official("off11", region_id="11"))
    assert "en pointillé" not in client.get("/officials/").content.decode()


def test_the_embed_page_is_frameable_from_anywhere_and_shows_one_territory(client, world):
    response = client.get("/embed/", {"department": "49"})
    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    page = response.content.decode()
    assert "EPN d&#x27;Angers" in page and "Atelier de Nantes" not in page
    assert "site-header" not in page
    assert client.get("/officials/").get("X-Frame-Options") == "DENY"
    assert client.get("/embed/").status_code == 404
    assert client.get("/embed/", {"region": "99"}).status_code == 404


def test_the_embed_page_without_a_known_territory_says_what_its_address_needs(client):
    # Someone putting the map on their site opened /embed/ and read "Page introuvable… the
    # workshop it described is no longer listed".
    response = client.get("/embed/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "<h1>Carte à intégrer : quel territoire ?</h1>" in page
    assert '<a href="?region=53">Bretagne</a>' in page and "?department=35" in page
    assert page.index(">Hauts-de-France<") < page.index(">Île-de-France<") < page.index(">La Réunion<")
    assert "introuvable" not in page
    unknown = client.get("/embed/", {"region": "99<b>"})
    assert unknown.status_code == 404
    assert "Aucune région n’a le code « 99&lt;b&gt; »." in unknown.content.decode()
    assert "Aucun département n’a le code « 999 »." in client.get("/embed/", {"department": "999"}).content.decode()
    english = client.get("/embed/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Embeddable map: which territory?" in english


@override_settings(SITE_URL="https://ateliers.example.fr")
def test_the_dashboard_gives_the_iframe_snippet(client, world):
    client.force_login(official("off52", region_id="52"))
    page = client.get("/officials/").content.decode()
    assert (
        "&lt;iframe src=&quot;https://ateliers.example.fr/embed/?region=52&quot; "
        "title=&quot;Ateliers de fabrication numérique : Pays de la Loire&quot;"
    ) in page
    assert '<a href="https://ateliers.example.fr/embed/?region=52">' in page
    client.force_login(UserFactory(username="staff", is_staff=True))
    assert "embed-snippet" not in client.get("/officials/").content.decode(), "no map of the whole country"


def test_the_open_data_is_public_fields_only_and_cached(client, world, django_assert_max_num_queries):
    assert "/open-data/" in client.get("/").content.decode()
    response = client.get("/open-data/workshops.csv")
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    header = text.splitlines()[0].split(",")
    assert "slug" in header and "status" not in header and "yearly_budget_eur" not in header
    assert "atelier-paris" in text and "en-attente" not in text
    with django_assert_max_num_queries(2):
        assert client.get("/open-data/workshops.csv").content == response.content
    assert json.loads(client.get("/open-data/workshops.geojson").content)["type"] == "FeatureCollection"
    assert client.get("/open-data/workshops.xlsx").status_code == 404


def test_scopes_combine_regions_and_departments(world):
    user = official("both", region_id="11")
    OfficialScope.objects.create(user=user, department_id="49")
    scope = scope_for(user)
    from workshops.models import Workshop

    assert {w.slug for w in scope.workshops(Workshop.objects.published())} == {"atelier-paris", "epn-angers"}
    assert [t.key for t in scope.territories()][:1] == ["region:11"]


def test_what_users_say_is_written_in_the_readers_typography(client, world):
    for situation in ["employee"] * 5 + ["student"] * 5:
        UserResponseFactory(workshop=world["nantes"], answers={"situation": situation, "satisfaction": 4})
    client.force_login(official("agent-pdl", region_id="52"))
    french = client.get("/officials/").content.decode()
    assert "<li>Salarié·e : 50,0 % (5)</li>" in french
    english = client.get("/officials/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<li>Employee: 50.0 % (5)</li>" in english


def _surveys_section(page):
    return page[page.index('id="surveys-heading"') : page.index("</section>", page.index('id="surveys-heading"'))]


def test_what_users_say_withholds_every_answer_fewer_than_five_people_gave(client, world):
    # The dashboard showed "Moins de 18 ans : 5,6 % (1)": with the observatory's rows, one
    # under-18 user of a named fablab could be told apart.
    for i in range(18):
        answers = {
            "situation": "student" if i == 0 else "retired" if i < 6 else "employee",
            "recommend": i != 0,
            "satisfaction": 5 if i < 10 else 4,
        }
        UserResponseFactory(workshop=world["nantes"], answers=answers)
    for _ in range(3):  # too few for their archetype's row
        UserResponseFactory(workshop=world["angers"], answers={"situation": "employee", "satisfaction": 1})
    client.force_login(official("agent-pdl", region_id="52"))

    page = _surveys_section(client.get("/officials/", HTTP_ACCEPT_LANGUAGE="en").content.decode())

    assert "<li>Employee: 71.4 % (15)</li>" in page
    assert "<li>Pupil or student: fewer than 5</li>" in page  # 1 of 21: neither its count nor its share
    assert "<li>Job seeker: fewer than 5</li>" in page  # none: "0" would tell the others apart
    # Retired (5) too: else 21 − 15 − 5 would say that one user is a pupil or a job seeker.
    assert "<li>Retired: not shown</li>" in page
    # "No" (1) is withheld; "Yes" too, or 18 − 17 would give it back.
    assert "<li>Yes: not shown</li><li>No: fewer than 5</li>" in page
    # 1 (3 users), 2 and 3 (none) are withheld, and 4 (8) with them: else 21 − 10 − 8 gives 3 back.
    assert "<li>1: fewer than 5</li>" in page and "<li>4: not shown</li>" in page
    assert "<li>5: 47.6 % (10)</li>" in page
    assert "1: not at all, 5: completely." in page  # what the scale's ends mean
    assert "(1)" not in page and "4.8 %" not in page
    # The archetypes' table: no row on fewer than 5 responses, nor one that would give it back
    # from the total (21 − 18 = 3, and its mean from the satisfaction's answers).
    assert page.count("Too few responses to show") == 1 and '<td class="num">3</td>' not in page
    assert page.count("Not shown: the hidden rows could otherwise be worked out from the total") == 1
    assert '<td class="num">18</td>' not in page and "4.6" not in page
    assert '<th scope="col" class="num">Mean satisfaction (1 to 5)</th>' in page
    # With three more in Angers, neither row gives the other away: satisfaction with one decimal.
    for _ in range(3):
        UserResponseFactory(workshop=world["angers"], answers={"situation": "employee", "satisfaction": 1})
    page = _surveys_section(client.get("/officials/", HTTP_ACCEPT_LANGUAGE="en").content.decode())
    assert '<td class="num">18</td><td class="num">1</td><td class="num">4.6</td>' in page
    assert '<td class="num">6</td><td class="num">1</td><td class="num">1.0</td>' in page
    assert '<td class="num">4,6</td>' in _surveys_section(client.get("/officials/").content.decode())


def test_the_key_figures_count_published_workshops_in_the_singular_and_the_plural(client, world):
    client.force_login(official("agent-49", department_id="49"))
    one = client.get("/officials/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<strong>1</strong> published workshop</a>" in one
    client.force_login(official("agent-52", region_id="52"))
    two = client.get("/officials/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<strong>2</strong> published workshops</a>" in two


OFFICIALS_PAGES = ["/officials/", "/officials/workshops/", "/officials/observatory/", "/officials/export.csv"]


@pytest.mark.parametrize("page", OFFICIALS_PAGES)
@pytest.mark.parametrize("value", ["foo:bar", "all", "region:", "region:99", "department:75", "all:53"])
def test_a_territory_the_selector_does_not_know_is_refused_not_replaced(client, world, page, value):
    # `territory=foo:bar` and, for an official, `territory=all` showed their own region as if
    # it had been asked for (the list, the observatory and the exports did until 2026-12-07).
    assert client.get(page, {"territory": value}).status_code == 302  # anonymous: the login
    client.force_login(MembershipFactory(workshop=world["nantes"]).user)
    assert client.get(page, {"territory": value}).status_code == 403  # a manager
    client.force_login(official("off52", region_id="52"))
    response = client.get(page, {"territory": value})
    assert response.status_code == 403
    assert "Ce territoire n’est pas dans votre périmètre, ou n’existe pas." in response.content.decode()
    assert client.get(page, {"territory": "region:52"}).status_code == 200
    if page != "/officials/export.csv":
        assert client.get(page, {"territory": ""}).context["territory"].code == "52"


def test_staff_choose_the_whole_country_and_nothing_unknown(client, world):
    client.force_login(UserFactory(username="staff", is_staff=True))
    assert client.get("/officials/", {"territory": "all"}).context["territory"].kind == "all"
    for page in OFFICIALS_PAGES:
        assert client.get(page, {"territory": "all"}).status_code == 200
        assert client.get(page, {"territory": "all:53"}).status_code == 403
        assert client.get(page, {"territory": "foo:bar"}).status_code == 403
        assert client.get(page, {"territory": "region:99"}).status_code == 403


def test_a_filter_that_is_not_valid_is_named_by_its_label(client, world):
    client.force_login(official("agent-pdl-2", region_id="52"))
    page = client.get("/officials/workshops/?archetype=9").content.decode()
    assert "<li>Archétype : Sélectionnez un choix valide." in page


def test_the_equipment_figures_name_each_machine_type_in_the_readers_language(client, world):
    # An official reading in English saw "Découpeuse laser CO₂" under "Laser cutting and engraving".
    client.force_login(official("off52", region_id="52"))
    for language, expected in (("fr", "Découpeuse laser CO₂"), ("en", "CO₂ laser cutter")):
        context = client.get("/officials/", HTTP_ACCEPT_LANGUAGE=language).context
        laser = next(c for c in context["equipment"] if c.query["category"] == "laser_cutting")
        assert [(t.label, t.count, t.query) for t in laser.types] == [
            (expected, 1, {"equipment": "decoupeuse-laser-co2"})
        ]


def test_the_equipment_figures_take_two_queries_however_many_categories(world, django_assert_num_queries):
    from officials.dashboard import equipment_totals
    from workshops.models import EquipmentType, Workshop

    region = Workshop.objects.published().filter(region_id="52")
    for kind in EquipmentType.objects.all():  # every category of the taxonomy, where there were two
        EquipmentFactory(workshop=world["nantes"], type=kind)
    with django_assert_num_queries(2):  # the categories, the types: not one more per category
        totals = equipment_totals(region)
    assert len(totals) == len({kind.category for kind in EquipmentType.objects.all()}) > 2
    assert sum(len(total.types) for total in totals) == EquipmentType.objects.count()


def test_the_dashboard_says_who_answered_this_years_managers_questionnaire_and_lists_the_others(
    client, world, django_assert_max_num_queries
):
    managers = Questionnaire.objects.current("manager")
    year = timezone.localdate().year
    Response.objects.create(questionnaire=managers, workshop=world["nantes"], year=year, answers={})
    Response.objects.create(questionnaire=managers, workshop=world["angers"], year=year - 1, answers={})  # last year
    MembershipFactory(workshop=world["angers"])
    WorkshopFactory(name="Sans gestionnaire", slug="sans-gestionnaire")  # nobody registered received it
    client.force_login(official("off52", region_id="52"))

    response = client.get("/officials/", HTTP_ACCEPT_LANGUAGE="en")

    rows = {row.label: (row.count, row.url) for row in response.context["questionnaire"]}
    assert rows == {
        "Answered": (1, "/officials/workshops/?region=52&questionnaire=answered"),
        "Manager registered, not answered yet": (1, "/officials/workshops/?region=52&questionnaire=not_answered"),
        "No registered manager": (1, "/officials/workshops/?region=52&questionnaire=no_manager"),
    }
    page = response.content.decode()
    assert f"Managers' questionnaire {year}" in page
    assert "Only the managers registered on the directory receive the questionnaire" in page
    listed = client.get("/officials/workshops/", {"region": "52", "questionnaire": "not_answered"})
    assert [w.slug for w in listed.context["page"]] == ["epn-angers"]
    nobody = client.get("/officials/workshops/", {"region": "52", "questionnaire": "no_manager"})
    assert [w.slug for w in nobody.context["page"]] == ["sans-gestionnaire"]
    export = client.get("/officials/export.csv", {"region": "52", "questionnaire": "not_answered"})
    exported = b"".join(export.streaming_content).decode("utf-8-sig")
    assert "EPN d'Angers" in exported and "Atelier de Nantes" not in exported and "Sans gestionnaire" not in exported
    assert client.get("/officials/workshops/", {"questionnaire": "maybe"}).status_code == 400
