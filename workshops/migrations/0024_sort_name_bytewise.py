"""Names ordered by their sort key compared byte by byte (PostgreSQL's "C" collation) on every
database, as SQLite compares them: the key is already French alphabetical order (accents and case
folded, `workshops.search.sort_key`). Under a language's collation ("en_US.UTF-8", "fr_FR.UTF-8")
PostgreSQL would skip spaces and punctuation ("fab lab" after "fabex") and sort several times
slower (the map layer sorts every published workshop). SQLite has no "C" collation and needs none.

Altering the column's type without its COLLATE would set it back to the database's collation:
`tests/test_alphabetical_order.py` checks it on PostgreSQL.
"""

from django.db import migrations

FORWARD = 'ALTER TABLE workshops_workshop ALTER COLUMN sort_name TYPE varchar(200) COLLATE "C"'
BACKWARD = 'ALTER TABLE workshops_workshop ALTER COLUMN sort_name TYPE varchar(200) COLLATE pg_catalog."default"'


def bytewise(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def by_default(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("workshops", "0023_workshop_sort_name")]

    operations = [migrations.RunPython(bytewise, by_default, elidable=False)]
