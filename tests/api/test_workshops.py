import json

import pytest
from django.urls import reverse

from territories.models import Department, Region
from tests.factories import EquipmentFactory, WorkshopFactory, commune, equipment_type
from workshops.models import Equipment, Workshop
from workshops.vocabularies import Status

pytestmark = pytest.mark.django_db

LIST = reverse("api:workshop-list")
PUBLIC_FIELDS = {
    "slug",
    "provenance",
    "activity_started_on",
    "activity_closed_on",
    "name",
    "url",
    "summary",
    "description",
    "street",
    "address_extra",
    "postal_code",
    "commune",
    "department",
    "region",
    "latitude",
    "longitude",
    "location_precision",
    "website",
    "email",
    "phone",
    "carrier_type",
    "access",
    "pricing",
    "wheelchair",
    "acceslibre_url",
    "opening_hours",
    "open_now",
    "services",
    "audiences",
    "labels",
    "surface_m2",
    "archetype",
    "activity_status",
    "equipment",
    "verified_at",
    "updated_at",
    "version",
    "distance_km",
}
PRIVATE_VALUES = {"yearly_budget_eur": 123456, "staff_fte": 7.5, "volunteers": 4242, "members": 3131}


def detail(slug):
    return reverse("api:workshop-detail", args=[slug])


def names(response):
    assert response.status_code == 200, response.content
    return [w["name"] for w in response.json()["results"]]


def test_the_representation_holds_exactly_the_public_fields(anonymous):
    workshop = WorkshopFactory(**PRIVATE_VALUES, revenue_public_pct=61, source="cget", source_id="X-99")
    body = anonymous.get(detail(workshop.slug)).json()
    assert set(body) == PUBLIC_FIELDS
    # Compared leaf by leaf: a private number must not be a value anywhere (a substring test would
    # also find "61" inside a timestamp or a sequence-numbered slug).
    leaves = list(_leaves(anonymous.get(LIST).json())) + list(_leaves(body))
    private_numbers = {123456, 7.5, 4242, 3131, 61}
    assert [leaf for leaf in leaves if isinstance(leaf, int | float) and leaf in private_numbers] == []
    texts = [leaf for leaf in leaves if isinstance(leaf, str)]
    for value in ("123456", "4242", "3131", "X-99", "cget"):
        assert [text for text in texts if value in text] == []
    assert {"7.5", "7.50"}.isdisjoint(texts)  # a decimal serialised as a string


def _leaves(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from _leaves(item)
    elif isinstance(value, list):
        for item in value:
            yield from _leaves(item)
    elif not isinstance(value, bool):
        yield value


def test_it_describes_a_workshop(anonymous, workshop):
    EquipmentFactory(workshop=workshop, type=equipment_type("decoupeuse-laser-co2"), brand="Trotec", quantity=2)
    workshop.archetype_override = 3
    workshop.save()
    body = anonymous.get(detail("plateforme-c")).json()
    assert body["commune"] == {"code": "44109", "name": "Nantes"}
    assert body["department"] == {"code": "44", "name": "Loire-Atlantique"}
    assert body["region"] == {"code": "52", "name": "Pays de la Loire"}
    assert (body["latitude"], body["longitude"]) == (47.2184, -1.5536)
    assert body["opening_hours"]["osm"] == "Tu-Sa 10:00-18:00"
    assert body["opening_hours"]["weekly"]["Tu"] == [{"opens": "10:00", "closes": "18:00"}]
    assert body["opening_hours"]["weekly"]["Mo"] == []
    assert body["archetype"]["number"] == 3
    assert body["archetype"]["set_by"] == "staff"
    [machine] = body["equipment"]
    assert (machine["type"], machine["category"], machine["brand"], machine["quantity"]) == (
        "decoupeuse-laser-co2",
        "laser_cutting",
        "Trotec",
        2,
    )
    assert body["version"] == 1
    assert body["url"] == "http://testserver/workshops/plateforme-c/"


def test_a_classified_workshop_explains_its_archetype_in_the_asked_language(anonymous):
    workshop = WorkshopFactory(carrier_type="higher_education", audiences=["students", "researchers"])
    workshop.refresh_from_db()
    body = anonymous.get(detail(workshop.slug), HTTP_ACCEPT_LANGUAGE="en").json()
    if workshop.archetype is None:
        assert body["archetype"] is None
    else:
        assert body["archetype"]["set_by"] == "classifier"
        assert body["archetype"]["explanation"]


def test_unknown_hours_are_null_not_closed(anonymous):
    workshop = WorkshopFactory(opening_hours="")
    body = anonymous.get(detail(workshop.slug)).json()
    assert body["open_now"] is None
    assert body["opening_hours"] == {"osm": "", "weekly": None}


def test_unpublished_workshops_are_not_public(personas, workshop, manager):
    workshop.status = Status.DRAFT
    workshop.save()
    assert personas["anonymous"].get(detail("plateforme-c")).status_code == 404
    assert personas["other_manager"].get(detail("plateforme-c")).status_code == 404
    assert personas["manager"].get(detail("plateforme-c")).status_code == 200
    assert personas["staff"].get(detail("plateforme-c")).status_code == 200
    for client in personas.values():
        assert "Plateforme C" not in names(client.get(LIST))


def test_every_persona_reads_the_same_public_list(personas, workshop):
    bodies = [client.get(LIST).json() for client in personas.values()]
    assert all(body == bodies[0] for body in bodies)
    assert "Plateforme C" in [w["name"] for w in bodies[0]["results"]]


def test_an_unknown_slug_is_404(anonymous):
    assert anonymous.get(detail("nulle-part")).status_code == 404


class TestFilters:
    @pytest.fixture(autouse=True)
    def directory(self):
        nantes = WorkshopFactory(name="Nantes Lab", access="open", pricing="free", services=["repair"])
        EquipmentFactory(workshop=nantes, type=equipment_type("decoupeuse-laser-co2"))
        EquipmentFactory(workshop=nantes, type=equipment_type("imprimante-3d-fdm"))
        paris = WorkshopFactory(
            name="Paris Fab",
            commune=commune("75056"),
            postal_code="75004",
            latitude=48.8566,
            longitude=2.3522,
            access="members",
            audiences=["students"],
            opening_hours="",
        )
        EquipmentFactory(workshop=paris, type=equipment_type("imprimante-3d-fdm"))
        paris.archetype_override = 4
        paris.save()

    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ("", ["Nantes Lab", "Paris Fab"]),
            ("q=paris", ["Paris Fab"]),
            ("region=11", ["Paris Fab"]),
            ("department=44", ["Nantes Lab"]),
            ("commune=44109", ["Nantes Lab"]),
            ("archetype=4", ["Paris Fab"]),
            ("equipment=imprimante-3d-fdm", ["Nantes Lab", "Paris Fab"]),
            ("equipment=imprimante-3d-fdm&equipment=decoupeuse-laser-co2", ["Nantes Lab", "Paris Fab"]),
            ("equipment_category=laser_cutting", ["Nantes Lab"]),
            ("access=members", ["Paris Fab"]),
            ("pricing=free", ["Nantes Lab"]),
            ("service=repair", ["Nantes Lab"]),
            ("audience=students", ["Paris Fab"]),
            ("equipment=imprimante-3d-fdm&access=open&department=44", ["Nantes Lab"]),
            ("region=11&pricing=free", []),
            ("ordering=-name", ["Paris Fab", "Nantes Lab"]),
            ("lat=48.85&lon=2.35", ["Paris Fab"]),
            ("lat=48.85&lon=2.35&radius_km=500", ["Paris Fab", "Nantes Lab"]),
        ],
    )
    def test_each_filter_alone_and_combined(self, anonymous, query, expected):
        assert names(anonymous.get(f"{LIST}?{query}")) == expected

    def test_open_now(self, anonymous):
        import time_machine

        with time_machine.travel("2026-03-03T10:00:00+00:00", tick=False):
            assert names(anonymous.get(f"{LIST}?open_now=true")) == ["Nantes Lab"]
            for yes in ("1", "TRUE", "yes", "on"):
                assert names(anonymous.get(f"{LIST}?open_now={yes}")) == ["Nantes Lab"]
            everyone = names(anonymous.get(LIST))
            assert len(everyone) > 1
            for no in ("false", "0", "No", ""):  # no condition, not "closed now"
                assert names(anonymous.get(f"{LIST}?open_now={no}")) == everyone

    def test_around_a_point_gives_distances(self, anonymous):
        results = anonymous.get(f"{LIST}?lat=48.85&lon=2.35&radius_km=500").json()["results"]
        assert results[0]["distance_km"] < 1
        assert 330 < results[1]["distance_km"] < 360
        assert anonymous.get(LIST).json()["results"][0]["distance_km"] is None

    def test_ordering_by_update(self, anonymous):
        Workshop.objects.get(name="Nantes Lab").save()
        assert names(anonymous.get(f"{LIST}?ordering=-updated_at")) == ["Nantes Lab", "Paris Fab"]
        assert names(anonymous.get(f"{LIST}?ordering=updated_at")) == ["Paris Fab", "Nantes Lab"]

    @pytest.mark.parametrize(
        ("query", "parameter"),
        [
            ("lat=47.2", "lon"),
            ("lon=-1.5", "lat"),
            ("lat=91&lon=0", "lat"),
            ("lat=47&lon=-1&radius_km=501", "radius_km"),
            ("radius_km=10", "radius_km"),
            ("region=99", "region"),
            ("department=zz", "department"),
            ("commune=00000", "commune"),
            ("archetype=7", "archetype"),
            ("equipment=teleporteur", "equipment"),
            ("access=sometimes", "access"),
            ("pricing=cheap", "pricing"),
            ("service=magic", "service"),
            ("audience=aliens", "audience"),
            ("ordering=price", "ordering"),
            ("ordering=distance", "ordering"),
            ("q=" + "x" * 101, "q"),
            ("open_now=maybe", "open_now"),
            ("closed=bogus", "closed"),
        ],
    )
    def test_bad_values_are_400_naming_the_parameter(self, anonymous, query, parameter):
        response = anonymous.get(f"{LIST}?{query}")
        assert response.status_code == 400
        assert parameter in response.json()


class TestPagination:
    @pytest.fixture(autouse=True)
    def directory(self):
        for n in range(5):
            WorkshopFactory(name=f"Atelier {n}")

    @pytest.mark.parametrize(
        ("page", "why"),
        [("abc", "n’est pas un nombre entier"), ("0", "plus petit que 1"), ("999", "ne contient aucun")],
    )
    def test_a_page_that_is_not_there_is_named_with_why(self, anonymous, page, why):
        response = anonymous.get(f"{LIST}?page={page}", HTTP_ACCEPT_LANGUAGE="fr")
        assert response.status_code == 404  # DRF's answer for a page that is not there
        detail = response.json()["detail"]
        assert detail.startswith(f"Paramètre « page » invalide, « {page} » : ") and why in detail

    def test_pages_have_count_next_previous_results(self, anonymous):
        first = anonymous.get(f"{LIST}?page_size=2").json()
        assert first["count"] == 5
        assert first["previous"] is None
        assert [w["name"] for w in first["results"]] == ["Atelier 0", "Atelier 1"]
        last = anonymous.get(f"{LIST}?page_size=2&page=3").json()
        assert last["next"] is None
        assert [w["name"] for w in last["results"]] == ["Atelier 4"]
        assert "page=2" in last["previous"]

    def test_a_page_past_the_end_is_404(self, anonymous):
        assert anonymous.get(f"{LIST}?page_size=2&page=4").status_code == 404
        assert anonymous.get(f"{LIST}?page=0").status_code == 404
        assert anonymous.get(f"{LIST}?page=abc").status_code == 404

    def test_the_page_size_is_capped_at_200(self, anonymous):
        for n in range(200):
            WorkshopFactory(name=f"Z{n:03}", slug=f"z{n}")
        assert len(anonymous.get(f"{LIST}?page_size=1000").json()["results"]) == 200

    @pytest.mark.parametrize("size", ["abc", "0", "-5", "2.5"])
    def test_a_page_size_that_is_not_one_is_a_400_naming_it(self, anonymous, size):
        # DRF answered 50 rows as if no page size had been asked.
        response = anonymous.get(f"{LIST}?page_size={size}", HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 400
        assert response.json() == {"page_size": [f"“{size}” is not a page size: give a whole number from 1 to 200."]}


def forget_division_names():
    Region.objects.forget_names()
    Department.objects.forget_names()


def test_the_list_query_count_does_not_depend_on_the_page_size(anonymous, django_assert_num_queries):
    for _ in range(12):
        EquipmentFactory(workshop=WorkshopFactory())
    # count, page (with its communes joined), equipment with their types; once per directory
    # generation, its distinct opening hours (the ETag names which are open now); and once per
    # process the names of the regions and of the departments (territories.models.DivisionManager).
    forget_division_names()  # saving the workshops read them (their search text names them)
    with django_assert_num_queries(6):
        assert len(anonymous.get(f"{LIST}?page_size=2").json()["results"]) == 2
    # The same filters again: the count is remembered (workshops.pagination), the page is not.
    with django_assert_num_queries(2):
        assert len(anonymous.get(f"{LIST}?page_size=200").json()["results"]) == 12
    # Other filters, and a first page that holds them all: its length is the count, not asked.
    with django_assert_num_queries(2):
        body = anonymous.get(f"{LIST}?page_size=200&access=open").json()
    assert (body["count"], len(body["results"]), body["next"]) == (12, 12, None)


class TestAFirstPageThatIsNotFull:
    """A first page with fewer workshops than its size is the whole list: the count is its length,
    and its query (the costliest of a search) is not made."""

    def test_it_answers_its_length_as_the_count_without_counting(self, anonymous, django_assert_num_queries):
        WorkshopFactory.create_batch(3)
        anonymous.get(f"{LIST}?ordering=-name")  # another query: the hours and divisions, once
        with django_assert_num_queries(2) as asked:  # the page and its machines
            body = anonymous.get(f"{LIST}?page_size=4").json()
        assert (body["count"], len(body["results"]), body["next"]) == (3, 3, None)
        assert not any("COUNT(" in query["sql"].upper() for query in asked.captured_queries)

    def test_a_full_first_page_still_counts_the_rest(self, anonymous):
        WorkshopFactory.create_batch(3)
        body = anonymous.get(f"{LIST}?page_size=3").json()
        assert (body["count"], len(body["results"]), body["next"]) == (3, 3, None)
        body = anonymous.get(f"{LIST}?page_size=2").json()
        assert (body["count"], len(body["results"])) == (3, 2)
        assert "page=2" in body["next"]
        second = anonymous.get(body["next"]).json()
        assert (second["count"], len(second["results"]), second["next"]) == (3, 1, None)

    def test_nothing_found_is_a_count_of_zero_and_a_page_past_the_end_is_still_404(self, anonymous):
        WorkshopFactory.create_batch(2)
        body = anonymous.get(f"{LIST}?q=nothing-has-this-name").json()
        assert (body["count"], body["results"], body["next"]) == (0, [], None)
        assert anonymous.get(f"{LIST}?page=2").status_code == 404
        assert anonymous.get(f"{LIST}?page=1.5").status_code == 404


class TestRememberedCount:
    """The list's count is cached per filter query until the directory changes."""

    def test_a_new_workshop_is_counted_at_once(self, anonymous):
        WorkshopFactory(name="Atelier A")
        assert anonymous.get(LIST).json()["count"] == 1
        WorkshopFactory(name="Atelier B", slug="atelier-b")
        assert anonymous.get(LIST).json()["count"] == 2

    def test_an_unpublished_or_deleted_workshop_leaves_the_count_at_once(self, anonymous):
        first = WorkshopFactory(name="Atelier A")
        second = WorkshopFactory(name="Atelier B", slug="atelier-b")
        assert anonymous.get(LIST).json()["count"] == 2
        first.status = Status.DRAFT
        first.save()
        assert anonymous.get(LIST).json()["count"] == 1
        second.delete()
        assert anonymous.get(LIST).json()["count"] == 0

    def test_a_new_machine_changes_the_filtered_count_at_once(self, anonymous):
        workshop = WorkshopFactory()
        url = f"{LIST}?equipment=decoupeuse-laser-co2"
        assert anonymous.get(url).json()["count"] == 0
        EquipmentFactory(workshop=workshop, type=equipment_type("decoupeuse-laser-co2"))
        assert anonymous.get(url).json()["count"] == 1

    def test_the_open_now_count_follows_the_clock_without_a_change(self, anonymous):
        """The count is named by the request and which workshops are open now, not by its SQL."""
        import time_machine

        WorkshopFactory(name="Atelier A", opening_hours="Mo-Fr 09:00-18:00")
        WorkshopFactory(name="Atelier B", slug="atelier-b", opening_hours="Mo-Fr 14:00-18:00")
        url = f"{LIST}?open_now=true&page_size=1"
        with time_machine.travel("2026-03-03T07:00:00+00:00", tick=False):  # 08:00 in Paris
            assert anonymous.get(url).json()["count"] == 0
        with time_machine.travel("2026-03-03T09:00:00+00:00", tick=False):
            assert anonymous.get(url).json()["count"] == 1
            assert anonymous.get(f"{url}&page=1").json()["count"] == 1
        with time_machine.travel("2026-03-03T14:00:00+00:00", tick=False):
            assert anonymous.get(url).json()["count"] == 2
            assert len(anonymous.get(f"{url}&page=2").json()["results"]) == 1

    def test_pages_and_page_sizes_share_their_count_but_not_other_parameters(
        self, anonymous, django_assert_num_queries
    ):
        for n in range(3):
            WorkshopFactory(name=f"Atelier {n}", slug=f"atelier-{n}", access="open" if n else "members")
        assert anonymous.get(f"{LIST}?access=open&page_size=1").json()["count"] == 2
        with django_assert_num_queries(2):  # the page and its machines: the count is remembered
            assert anonymous.get(f"{LIST}?page_size=1&access=open&page=2").json()["count"] == 2
        assert anonymous.get(f"{LIST}?access=open&q=Atelier%202&page_size=1").json()["count"] == 1
        assert anonymous.get(f"{LIST}?access=members&page_size=1").json()["count"] == 1

    def test_each_filter_has_its_own_count(self, anonymous):
        WorkshopFactory(name="Atelier A", access="open")
        WorkshopFactory(name="Atelier B", slug="atelier-b", access="members")
        assert anonymous.get(f"{LIST}?access=open").json()["count"] == 1
        assert anonymous.get(LIST).json()["count"] == 2
        assert anonymous.get(f"{LIST}?access=members").json()["count"] == 1


def test_a_machine_reads_the_same_as_drfs_own_fields(rf):
    """The hand-written representation of a machine (for speed) matches DRF's field walk."""
    from rest_framework import serializers

    from workshops.api.serializers import EquipmentSerializer

    full = EquipmentFactory(
        brand="Trotec",
        model="Speedy 400",
        quantity=2,
        work_area="1000 × 610 mm",
        power_w=120,
        professional_grade=True,
        requires_training=True,
        notes="Sur réservation",
        type=equipment_type("decoupeuse-laser-co2"),
    )
    bare = EquipmentFactory(brand="", model="", power_w=None, professional_grade=None)
    for machine in (full, bare):
        serializer = EquipmentSerializer(machine)
        assert serializer.data == serializers.ModelSerializer.to_representation(serializer, machine)
    # As the views read them: plain rows with their type's fields, in either language.
    from django.utils import translation

    from workshops.api.serializers import attach_machines, machine_representation

    workshops = list(Workshop.objects.filter(pk__in=[full.workshop_id, bare.workshop_id]))
    attach_machines(workshops)
    for language in ("fr", "en"):
        with translation.override(language):
            types = {}
            for workshop in workshops:
                [row] = workshop.machine_rows
                machine = Equipment.objects.get(pk=row["id"])
                expected = serializers.ModelSerializer.to_representation(EquipmentSerializer(), machine)
                # As JSON: True == 1 in Python, not in the API (SQLite gives booleans as 0/1).
                assert json.dumps(machine_representation(row, types)) == json.dumps(expected)
                assert expected["type_name"] == str(machine.type.label)


def test_the_detail_query_count(anonymous, workshop, django_assert_num_queries):
    for _ in range(5):
        EquipmentFactory(workshop=workshop)
    # + the directory's opening hours, read once per generation (the ETag names which are open
    # now), + the names of the regions and departments, once per process
    forget_division_names()  # saving the workshop read them (its search text names them)
    with django_assert_num_queries(5):
        assert anonymous.get(detail("plateforme-c")).status_code == 200
    # The next workshop costs its own queries only.
    other = WorkshopFactory(slug="autre-atelier", commune=commune("69123"))
    with django_assert_num_queries(3):
        assert anonymous.get(detail(other.slug)).json()["region"] == {
            "code": "84",
            "name": "Auvergne-Rhône-Alpes",
        }


def test_a_workshops_public_read_runs_the_orms_own_query_compiled_once(workshop):
    """The anonymous read of a workshop runs the SQL the ORM wrote once (page_rows.CompiledRows):
    the same row as the queryset, whatever the workshop has or lacks; nothing unpublished; the
    slug a parameter, never SQL."""
    from unittest import mock

    from django.db.models.sql.compiler import SQLCompiler
    from django.utils import timezone

    from workshops.api.serializers import listed_rows, published_workshop_rows

    workshop.archetype_override, workshop.verified_at, workshop.services = 3, timezone.now(), ["fabrication"]
    workshop.save()
    bare = WorkshopFactory(slug="nu", commune=None, opening_hours="", services=[], latitude=None, longitude=None)
    draft = WorkshopFactory(slug="brouillon", status=Status.DRAFT)
    for each in (workshop, bare):
        expected = list(listed_rows(Workshop.objects.published().filter(slug=each.slug)))
        assert published_workshop_rows(each.slug) == expected
        assert len(expected) == 1
    assert published_workshop_rows(draft.slug) == []
    assert published_workshop_rows("nu' OR '1'='1") == []
    assert published_workshop_rows("") == []
    compiled = []
    original = SQLCompiler.as_sql

    def compiling(self, *args, **kwargs):
        compiled.append(self.query.model)
        return original(self, *args, **kwargs)

    with mock.patch.object(SQLCompiler, "as_sql", compiling):
        assert published_workshop_rows(bare.slug)[0]["slug"] == "nu"
        assert published_workshop_rows(workshop.slug)[0]["archetype_override"] == 3
    assert compiled == []


def test_the_lists_columns_are_named_once_per_process(anonymous, workshop):
    """A page of the list narrows the published workshops' rows, built once (serializers.published_rows):
    a search around a point still adds its distance, another search none."""
    from unittest import mock

    from workshops.api import serializers, views

    anonymous.get(LIST)
    naming = mock.Mock(wraps=serializers.listed_rows)
    with mock.patch.object(serializers, "listed_rows", naming), mock.patch.object(views, "listed_rows", naming):
        near = anonymous.get(f"{LIST}?lat=47.2&lon=-1.55&radius_km=50").json()["results"]
        region = anonymous.get(f"{LIST}?region=52").json()["results"]
        assert anonymous.get(f"{LIST}?lat=45.76&lon=4.83&radius_km=5").json()["count"] == 0
    assert naming.call_count == 0
    assert [w["slug"] for w in near] == [w["slug"] for w in region] == [workshop.slug]
    assert near[0]["distance_km"] is not None
    assert region[0]["distance_km"] is None


def test_a_workshop_reads_the_same_as_drfs_own_fields(rf, workshop):
    """The hand-written representation of a workshop (for speed) matches DRF's field walk."""
    from django.utils import translation
    from rest_framework import serializers
    from rest_framework.request import Request

    from workshops.api.serializers import WorkshopSerializer, attach_machines

    EquipmentFactory(workshop=workshop, type=equipment_type("decoupeuse-laser-co2"), notes="Sur réservation")
    bare = WorkshopFactory(
        slug="nu",
        commune=None,
        opening_hours="",
        verified_at=None,
        services=[],
        surface_m2=None,
        latitude=None,
        longitude=None,
    )
    workshop.verified_at = workshop.updated_at
    workshop.services = ["fabrication"]
    workshop.surface_m2 = 120
    workshop.archetype_override = 3
    workshop.save()
    request = Request(rf.get("/api/v1/workshops/"))
    for language in ("fr", "en"):
        with translation.override(language):
            rows = list(Workshop.objects.select_related("commune", "department", "region").nearby(47.2, -1.55, 50))
            rows += [Workshop.objects.get(slug="nu")]
            attach_machines(rows)
            for row in rows:
                serializer = WorkshopSerializer(row, context={"request": request})
                assert serializer.data == serializers.ModelSerializer.to_representation(serializer, row)
    assert bare.commune is None


def test_a_page_of_the_list_shows_each_workshop_as_its_own_url_does(anonymous, workshop):
    """The list reads its pages as plain rows (serializers.listed_rows), a workshop's URL as a model
    instance: the same JSON, whatever the workshop lacks (commune, hours, position, machines) or has
    (an archetype set by staff, sources, a confirmation)."""
    from django.utils import timezone

    from workshops.models import WorkshopSource

    EquipmentFactory(workshop=workshop, type=equipment_type("decoupeuse-laser-co2"), professional_grade=True)
    EquipmentFactory(workshop=workshop, type=equipment_type("imprimante-3d-fdm"), requires_training=True)
    workshop.archetype_override, workshop.verified_at, workshop.services = 3, timezone.now(), ["fabrication"]
    workshop.save()
    bare = WorkshopFactory(slug="nu", commune=None, opening_hours="", services=[], latitude=None, longitude=None)
    imported = WorkshopFactory(slug="importe", source="cget-2019", commune=commune("69123"))
    WorkshopSource.objects.create(
        workshop=imported, source="cget-2019", source_id="42", source_date=None, last_seen=timezone.now()
    )
    for language in ("fr", "en"):
        page = anonymous.get(f"{LIST}?page_size=200", HTTP_ACCEPT_LANGUAGE=language).json()["results"]
        assert sorted(w["slug"] for w in page) == sorted([workshop.slug, bare.slug, imported.slug])
        for item in page:
            alone = anonymous.get(detail(item["slug"]), HTTP_ACCEPT_LANGUAGE=language).json()
            assert json.dumps(item, sort_keys=True) == json.dumps(alone, sort_keys=True)


def test_a_source_without_a_date_is_dated_by_its_last_import_in_french_time(anonymous):
    """Read by hand-written SQL (workshops.page_rows): SQLite gives the time without its offset."""
    import datetime

    from workshops.models import WorkshopSource

    imported = WorkshopFactory(slug="importe", source="cget-2019")
    late_evening_utc = datetime.datetime(2026, 6, 30, 23, 30, tzinfo=datetime.UTC)  # 1 July in Paris
    WorkshopSource.objects.create(
        workshop=imported, source="cget-2019", source_id="42", source_date=None, last_seen=late_evening_utc
    )
    for url in (detail(imported.slug), LIST):
        body = anonymous.get(url).json()
        sources = (body if url != LIST else body["results"][0])["provenance"]["sources"]
        assert [s["date"] for s in sources] == ["2026-07-01"]
