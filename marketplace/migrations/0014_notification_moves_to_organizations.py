"""Notifications moved down to the organizations app (organizations 0006): the model leaves this app's state
only (its table stays), and its content type follows it, so its permissions (and anything else pointing at
the content type) keep working under the new app label."""

from django.db import migrations


def _hand_over(apps, schema_editor, *, source: str, target: str) -> None:
    content_types = apps.get_model("contenttypes", "ContentType").objects.using(schema_editor.connection.alias)
    moving = content_types.filter(app_label=source, model="notification").first()
    if moving is None:  # a fresh database: post_migrate creates the content type under the new label
        return
    # One created for the new label meanwhile (post_migrate between the two migrations) would clash; nothing
    # points at it yet that the old one does not carry (notifications are never audited).
    content_types.filter(app_label=target, model="notification").delete()
    moving.app_label = target
    moving.save(update_fields=["app_label"])


def content_type_to_organizations(apps, schema_editor):
    _hand_over(apps, schema_editor, source="marketplace", target="organizations")


def content_type_to_marketplace(apps, schema_editor):
    _hand_over(apps, schema_editor, source="organizations", target="marketplace")


class Migration(migrations.Migration):

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("marketplace", "0013_bid_exclusion_reasons"),
        ("organizations", "0006_notification"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Notification")],
            database_operations=[],
        ),
        migrations.RunPython(content_type_to_organizations, content_type_to_marketplace),
    ]
