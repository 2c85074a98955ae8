"""The "limit" of this stack for each operation: one hand-written SQL query through psycopg,
serialised with orjson — what the same result costs with no framework at all."""

import math

import orjson
import psycopg

from workshops.geo import EARTH_RADIUS_KM, bounding_box


class RawPostgres:
    def __init__(self, dsn: str):
        self.connection = psycopg.connect(dsn, autocommit=True)

    def close(self):
        self.connection.close()

    def geojson(self) -> bytes:
        rows = self.connection.execute(
            """
            SELECT w.slug, w.name, w.latitude, w.longitude, c.name, w.department_id,
                   COALESCE(w.archetype_override, w.archetype), w.equipment_categories
            FROM workshops_workshop w LEFT JOIN territories_commune c ON c.code = w.commune_id
            WHERE w.status = 'published' AND w.latitude IS NOT NULL
            """
        ).fetchall()
        return orjson.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "geometry": {"type": "Point", "coordinates": [r[3], r[2]]},
                        "properties": {
                            "slug": r[0],
                            "name": r[1],
                            "commune": r[4],
                            "department": r[5],
                            "archetype": r[6],
                            "equipment_categories": r[7],
                        },
                    }
                    for r in rows
                ],
            }
        )

    def nearest(self, lat: float, lon: float, limit: int = 20, radius_km: float = 50) -> bytes:
        box = bounding_box(lat, lon, radius_km)
        rows = self.connection.execute(
            """
            SELECT slug, name, latitude, longitude, d FROM (
              SELECT slug, name, latitude, longitude,
                     2 * %(r)s * asin(sqrt(power(sin((radians(latitude) - %(lat)s) / 2), 2)
                       + cos(%(lat)s) * cos(radians(latitude)) * power(sin((radians(longitude) - %(lon)s) / 2), 2))) AS d
              FROM workshops_workshop
              WHERE status = 'published' AND latitude BETWEEN %(s)s AND %(n)s AND longitude BETWEEN %(w)s AND %(e)s
            ) AS near WHERE d <= %(radius)s ORDER BY d, slug LIMIT %(limit)s
            """,
            {
                "r": EARTH_RADIUS_KM,
                "lat": math.radians(lat),
                "lon": math.radians(lon),
                "s": box.south,
                "n": box.north,
                "w": box.west,
                "e": box.east,
                "radius": radius_km,
                "limit": limit,
            },
        ).fetchall()
        return orjson.dumps([{"slug": r[0], "name": r[1], "distance_km": r[4]} for r in rows])

    def filtered_page(self, region: str, types: list[str], open_expressions: list[str], page_size: int = 50) -> bytes:
        where = """
            w.status = 'published' AND w.region_id = %(region)s AND w.opening_hours = ANY(%(open)s)
            AND EXISTS (SELECT 1 FROM workshops_equipment e WHERE e.workshop_id = w.id AND e.type_id = %(t1)s)
            AND EXISTS (SELECT 1 FROM workshops_equipment e WHERE e.workshop_id = w.id AND e.type_id = %(t2)s)
        """
        type_ids = dict(
            self.connection.execute(
                "SELECT slug, id FROM workshops_equipmenttype WHERE slug = ANY(%s)", (types,)
            ).fetchall()
        )
        params = {
            "region": region,
            "open": open_expressions,
            "t1": type_ids.get(types[0]),
            "t2": type_ids.get(types[1]),
            "size": page_size,
        }
        count = self.connection.execute(f"SELECT count(*) FROM workshops_workshop w WHERE {where}", params).fetchone()[
            0
        ]
        rows = self.connection.execute(
            f"""
            SELECT w.slug, w.name, w.summary, w.latitude, w.longitude, c.name, w.access, w.pricing, w.opening_hours,
                   (SELECT json_agg(json_build_object('type', t.slug, 'category', t.category, 'brand', e.brand,
                                                      'model', e.model, 'quantity', e.quantity))
                    FROM workshops_equipment e JOIN workshops_equipmenttype t ON t.id = e.type_id
                    WHERE e.workshop_id = w.id)
            FROM (SELECT * FROM workshops_workshop w WHERE {where} ORDER BY w.name LIMIT %(size)s) AS w
            LEFT JOIN territories_commune c ON c.code = w.commune_id
            ORDER BY w.name
            """,
            params,
        ).fetchall()
        return orjson.dumps({"count": count, "results": [list(r) for r in rows]})

    def detail(self, slug: str) -> bytes:
        row = self.connection.execute(
            """
            SELECT w.slug, w.name, w.summary, w.description, w.street, w.postal_code, c.name, w.department_id,
                   w.region_id, w.latitude, w.longitude, w.website, w.email, w.phone, w.access, w.pricing,
                   w.opening_hours, w.services, w.audiences, w.labels, w.archetype, w.verified_at, w.updated_at,
                   w.version,
                   (SELECT json_agg(json_build_object('type', t.slug, 'category', t.category, 'brand', e.brand,
                                                      'model', e.model, 'quantity', e.quantity))
                    FROM workshops_equipment e JOIN workshops_equipmenttype t ON t.id = e.type_id
                    WHERE e.workshop_id = w.id)
            FROM workshops_workshop w LEFT JOIN territories_commune c ON c.code = w.commune_id
            WHERE w.slug = %s AND w.status = 'published'
            """,
            (slug,),
        ).fetchone()
        return orjson.dumps(list(row))

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
