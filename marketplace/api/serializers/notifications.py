"""Serializer of the in-app notifications."""

from core.api.serializers import StrictModelSerializer
from organizations.models import Notification


class NotificationSerializer(StrictModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "subject", "body", "link", "created_at", "read_at"]
