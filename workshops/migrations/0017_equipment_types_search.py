"""The ids of each workshop's machine types, stored on the workshop (kept in step by
workshops.classification, as its categories are) and carried by the indexes a search by machine
walks on PostgreSQL: the territory indexes (status, region / department) here, the nearby GiST
index in 0018. A region's count "with a laser cutter, open now" becomes an index-only scan
instead of a probe of the machines of every candidate (25 → 4 ms at 100,000; docs/performance.md).
"""

from collections import defaultdict

from django.db import migrations, models


def store_types(apps, schema_editor):
    Workshop = apps.get_model("workshops", "Workshop")
    Equipment = apps.get_model("workshops", "Equipment")
    types = defaultdict(set)
    for workshop_id, type_id in Equipment.objects.values_list("workshop_id", "type_id").iterator(chunk_size=5000):
        types[workshop_id].add(type_id)
    workshops = [Workshop(pk=pk, equipment_types=sorted(ids)) for pk, ids in types.items()]
    Workshop.objects.bulk_update(workshops, ["equipment_types"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("workshops", "0016_earth_index_covering"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="workshop", name="workshop_status_region"),
        migrations.RemoveIndex(model_name="workshop", name="workshop_status_department"),
        migrations.AddField(
            model_name="workshop",
            name="equipment_types",
            field=models.JSONField(blank=True, default=list, editable=False, verbose_name="equipment types"),
        ),
        migrations.RunPython(store_types, migrations.RunPython.noop, elidable=False),
        migrations.AddIndex(
            model_name="workshop",
            index=models.Index(
                fields=["status", "region"],
                include=("opening_hours", "equipment_types"),
                name="workshop_status_region",
            ),
        ),
        migrations.AddIndex(
            model_name="workshop",
            index=models.Index(
                fields=["status", "department"],
                include=("opening_hours", "equipment_types"),
                name="workshop_status_department",
            ),
        ),
    ]
