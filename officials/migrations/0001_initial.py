"""OfficialScope and ExportLog, moved from accounts: state only, their tables were made by accounts 0001-0003 and keep their names."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('accounts', '0004_officials_move_models'),
        ('territories', '0002_former_communes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
        migrations.CreateModel(
            name='ExportLog',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='exported at')),
                ('format', models.CharField(max_length=20, verbose_name='format')),
                ('via', models.CharField(choices=[('page', 'Dashboard'), ('api', 'API'), ('command', 'Command line')], max_length=10, verbose_name='via')),
                ('filters', models.JSONField(blank=True, default=dict, verbose_name='filters')),
                ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='export_logs', to=settings.AUTH_USER_MODEL, verbose_name='user')),
            ],
            options={
                'verbose_name': 'export log entry',
                'verbose_name_plural': 'export log',
                'db_table': 'accounts_exportlog',
                'ordering': ['-created_at'],
            },
        ),
        migrations.CreateModel(
            name='OfficialScope',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('granted_at', models.DateTimeField(auto_now_add=True)),
                ('department', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, to='territories.department', verbose_name='department')),
                ('region', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, to='territories.region', verbose_name='region')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='official_scopes', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'official scope',
                'verbose_name_plural': 'official scopes',
                'db_table': 'accounts_officialscope',
                'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('department__isnull', True), ('region__isnull', False)), models.Q(('department__isnull', False), ('region__isnull', True)), _connector='OR'), name='official_scope_one_territory')],
            },
        ),
            ],
        ),
    ]
