"""The search names of communes written with œ, æ or ß, as places.normalise() now writes them:
"vandoeuvre les nancy", no longer "vanduvre les nancy" (a person types "Vandoeuvre")."""

from django.db import migrations
from django.db.models import Q

LETTERS = ("œ", "Œ", "æ", "Æ", "ß")


def rename(apps, schema_editor):
    from territories.places import normalise

    for name in ("Commune", "FormerCommune"):
        model = apps.get_model("territories", name)
        spelled = Q()
        for letter in LETTERS:
            spelled |= Q(name__contains=letter)
        for row in model.objects.filter(spelled):
            row.search_name = normalise(row.name)
            row.save(update_fields=["search_name"])


class Migration(migrations.Migration):
    dependencies = [
        ("territories", "0003_places_search_names"),
    ]

    operations = [migrations.RunPython(rename, migrations.RunPython.noop, elidable=False)]
