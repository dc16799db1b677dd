"""The console's tenant keys point at bpcc.Tenant, the same table as before
(`stats_tenant`): a change of Django's state only."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("bpcc", "0001_tenant_moved_from_stats"),
        ("console", "0004_import_in_flight"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="auditentry",
                    name="tenant",
                    field=models.ForeignKey(
                        null=True, on_delete=django.db.models.deletion.SET_NULL, to="bpcc.tenant"
                    ),
                ),
                migrations.AlterField(
                    model_name="deletejob",
                    name="tenant",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, to="bpcc.tenant"
                    ),
                ),
                migrations.AlterField(
                    model_name="importjob",
                    name="tenant",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, to="bpcc.tenant"
                    ),
                ),
                migrations.AlterField(
                    model_name="knownformat",
                    name="tenant",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, to="bpcc.tenant"
                    ),
                ),
                migrations.AlterField(
                    model_name="queuedtask",
                    name="tenant",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, to="bpcc.tenant"
                    ),
                ),
            ],
        ),
    ]
