import django.db.models.functions.text
from django.conf import settings
from django.db import migrations, models


def keep_the_latest_waiting_invitation(apps, schema_editor):
    """Before invitations were renewed (manage.people._invite), inviting an address again made a
    second one: of the invitations of an address still waiting, the latest (its role, its link)
    is kept, the older links stop working."""
    Invitation = apps.get_model("workshops", "ManagerInvitation")
    seen = set()
    for pk, workshop_id, email in (
        Invitation.objects.filter(accepted_at__isnull=True)
        .order_by("-created_at", "-pk")
        .values_list("pk", "workshop_id", "email")
    ):
        key = (workshop_id, email.lower())
        if key in seen:
            Invitation.objects.filter(pk=pk).delete()
        seen.add(key)


class Migration(migrations.Migration):
    dependencies = [
        ("workshops", "0028_archetype_provisional"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(keep_the_latest_waiting_invitation, migrations.RunPython.noop, elidable=True),
        migrations.AddConstraint(
            model_name="managerinvitation",
            constraint=models.UniqueConstraint(
                models.F("workshop"),
                django.db.models.functions.text.Lower("email"),
                condition=models.Q(("accepted_at__isnull", True)),
                name="one_waiting_invitation_per_address",
            ),
        ),
    ]
