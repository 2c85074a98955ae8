"""Distances: the database's haversine agrees with an independent formula, on any database."""

import math
import random
from datetime import UTC, datetime

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from tests.factories import EquipmentFactory, WorkshopFactory, equipment_type
from workshops import geo
from workshops.models import Workshop

NANTES = (47.2184, -1.5536)
TUESDAY_AFTERNOON = datetime(2026, 11, 24, 14, tzinfo=UTC)  # 15:00 in Nantes


def law_of_cosines_km(lat1, lon1, lat2, lon2):
    """The spherical law of cosines: a different formula for the same great-circle distance."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    cos_angle = math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(math.radians(lon2 - lon1))
    return geo.EARTH_RADIUS_KM * math.acos(max(-1.0, min(1.0, cos_angle)))


def test_it_matches_known_distances():
    # Paris (Notre-Dame) – Lyon (Bellecour): about 392 km as the crow flies.
    assert geo.haversine_km(48.8530, 2.3499, 45.7578, 4.8320) == pytest.approx(391.6, abs=1.0)
    assert geo.haversine_km(*NANTES, *NANTES) == 0


def test_the_bounding_box_holds_every_point_within_the_radius():
    rng = random.Random(7)
    for _ in range(500):
        lat, lon = rng.uniform(-60, 60), rng.uniform(-170, 170)
        radius = rng.uniform(1, 500)
        box = geo.bounding_box(lat, lon, radius)
        bearing = rng.uniform(0, 2 * math.pi)
        # A point at 99.9 % of the radius in a random direction.
        d = radius * 0.999 / geo.EARTH_RADIUS_KM
        lat2 = math.asin(
            math.sin(math.radians(lat)) * math.cos(d) + math.cos(math.radians(lat)) * math.sin(d) * math.cos(bearing)
        )
        lon2 = math.radians(lon) + math.atan2(
            math.sin(bearing) * math.sin(d) * math.cos(math.radians(lat)),
            math.cos(d) - math.sin(math.radians(lat)) * math.sin(lat2),
        )
        point = math.degrees(lat2), math.degrees(lon2)
        assert box.south <= point[0] <= box.north
        assert box.west <= point[1] <= box.east


@pytest.mark.django_db
def test_nearby_orders_by_distance_like_an_independent_computation():
    rng = random.Random(42)
    points = [
        (round(NANTES[0] + rng.uniform(-1.5, 1.5), 5), round(NANTES[1] + rng.uniform(-2, 2), 5)) for _ in range(40)
    ]
    for i, (lat, lon) in enumerate(points):
        WorkshopFactory(name=f"Point {i}", latitude=lat, longitude=lon)
    result = list(Workshop.objects.published().nearby(*NANTES, radius_km=120))
    expected = sorted(
        ((law_of_cosines_km(*NANTES, lat, lon), f"Point {i}") for i, (lat, lon) in enumerate(points)),
    )
    expected = [(d, name) for d, name in expected if d <= 120]
    assert [w.name for w in result] == [name for _, name in expected]
    for workshop, (distance, _) in zip(result, expected, strict=True):
        assert workshop.distance_km == pytest.approx(distance, abs=0.01)


@pytest.mark.django_db
def test_nearby_leaves_out_unlocated_workshops_and_those_beyond_the_radius():
    WorkshopFactory(name="Here")
    WorkshopFactory(name="Nowhere", latitude=None, longitude=None)
    WorkshopFactory(name="Paris", latitude=48.8566, longitude=2.3522)
    assert [w.name for w in Workshop.objects.nearby(*NANTES, radius_km=50)] == ["Here"]


@pytest.mark.django_db
@pytest.mark.parametrize("radius_km", [5, 40, 300])
def test_the_k_nearest_are_the_haversine_truth_on_any_database(radius_km):
    """The same workshops, in the same order and at the same distances as plain haversine_km,
    for the first k and for every one within the radius (dense clusters and scattered points)."""
    rng = random.Random(radius_km)
    centres = [NANTES, (48.8566, 2.3522), (43.2965, 5.3698)]
    points = []
    for i in range(120):
        lat0, lon0 = centres[i % 3]
        spread = 0.05 if i % 2 else 2.0
        points.append((lat0 + rng.uniform(-spread, spread), lon0 + rng.uniform(-spread, spread)))
    for i, (lat, lon) in enumerate(points):
        WorkshopFactory(name=f"Point {i}", slug=f"point-{i}", latitude=lat, longitude=lon)
    truth = sorted((geo.haversine_km(*NANTES, lat, lon), f"Point {i}") for i, (lat, lon) in enumerate(points))
    truth = [(d, name) for d, name in truth if d <= radius_km]
    nearby = Workshop.objects.published().nearby(*NANTES, radius_km=radius_km)
    assert [w.name for w in nearby[:20]] == [name for _, name in truth[:20]]
    rows = list(nearby.values_list("name", "distance_km"))
    assert [name for name, _ in rows] == [name for _, name in truth]
    assert [d for _, d in rows] == pytest.approx([d for d, _ in truth], abs=1e-6)


def _destination(lat, lon, bearing_degrees, km):
    """The point `km` from (lat, lon) along a bearing, on the sphere of haversine_km."""
    angle, bearing = km / geo.EARTH_RADIUS_KM, math.radians(bearing_degrees)
    phi, lam = math.radians(lat), math.radians(lon)
    phi2 = math.asin(math.sin(phi) * math.cos(angle) + math.cos(phi) * math.sin(angle) * math.cos(bearing))
    lam2 = lam + math.atan2(
        math.sin(bearing) * math.sin(angle) * math.cos(phi), math.cos(angle) - math.sin(phi) * math.sin(phi2)
    )
    return math.degrees(phi2), math.degrees(lam2)


@pytest.mark.django_db
@pytest.mark.parametrize("radius_km", [1, 50, 500])
def test_the_radius_holds_to_the_metre_in_every_direction(radius_km):
    # PostgreSQL checks the radius on the index's points (the chord between them), SQLite with
    # the haversine: either way a workshop 2 m inside the radius is found, one 2 m beyond is not.
    for bearing in range(0, 360, 45):
        for name, km in (("inside", radius_km - 0.002), ("beyond", radius_km + 0.002)):
            lat, lon = _destination(*NANTES, bearing, km)
            WorkshopFactory(name=f"{name} {bearing}", slug=f"{name}-{bearing}", latitude=lat, longitude=lon)
    found = Workshop.objects.published().nearby(*NANTES, radius_km=radius_km)
    assert sorted(found.values_list("name", flat=True)) == sorted(f"inside {b}" for b in range(0, 360, 45))
    assert found.count() == 8


@pytest.fixture
def thirty_near_nantes_on_postgresql(db):
    """Thirty workshops north of Nantes, on PostgreSQL (the k-nearest index exists there only)."""
    if connection.vendor != "postgresql":
        pytest.skip("the k-nearest index exists on PostgreSQL only (SQLite scans a box)")
    for i in range(30):
        WorkshopFactory(slug=f"w-{i}", latitude=47 + i / 100, longitude=-1.5)


def plan_with(sql, params=(), *, off):
    """PostgreSQL's plan for `sql` with the given planner methods turned off (a table this small
    is cheaper to scan or sort: forbidding the alternatives shows the plan the index allows)."""
    with connection.cursor() as cursor:
        cursor.execute("; ".join(f"SET enable_{method} = off" for method in off))
        try:
            cursor.execute("EXPLAIN " + sql, params)
            return "\n".join(row[0] for row in cursor.fetchall())
        finally:
            cursor.execute("; ".join(f"RESET enable_{method}" for method in off))


def test_postgresql_walks_the_gist_index_in_distance_order(thirty_near_nantes_on_postgresql):
    # bench.plans shows the ordered index walk chosen at 100,000.
    plan = plan_with(
        *Workshop.objects.published().nearby(*NANTES, radius_km=50)[:20].query.sql_with_params(),
        off=("seqscan", "bitmapscan", "sort"),
    )
    print(plan)
    # The narrow index of the positions alone (migration 0030), not the count's wider one.
    assert "workshop_earth_walk" in plan
    assert "Order By" in plan


def test_postgresql_counts_the_workshops_within_a_radius_from_the_index_alone(thirty_near_nantes_on_postgresql):
    # The index carries status and coordinates (migration 0016): the count of a nearby search
    # (status and the haversine distance checked) can be an index-only scan, no visit to the
    # table for each of the ~1,700 workshops within 50 km of Lyon at 100,000 (bench.plans).
    # The radius is checked on the index's own point (the chord, geo.earth_within_condition).
    with CaptureQueriesContext(connection) as queries:
        count = Workshop.objects.published().nearby(*NANTES, radius_km=50).count()
    # PostgreSQL's switch for index scans holds index-only scans back too: among the index scans
    # that are left, the narrow index of the page's walk (migration 0030) costs less on thirty
    # rows that no VACUUM marked visible. Set aside for the question asked here, then put back.
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DROP INDEX workshop_earth_walk")
        plan = plan_with(queries.captured_queries[-1]["sql"], off=("seqscan", "bitmapscan", "indexscan"))
        transaction.set_rollback(True)
    print(plan)
    assert "Index Only Scan using workshop_earth " in plan
    assert "<->" in plan and "asin" not in plan.lower()
    assert count == 30


def test_postgresql_counts_a_search_by_machine_without_visiting_the_machines(thirty_near_nantes_on_postgresql):
    # Each workshop stores the ids of its machines' types, and the territory and nearby indexes
    # carry them (migrations 0017, 0018): "a laser cutter in Pays de la Loire, open now", or near a
    # point, is counted with no probe of the machines of every candidate — at 100,000 an
    # index-only scan of workshop_status_region, 25 → 4 ms (bench.plans; VACUUM, which marks
    # the pages all-visible, cannot run in a test's transaction).
    laser = equipment_type("decoupeuse-laser-co2")
    for workshop in Workshop.objects.order_by("slug")[:12]:
        EquipmentFactory(workshop=workshop, type=laser)
    searches = (
        Workshop.objects.published().filter(region_id="52").open_now(at=TUESDAY_AFTERNOON),
        Workshop.objects.published().nearby(*NANTES, radius_km=50),
        Workshop.objects.published().nearby(*NANTES, radius_km=50).open_now(at=TUESDAY_AFTERNOON),
    )
    for queryset in searches:
        queryset = queryset.with_any_equipment(types=["decoupeuse-laser-co2", "graveur-laser-diode"])
        with CaptureQueriesContext(connection) as queries:
            count = queryset.count()
        plan = plan_with(queries.captured_queries[-1]["sql"], off=("seqscan", "bitmapscan"))
        print(plan)
        assert "Index" in plan
        assert "equipment_types @>" in plan
        assert "workshops_equipment" not in plan
        assert count == 12


def test_postgresql_plans_for_memory_not_spinning_disks(thirty_near_nantes_on_postgresql):
    # With the default random_page_cost (4), a nearby search with a selective filter ("open
    # now", a machine) gave up the index walk for a bitmap scan and a sort of every workshop
    # within the radius: 1 → 25–30 ms at 100,000 (docs/performance.md). The settings set 1.1.
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone()[0] == "1.1"


def test_postgresql_plans_a_search_asked_again_once_per_connection(thirty_near_nantes_on_postgresql, client):
    # Bound on the server and prepared once run five times (DB_PREPARE_THRESHOLD): the nearby
    # search is then planned once per connection, not at every request (docs/performance.md).
    from django.core.cache import cache

    url = f"/api/v1/workshops/?lat={NANTES[0]}&lon={NANTES[1]}&radius_km=50&page_size=5"
    for _ in range(6):
        cache.clear()  # every kept answer and count forgotten: the queries run
        assert client.get(url).json()["count"] == 30
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [statement for (statement,) in cursor.fetchall()]
    assert any("earth_box" in statement and "LIMIT" in statement for statement in prepared), prepared


def test_postgresql_checks_the_radius_with_a_centre_computed_once(thirty_near_nantes_on_postgresql):
    # A prepared query may be given a plan for any values (a generic plan): there a centre written
    # `ll_to_earth($1, $2)` in the radius check is computed again for every candidate (13.6 ms
    # instead of 1.5 for the count of 100,000 around Lyon, bench.plans --generic). The centre is a
    # value of its own (geo.earth_point), the very point PostgreSQL computes.
    with connection.cursor() as cursor:
        cursor.execute("SELECT ll_to_earth(%s, %s)::text", NANTES)
        assert cursor.fetchone()[0] == geo.earth_point(*NANTES)
    # The count's conditions, as a prepared query's generic plan checks them.
    from bench.plans import generic_plan

    queryset = Workshop.objects.published().nearby(*NANTES, radius_km=50).order_by().values("pk")
    plan = generic_plan(*queryset.query.sql_with_params())
    print(plan)
    [radius_check] = [line for line in plan.splitlines() if "Filter:" in line]
    assert "<->" in radius_check
    assert "ll_to_earth" not in radius_check
