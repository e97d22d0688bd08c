"""Notifications move down from the marketplace: the model joins this app's state; its table
(`marketplace_notification`, created by marketplace 0001) stays where it is, so no row moves."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("organizations", "0005_user_language"),
        # The table this state describes is created there; a later migration of the model here needs it.
        ("marketplace", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Notification",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                                   verbose_name="ID")),
                        ("subject", models.CharField(max_length=200)),
                        ("body", models.TextField(blank=True)),
                        ("link", models.CharField(blank=True, max_length=300)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("read_at", models.DateTimeField(blank=True, null=True)),
                        ("recipient", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE,
                                                        related_name="notifications",
                                                        to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "db_table": "marketplace_notification",
                        "ordering": ["-created_at", "-id"],
                        "indexes": [models.Index(fields=["recipient", "read_at"], name="notification_unread_idx")],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
