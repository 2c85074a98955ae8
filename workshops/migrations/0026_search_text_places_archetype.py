"""The search text gains the department's and region's names, the archetype's names and the name
written without spaces (`workshops.search.text_of`): "fablab rennes" finds the generic fablabs of
Rennes, "makerspace bretagne" those of the region, "fablab" a "Fab Lab". Refilled for every
workshop, as saves keep it from now on.
"""

from collections import defaultdict

from django.db import migrations


def fill(apps, schema_editor):
    from workshops.search import text_of

    Workshop = apps.get_model("workshops", "Workshop")
    Equipment = apps.get_model("workshops", "Equipment")
    EquipmentType = apps.get_model("workshops", "EquipmentType")
    Department = apps.get_model("territories", "Department")
    Region = apps.get_model("territories", "Region")
    regions = dict(Region.objects.values_list("code", "name"))
    departments = dict(Department.objects.values_list("code", "name"))
    types = {kind.pk: kind for kind in EquipmentType.objects.all()}
    machines = defaultdict(set)
    for workshop_id, type_id in Equipment.objects.values_list("workshop_id", "type_id").iterator(chunk_size=5000):
        machines[workshop_id].add(type_id)
    fields = ("name", "summary", "commune__name", "carrier_type", "services", "audiences", "labels")
    workshops = list(
        Workshop.objects.select_related("commune").only(
            *fields, "department_id", "region_id", "archetype", "archetype_override"
        )
    )
    for workshop in workshops:
        commune = workshop.commune.name if workshop.commune_id else ""
        divisions = tuple(filter(None, (departments.get(workshop.department_id), regions.get(workshop.region_id))))
        workshop.search_text = text_of(
            workshop,
            commune,
            [types[t] for t in sorted(machines[workshop.pk])],
            divisions=divisions,
            archetype=workshop.archetype_override or workshop.archetype,
        )
    Workshop.objects.bulk_update(workshops, ["search_text"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("workshops", "0025_phone_validator"),
        ("territories", "0003_places_search_names"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop, elidable=False)]
