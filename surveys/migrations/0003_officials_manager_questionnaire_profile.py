"""Publishes the manager questionnaire's new version: origin, governance, purpose, equipment level and
funders now update the workshop's profile (and reach the classifier)."""

from django.db import migrations

from surveys import loader


def load(apps, schema_editor):
    loader.load_all(
        apps.get_model("surveys", "Questionnaire"),
        apps.get_model("surveys", "Section"),
        apps.get_model("surveys", "Question"),
    )


class Migration(migrations.Migration):
    dependencies = [("surveys", "0002_study_questionnaires"), ("workshops", "0010_officials_study_criteria")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
