from django.db import migrations

from surveys import loader


def load(apps, schema_editor):
    loader.load_all(
        apps.get_model("surveys", "Questionnaire"),
        apps.get_model("surveys", "Section"),
        apps.get_model("surveys", "Question"),
    )


class Migration(migrations.Migration):
    dependencies = [("surveys", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
