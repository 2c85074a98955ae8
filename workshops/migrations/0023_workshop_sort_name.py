"""Each workshop's name as French alphabetical order reads it (`workshops.search.sort_key`), filled
for the workshops there are: lists ordered by name put "École …" with the E and "zBis" with the Z,
whatever the database's collation ("C" put every accented or lower-case initial after the Z). The
territories' indexes on the name follow it."""

from django.conf import settings
from django.db import migrations, models


def fill(apps, schema_editor):
    from workshops.search import sort_key

    Workshop = apps.get_model("workshops", "Workshop")
    workshops = list(Workshop.objects.only("name"))
    for workshop in workshops:
        workshop.sort_name = sort_key(workshop.name)
    Workshop.objects.bulk_update(workshops, ["sort_name"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("territories", "0003_places_search_names"),
        ("workshops", "0022_historicalphoto"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="workshop",
            options={"ordering": ["sort_name", "id"], "verbose_name": "workshop", "verbose_name_plural": "workshops"},
        ),
        migrations.RemoveIndex(model_name="workshop", name="workshop_region_name"),
        migrations.RemoveIndex(model_name="workshop", name="workshop_department_name"),
        migrations.AddField(
            model_name="workshop",
            name="sort_name",
            field=models.CharField(blank=True, default="", editable=False, max_length=200, verbose_name="sort name"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=False),
        migrations.AddIndex(
            model_name="workshop",
            index=models.Index(fields=["region", "sort_name"], name="workshop_region_name"),
        ),
        migrations.AddIndex(
            model_name="workshop",
            index=models.Index(fields=["department", "sort_name"], name="workshop_department_name"),
        ),
    ]
