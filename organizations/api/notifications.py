"""The user's in-app notifications in the API: read them and mark one read. Served under
/api/v1/marketplace/notifications/, where they were before they moved down to organizations, so clients and
the operation ids (`marketplace_notifications_*`) stay as they were."""

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api.serializers import StrictModelSerializer
from core.api.viewsets import ReadOnlyBaseViewSet

from .. import selectors
from ..models import Notification
from ..notifications import notifications_mark_read


class NotificationSerializer(StrictModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "subject", "body", "link", "created_at", "read_at"]


class NotificationViewSet(ReadOnlyBaseViewSet):
    """Your in-app notifications, newest first."""

    serializer_class = NotificationSerializer
    filterset_fields = ["read_at"]
    # Marking read changes the notification; the rule lets only its recipient do anything with it.
    object_action_permissions = {"read": "change"}

    def visible_queryset(self, user):
        if user is None:
            return Notification.objects.all()
        return selectors.notification_list_of(user=user)

    @extend_schema(request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        notification = self.get_object()
        notifications_mark_read(user=request.user, notification_ids=[notification.pk])
        notification.refresh_from_db()
        return Response(NotificationSerializer(notification).data)
