"""On PostgreSQL: the cube and earthdistance extensions and a GiST index of every workshop's
position on the sphere, for k-nearest searches (`ORDER BY … <-> …`). Nothing on SQLite, which
keeps the bounding box of `geo.nearby_box`.

The index is on our own function, `workshop_earth_point`, which calls `ll_to_earth` with the
search path set: earthdistance's functions name their `earth` type without its schema, so an index
on `ll_to_earth` itself cannot be rebuilt by pg_restore (which empties the search path).

earthdistance is not a trusted extension: the migration must run as a superuser once (or a
superuser creates both extensions beforehand; IF NOT EXISTS then makes this step a no-op).
"""

from django.db import migrations

INDEX = "workshop_earth"
CREATE = [
    "CREATE EXTENSION IF NOT EXISTS cube",
    "CREATE EXTENSION IF NOT EXISTS earthdistance",
    "CREATE OR REPLACE FUNCTION workshop_earth_point(double precision, double precision) RETURNS earth"
    " LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = public, pg_temp"
    " AS 'SELECT ll_to_earth($1, $2)'",
    f"CREATE INDEX IF NOT EXISTS {INDEX} ON workshops_workshop USING gist (workshop_earth_point(latitude, longitude))",
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in CREATE:
            schema_editor.execute(statement)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
        schema_editor.execute("DROP FUNCTION IF EXISTS workshop_earth_point(double precision, double precision)")


class Migration(migrations.Migration):
    dependencies = [
        ("workshops", "0010_officials_study_criteria"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
