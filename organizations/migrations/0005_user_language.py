"""Adds the user's language (pages, notifications and mails are written in it once chosen)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("organizations", "0004_cpv_suggester"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="language",
            field=models.CharField(blank=True, choices=[("en", "English"), ("de", "German")], default="",
                                   max_length=8, verbose_name="language"),
        ),
    ]
