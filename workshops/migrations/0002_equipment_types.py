from django.db import migrations

from workshops.taxonomy import load_equipment_types


def load(apps, schema_editor):
    load_equipment_types(apps.get_model("workshops", "EquipmentType"))


class Migration(migrations.Migration):
    dependencies = [("workshops", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
