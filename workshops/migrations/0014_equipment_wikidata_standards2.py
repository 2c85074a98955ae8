from django.db import migrations

from workshops.taxonomy import load_equipment_types


def add_checked_wikidata_items(apps, schema_editor):
    load_equipment_types(apps.get_model("workshops", "EquipmentType"))


class Migration(migrations.Migration):
    """Existing databases get the Wikidata items checked since 0013 (workshops/taxonomy.py).

    Microcontroller, 3D scanner (×2), milling machine, VR headset, and laser cutting (Q593053)
    for the CO₂ laser cutter; the taxonomy is reloaded whole, so a later check only edits REFERENCES.
    """

    dependencies = [
        ("workshops", "0013_standards_references_accessibility"),
    ]

    operations = [
        migrations.RunPython(add_checked_wikidata_items, migrations.RunPython.noop),
    ]
