"""In-app notifications: a message to one user, also mailed, that links to what it is about."""

from django.db import models


class Notification(models.Model):
    """An in-app message to a user (also mailed); links to what it is about. Every app notifies through
    `organizations.notifications`, the lowest layer that knows users."""

    recipient = models.ForeignKey("organizations.User", on_delete=models.CASCADE, related_name="notifications")
    subject = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    link = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        # The table kept its name when the model moved down from the marketplace, so no row had to move.
        db_table = "marketplace_notification"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread_idx")]

    def __str__(self) -> str:
        return self.subject
