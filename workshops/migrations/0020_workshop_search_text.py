"""Each workshop's folded search text (`workshops.search.text_of`), filled for the workshops there
are, and on PostgreSQL a trigram index on it (pg_trgm, a trusted extension) that serves the text
search's `LIKE '%word%'`. SQLite scans the one column.
"""

from collections import defaultdict

from django.db import migrations, models

INDEX = "workshop_search_text_trgm"


def fill(apps, schema_editor):
    from workshops.search import text_of

    Workshop = apps.get_model("workshops", "Workshop")
    Equipment = apps.get_model("workshops", "Equipment")
    EquipmentType = apps.get_model("workshops", "EquipmentType")
    types = {kind.pk: kind for kind in EquipmentType.objects.all()}
    machines = defaultdict(set)
    for workshop_id, type_id in Equipment.objects.values_list("workshop_id", "type_id").iterator(chunk_size=5000):
        machines[workshop_id].add(type_id)
    workshops = list(
        Workshop.objects.select_related("commune").only(
            "name", "summary", "commune__name", "carrier_type", "services", "audiences", "labels"
        )
    )
    for workshop in workshops:
        commune = workshop.commune.name if workshop.commune_id else ""
        workshop.search_text = text_of(workshop, commune, [types[t] for t in sorted(machines[workshop.pk])])
    Workshop.objects.bulk_update(workshops, ["search_text"], batch_size=1000)


def index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON workshops_workshop USING gin (search_text gin_trgm_ops)"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("workshops", "0019_equipment_type_names_typography"),
    ]

    operations = [
        migrations.AddField(
            model_name="workshop",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False, verbose_name="search text"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(index, drop_index, elidable=False),
    ]
