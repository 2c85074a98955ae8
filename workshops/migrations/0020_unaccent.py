"""On PostgreSQL: the unaccent extension, which the text search folds accents with (`workshops.search`).
Nothing on SQLite, where the application registers the same folding on each connection.

unaccent is a trusted extension (PostgreSQL 13+): the database's owner may create it.
"""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")


class Migration(migrations.Migration):
    dependencies = [
        ("workshops", "0019_equipment_type_names_typography"),
    ]

    operations = [migrations.RunPython(create, migrations.RunPython.noop, elidable=False)]
