"""On PostgreSQL: the `workshop_earth` GiST index also carries each workshop's machine types,
opening hours and region, so that the count of "a laser cutter near me, open now" (the types and
the open (hours, region) pairs checked on every candidate within the radius) is an index-only
scan like the plain nearby count: at 100,000 around Lyon, 8.5 → 2 ms (docs/performance.md).
Nothing on SQLite.
"""

from django.db import migrations

EARTH_INDEX = "workshop_earth"
EARTH_KEY = "workshop_earth_point(latitude, longitude)"


def _earth_index(include):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP INDEX IF EXISTS {EARTH_INDEX}")
            schema_editor.execute(
                f"CREATE INDEX {EARTH_INDEX} ON workshops_workshop USING gist ({EARTH_KEY}) {include}"
            )

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("workshops", "0017_equipment_types_search"),
    ]

    operations = [
        migrations.RunPython(
            _earth_index("INCLUDE (status, latitude, longitude, equipment_types, opening_hours, region_id)"),
            _earth_index("INCLUDE (status, latitude, longitude)"),
            elidable=False,
        ),
    ]
