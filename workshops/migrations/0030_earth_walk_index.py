"""On PostgreSQL: a second GiST index of the workshops' positions, with nothing else, for the
k-nearest walk of a nearby page (`ORDER BY … <-> …`).

`workshop_earth` carries the columns that a nearby count checks (status, coordinates, machine
types, opening hours, region: the count reads the index alone), which makes its entries several
times wider: a walk in distance order reads and compares more pages for the same twenty rows. At
100,000 workshops around Lyon, the twenty nearest took 1.4 ms through it, 0.85 ms through this
one (30 MB against 9 MB; docs/performance.md). PostgreSQL takes each for what it does best: this
one for a page, `workshop_earth` for a count. Nothing on SQLite.
"""

from django.db import migrations

INDEX = "workshop_earth_walk"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON workshops_workshop "
            "USING gist (workshop_earth_point(latitude, longitude))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("workshops", "0029_one_waiting_invitation_per_address"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
