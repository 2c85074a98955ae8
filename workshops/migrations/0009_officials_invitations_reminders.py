"""ManagerInvitation and ProfileReminder, moved from accounts: state only, their tables were made by accounts 0001-0003 and keep their names."""

import django.db.models.deletion
import workshops.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0004_officials_move_models'),
        ('workshops', '0008_security_name_bidi'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
        migrations.CreateModel(
            name='ManagerInvitation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('email', models.EmailField(max_length=254, verbose_name='e-mail')),
                ('role', models.CharField(choices=[('owner', 'Owner'), ('editor', 'Editor')], default='editor', max_length=10, verbose_name='role')),
                ('token', models.CharField(default=workshops.models.new_invitation_token, editable=False, max_length=64, unique=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('accepted_at', models.DateTimeField(blank=True, null=True)),
                ('accepted_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('invited_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('workshop', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='invitations', to='workshops.workshop')),
            ],
            options={
                'verbose_name': 'manager invitation',
                'verbose_name_plural': 'manager invitations',
                'db_table': 'accounts_managerinvitation',
                'ordering': ['-created_at'],
            },
        ),
        migrations.CreateModel(
            name='ProfileReminder',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('confirmed_since', models.DateTimeField(verbose_name='profile unconfirmed since')),
                ('recipients', models.PositiveSmallIntegerField(default=0, verbose_name='recipients')),
                ('sent_at', models.DateTimeField(auto_now_add=True, verbose_name='sent at')),
                ('workshop', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='reminders', to='workshops.workshop')),
            ],
            options={
                'verbose_name': 'profile reminder',
                'verbose_name_plural': 'profile reminders',
                'db_table': 'accounts_profilereminder',
                'ordering': ['-sent_at'],
                'constraints': [models.UniqueConstraint(fields=('workshop', 'confirmed_since'), name='one_reminder_per_confirmation')],
            },
        ),
            ],
        ),
    ]
