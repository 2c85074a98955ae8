"""On PostgreSQL: the `workshop_earth` GiST index also carries each workshop's status and
coordinates (INCLUDE), so that the count of a nearby search — every published workshop within
the radius, its haversine distance checked — is an index-only scan: no visit to the table for
the ~1,700 workshops within 50 km of Lyon at 100,000 (8 ms → 1.6 ms; docs/performance.md).
Nothing on SQLite.
"""

from django.db import migrations

INDEX = "workshop_earth"
KEY = "workshop_earth_point(latitude, longitude)"


def _rebuild(include):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
            schema_editor.execute(f"CREATE INDEX {INDEX} ON workshops_workshop USING gist ({KEY}){include}")

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("workshops", "0015_mergedslug_realdata2"),
    ]

    operations = [
        migrations.RunPython(_rebuild(" INCLUDE (status, latitude, longitude)"), _rebuild(""), elidable=False),
    ]
