"""Whether the classifier's archetype rests on criteria inferred from open data, as a column: the
map layer, the officials' counts and the exports read it without the reasons. Filled from the
reasons the classifier stored (their first one says it)."""

from django.db import migrations, models


def fill(apps, schema_editor):
    Workshop = apps.get_model("workshops", "Workshop")
    provisional = [
        pk
        for pk, reasons in Workshop.objects.exclude(archetype=None)
        .values_list("pk", "archetype_reasons")
        .iterator(chunk_size=2000)
        if reasons and isinstance(reasons[0], dict) and reasons[0].get("provisional")
    ]
    for start in range(0, len(provisional), 1000):
        Workshop.objects.filter(pk__in=provisional[start : start + 1000]).update(archetype_provisional=True)


class Migration(migrations.Migration):
    dependencies = [
        ("workshops", "0027_workshopsource_holds"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalworkshop",
            name="archetype_provisional",
            field=models.BooleanField(default=False, editable=False, verbose_name="provisional archetype"),
        ),
        migrations.AddField(
            model_name="workshop",
            name="archetype_provisional",
            field=models.BooleanField(default=False, editable=False, verbose_name="provisional archetype"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=False),
    ]
