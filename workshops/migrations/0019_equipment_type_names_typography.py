from django.db import migrations

from workshops.taxonomy import load_equipment_types


def reload_taxonomy(apps, schema_editor):
    load_equipment_types(apps.get_model("workshops", "EquipmentType"))


class Migration(migrations.Migration):
    """Existing databases get the taxonomy's names in French typography: “Centre d’usinage CNC”
    (a typographic apostrophe, as every other label of the site) instead of “Centre d'usinage CNC”."""

    dependencies = [
        ("workshops", "0018_earth_index_hours"),
    ]

    operations = [
        migrations.RunPython(reload_taxonomy, migrations.RunPython.noop),
    ]
