"""On PostgreSQL: the cube and earthdistance extensions and a GiST index of every workshop's
position on the sphere, for k-nearest searches (`ORDER BY … <-> …`). Nothing on SQLite, which
keeps the bounding box of `geo.nearby_box`.

earthdistance is not a trusted extension: the migration must run as a superuser once (or a
superuser creates both extensions beforehand; IF NOT EXISTS then makes this step a no-op).
"""

from django.db import migrations

INDEX = "workshop_earth"
CREATE = [
    "CREATE EXTENSION IF NOT EXISTS cube",
    "CREATE EXTENSION IF NOT EXISTS earthdistance",
    f"CREATE INDEX IF NOT EXISTS {INDEX} ON workshops_workshop USING gist (ll_to_earth(latitude, longitude))",
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in CREATE:
            schema_editor.execute(statement)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("workshops", "0010_officials_study_criteria"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
