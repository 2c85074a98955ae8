"""OfficialScope and ExportLog move to the officials app, ManagerInvitation and ProfileReminder to workshops.

The tables stay where they are (the models keep their `db_table`): only Django's idea of which app
owns them changes, here and in the migrations officials 0001 and workshops 0009. Content types
follow, so that permissions and the admin's history keep pointing at the same models.
"""

from django.db import migrations

MOVED = {
    "officialscope": "officials",
    "exportlog": "officials",
    "managerinvitation": "workshops",
    "profilereminder": "workshops",
}


def move_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model, app_label in MOVED.items():
        ContentType.objects.filter(app_label="accounts", model=model).update(app_label=app_label)


def move_content_types_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model, app_label in MOVED.items():
        ContentType.objects.filter(app_label=app_label, model=model).update(app_label="accounts")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_exportlog"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="OfficialScope"),
                migrations.DeleteModel(name="ExportLog"),
                migrations.DeleteModel(name="ManagerInvitation"),
                migrations.DeleteModel(name="ProfileReminder"),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
