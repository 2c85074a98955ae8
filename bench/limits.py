"""The "limit" of this stack for each operation: the same result (JSON-equal, checked by the
benchmark) from hand-written SQL through psycopg, shaped in plain Python, serialised with
orjson — what the answer costs with no framework at all.

The survey and CSV limits are older and are not the same result (counts of every answer; an
11-column COPY): they are shown for scale only, and say so in the report."""

import math
import time
from collections import defaultdict
from functools import cached_property
from types import SimpleNamespace

import orjson
import psycopg
from django.conf import settings
from django.utils import timezone
from psycopg.types.json import JsonbLoader, JsonLoader
from rest_framework.utils.urls import replace_query_param

from workshops import hours
from workshops.api.serializers import _archetype, _date, _weekly, machine_representation
from workshops.geo import EARTH_BOX_SCALE, EARTH_RADIUS_KM, chord_metres, earth_point
from workshops.geojson import FEATURE_SQL, UTF8Bytes, open_states_json
from workshops.page_rows import MACHINE_KEYS  # the keys a machine's row has (its SQL is this file's own)
from workshops.provenance import provenance
from workshops.querysets import HOURS_PAIRS_SKIP_SCAN

WORKSHOP_COLUMNS = """
    w.id, w.slug, w.name, w.summary, w.description, w.street, w.address_extra, w.postal_code,
    w.commune_id, c.name, w.department_id, w.region_id, w.latitude, w.longitude,
    w.location_precision, w.website, w.email, w.phone, w.carrier_type, w.access, w.pricing,
    w.opening_hours, w.services, w.audiences, w.labels, w.surface_m2, w.archetype,
    w.archetype_override, w.archetype_reasons, w.activity_status, w.verified_at, w.updated_at, w.version,
    w.wheelchair, w.acceslibre_url, w.activity_started_on, w.activity_closed_on, w.source
"""
WORKSHOP_COLUMN_COUNT = 38
SOURCES = """
    SELECT workshop_id, source, source_date, last_seen FROM workshops_workshopsource
    WHERE workshop_id = ANY(%s) ORDER BY source, source_id
"""
# Only the commune is joined; regions and departments (a few dozen rows) are named from a dict
# read once, as the application names them (joining them too costs a nearby search its index
# walk at 10,000 workshops: the limit then took longer than the endpoint it bounds).
WORKSHOP_JOINS = """
    LEFT JOIN territories_commune c ON c.code = w.commune_id
"""
LAYER_ROWS = """
    SELECT w.slug AS layer_slug, w.name AS layer_name, c.name AS layer_commune, w.department_id AS layer_department,
           w.region_id AS layer_region, COALESCE(w.archetype_override, w.archetype) AS layer_archetype,
           w.opening_hours AS layer_opening_hours, w.equipment_categories::text AS layer_categories,
           w.latitude AS layer_latitude, w.longitude AS layer_longitude,
           w.location_precision AS layer_location_precision,
           (w.archetype_provisional AND w.archetype_override IS NULL AND w.archetype IS NOT NULL)
               AS layer_archetype_provisional
    FROM workshops_workshop w LEFT JOIN territories_commune c ON c.code = w.commune_id
    WHERE w.status = 'published' AND w.latitude IS NOT NULL AND w.longitude IS NOT NULL
      AND w.activity_status <> 'closed'
    ORDER BY w.sort_name, w.id
"""
MACHINES = """
    SELECT e.id, e.workshop_id, e.type_id, e.brand, e.model, e.quantity, e.work_area, e.power_w,
           e.professional_grade, e.requires_training, e.notes, t.slug, t.name, t.name_en, t.category
    FROM workshops_equipment e JOIN workshops_equipmenttype t ON t.id = e.type_id
    WHERE e.workshop_id = ANY(%s) ORDER BY t.category, t.name, e.id
"""


def _place(code, name):
    return {"code": code, "name": name} if code is not None else None


def _datetime(value):
    # DRF's DateTimeField: ISO 8601 in the current time zone.
    return timezone.localtime(value).isoformat() if value is not None else None


class RawPostgres:
    """Each limit answers the same JSON as its endpoint (bench/scenarios.py checks it): the same
    rows read by hand-written SQL through psycopg, shaped by the same pure functions (hours in
    words, the archetype's explanation, a machine's representation) and encoded with orjson."""

    def __init__(self, dsn: str = "", *, connection=None):
        # A connection of its own; or Django's (the tests, inside their transaction), whose JSON
        # columns Django reads as text: they are read as JSON here, as on a connection of our own.
        # Planned as the application's queries are: with the same connection options
        # (random_page_cost, afn_directory/settings.py).
        options = settings.DATABASES["default"].get("OPTIONS", {}).get("options")
        self.connection = connection or psycopg.connect(
            dsn, autocommit=True, **({"options": options} if options else {})
        )
        self._borrowed = connection is not None

    def close(self):
        if not self._borrowed:
            self.connection.close()

    def execute(self, sql, params=None):
        if not self._borrowed:
            return self.connection.execute(sql, params)
        cursor = psycopg.Cursor(self.connection)
        cursor.adapters.register_loader("jsonb", JsonbLoader)
        cursor.adapters.register_loader("json", JsonLoader)
        return cursor.execute(sql, params)

    @cached_property
    def _division_names(self) -> dict:
        """The names of the departments and regions, read once (as each application process does)."""
        return {
            kind: dict(self.execute(f"SELECT code, name FROM territories_{kind}").fetchall())
            for kind in ("department", "region")
        }

    def _machines(self, ids):
        by_workshop = defaultdict(list)
        for row in self.execute(MACHINES, (ids,)).fetchall():
            machine = dict(zip(MACHINE_KEYS, row, strict=True))
            by_workshop[machine["workshop_id"]].append(machine)
        return by_workshop

    def _sources(self, ids):
        by_workshop = defaultdict(list)
        if ids:
            for workshop_id, source, source_date, last_seen in self.execute(SOURCES, (ids,)).fetchall():
                by_workshop[workshop_id].append({"source": source, "source_date": source_date, "last_seen": last_seen})
        return by_workshop

    def _workshops(self, rows, base_url, with_distance=False):
        machines = self._machines([row[0] for row in rows])
        sources = self._sources([row[0] for row in rows if row[WORKSHOP_COLUMN_COUNT - 1]])  # w.source
        types, weekly_memo = {}, {}
        results = []
        for row in rows:
            (
                pk,
                slug,
                name,
                summary,
                description,
                street,
                extra,
                postal_code,
                commune,
                commune_name,
                department,
                region,
                lat,
                lon,
                precision,
                website,
                email,
                phone,
                carrier,
                access,
                pricing,
                opening_hours,
                services,
                audiences,
                labels,
                surface,
                archetype,
                override,
                reasons,
                activity,
                verified_at,
                updated_at,
                version,
                wheelchair,
                acceslibre_url,
                started_on,
                closed_on,
                _source,
            ) = row[:WORKSHOP_COLUMN_COUNT]
            workshop = SimpleNamespace(
                effective_archetype=override or archetype, archetype_override=override, archetype_reasons=reasons
            )
            results.append(
                {
                    "slug": slug,
                    "name": name,
                    "url": f"{base_url}/workshops/{slug}/",
                    "summary": summary,
                    "description": description,
                    "street": street,
                    "address_extra": extra,
                    "postal_code": postal_code,
                    "commune": _place(commune, commune_name),
                    "department": _place(department, self._division_names["department"].get(department)),
                    "region": _place(region, self._division_names["region"].get(region)),
                    "latitude": lat,
                    "longitude": lon,
                    "location_precision": precision,
                    "website": website,
                    "email": email,
                    "phone": phone,
                    "carrier_type": carrier,
                    "access": access,
                    "pricing": pricing,
                    "wheelchair": wheelchair,
                    "acceslibre_url": acceslibre_url,
                    "opening_hours": {"osm": opening_hours, "weekly": _weekly(opening_hours, weekly_memo)},
                    "open_now": hours.is_open(opening_hours, region),
                    "services": services,
                    "audiences": audiences,
                    "labels": labels,
                    "surface_m2": surface,
                    "archetype": _archetype(workshop),
                    "activity_status": activity,
                    "activity_started_on": _date(started_on),
                    "activity_closed_on": _date(closed_on),
                    "equipment": [machine_representation(m, types) for m in machines[pk]],
                    "verified_at": _datetime(verified_at),
                    "provenance": provenance(SimpleNamespace(source_rows=sources[pk], verified_at=verified_at)),
                    "updated_at": _datetime(updated_at),
                    "version": version,
                    "distance_km": round(row[WORKSHOP_COLUMN_COUNT], 2) if with_distance else None,
                }
            )
        return results

    def _page(self, where, params, order, url, page_size, with_distance=False, distance=""):
        rows = self.execute(
            f"SELECT {WORKSHOP_COLUMNS}{distance} FROM workshops_workshop w {WORKSHOP_JOINS} "
            f"WHERE {where} ORDER BY {order} LIMIT %(page_size)s",
            {**params, "page_size": page_size},
        ).fetchall()
        # Cold, as the application after a change: the count too is read, not remembered; as the
        # application, not when the first page holds them all.
        count = len(rows)
        if count == page_size:
            count = self.execute(f"SELECT count(*) FROM workshops_workshop w WHERE {where}", params).fetchone()[0]
        base_url = url.split("/api/")[0]
        return orjson.dumps(
            {
                "count": count,
                "next": replace_query_param(url, "page", 2) if count > page_size else None,
                "previous": None,
                "results": self._workshops(rows, base_url, with_distance),
            }
        )

    def nearest(self, lat, lon, url, radius_km=50, page_size=20, types=(), open_pairs=None) -> bytes:
        """The first page of the workshops around a point, nearest first, as GET /api/v1/workshops/?lat&lon;
        with any of the machine `types` and open now (`open_pairs`: the (opening hours, region)
        pairs open now) when given."""
        params = {
            "r": 2 * EARTH_RADIUS_KM,
            "lat0": math.radians(lat),
            "lon0": math.radians(lon),
            "lat": lat,
            "lon": lon,
            "metres": radius_km * 1000 * EARTH_BOX_SCALE * 1.001,
            "chord": chord_metres(radius_km),
            "centre": earth_point(lat, lon),
        }
        haversine = (
            "%(r)s * asin(sqrt(power(sin((radians(w.latitude) - %(lat0)s) / 2), 2) + cos(%(lat0)s) "
            "* cos(radians(w.latitude)) * power(sin((radians(w.longitude) - %(lon0)s) / 2), 2)))"
        )
        where = (
            "w.status = 'published' AND earth_box(ll_to_earth(%(lat)s, %(lon)s), %(metres)s) "
            "@> workshop_earth_point(w.latitude, w.longitude) "
            "AND (workshop_earth_point(w.latitude, w.longitude) <-> %(centre)s::cube) <= %(chord)s"
        )
        if types:
            type_condition, type_params = self._any_type(types)
            where += f" AND {type_condition}"
            params |= type_params
        if open_pairs is not None:
            where += " AND w.opening_hours || '|' || coalesce(w.region_id, '') = ANY(%(open)s)"
            params["open"] = [f"{expression}|{region or ''}" for expression, region in open_pairs]
        order = "workshop_earth_point(w.latitude, w.longitude) <-> ll_to_earth(%(lat)s, %(lon)s)"
        return self._page(where, params, order, url, page_size, with_distance=True, distance=f", {haversine}")

    def filtered_page(self, region, types, open_expressions, url, page_size=50) -> bytes:
        """A region's workshops with any of the machine types, open now: GET /api/v1/workshops/?region&equipment&open_now."""
        any_type, type_params = self._any_type(types)
        where = f"""
            w.status = 'published' AND w.region_id = %(region)s AND w.opening_hours = ANY(%(open)s)
            AND {any_type}
        """
        params = {"region": region, "open": open_expressions, **type_params}
        return self._page(where, params, "w.sort_name, w.id", url, page_size)

    def _any_type(self, types) -> tuple[str, dict]:
        """Any of the machine types (slugs): the ids of its machines' types each workshop stores
        (and the indexes carry)."""
        type_ids = [
            pk for (pk,) in self.execute("SELECT id FROM workshops_equipmenttype WHERE slug = ANY(%s)", (list(types),))
        ]
        condition = " OR ".join(f"w.equipment_types @> %(type{i})s::jsonb" for i in range(len(type_ids)))
        return f"({condition or 'false'})", {f"type{i}": orjson.dumps([pk]).decode() for i, pk in enumerate(type_ids)}

    def detail(self, slug, base_url) -> bytes:
        rows = self.execute(
            f"SELECT {WORKSHOP_COLUMNS} FROM workshops_workshop w {WORKSHOP_JOINS} "
            "WHERE w.slug = %s AND w.status = 'published'",
            (slug,),
        ).fetchall()
        return orjson.dumps(self._workshops(rows, base_url)[0])

    def _open_states(self) -> dict:
        """Whether each (opening hours, region) pair of the directory is open, evaluated once a
        minute, as each application process does (`workshops.querysets.open_states`)."""
        minute = int(time.time() // 60)
        if getattr(self, "_states_minute", None) != minute:
            pairs = self.execute(HOURS_PAIRS_SKIP_SCAN.format(table="workshops_workshop")).fetchall()
            self._states = {(e, r): hours.is_open(e, r) for e, r in pairs}
            self._states_minute = minute
        return self._states

    def geojson(self, base_url) -> bytes:
        """The map layer of every published, located workshop, as GET /api/v1/workshops/geojson/:
        each feature written by PostgreSQL (the application's `FEATURE_SQL`)."""
        states = self._open_states()
        cursor = psycopg.Cursor(self.connection)
        cursor.adapters.register_loader("text", UTF8Bytes)  # the features' bytes as received
        rows = cursor.execute(
            FEATURE_SQL.replace("{rows}", LAYER_ROWS), (open_states_json(states), f"{base_url}/workshops/", "/")
        ).fetchall()
        return b'{"type":"FeatureCollection","features":[' + b",".join(row[0] for row in rows) + b"]}"

    def survey_aggregates(self, region: str) -> bytes:
        return survey_aggregates_sql(self.connection, region)

    def csv_export(self, path) -> None:
        with (
            open(path, "wb") as handle,
            self.connection.cursor() as cursor,
            cursor.copy(
                """COPY (SELECT w.slug, w.name, c.name, w.department_id, w.region_id, w.latitude, w.longitude,
                            w.access, w.pricing, w.opening_hours, w.archetype
                     FROM workshops_workshop w LEFT JOIN territories_commune c ON c.code = w.commune_id
                     WHERE w.status = 'published' ORDER BY w.id)
               TO STDOUT WITH (FORMAT csv, HEADER, DELIMITER ';')"""
            ) as copy,
        ):
            handle.write("\ufeff".encode())
            for block in copy:
                handle.write(block)


def survey_aggregates_sql(connection, region: str) -> bytes:
    """Counts of every (question, answer) of the user responses about one region's workshops.

    Multiple-choice arrays are unnested, so this is the same table of counts the app computes.
    """
    rows = connection.execute(
        """
        SELECT a.key, COALESCE(m.value, a.value #>> '{}') AS answer, count(*)
        FROM surveys_response r
        JOIN surveys_questionnaire q ON q.id = r.questionnaire_id AND q.audience = 'user'
        JOIN workshops_workshop w ON w.id = r.workshop_id AND w.region_id = %s AND w.status = 'published'
        CROSS JOIN LATERAL jsonb_each(r.answers) AS a
        LEFT JOIN LATERAL jsonb_array_elements_text(
            CASE WHEN jsonb_typeof(a.value) = 'array' THEN a.value END) AS m(value) ON true
        GROUP BY 1, 2
        """,
        (region,),
    ).fetchall()
    return orjson.dumps(rows)
