"""Capacity listings API: search with filters, create, edit, publish and pause."""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api.filters import AlxFilterBackend
from core.api.viewsets import BaseViewSet
from organizations.selectors import organizations_where_admin

from ... import selectors, services
from ...models import CapacityListing, ListingCpvCode
from .. import list_pages
from .. import serializers as s
from ..filters import ListingFilter
from .common import viewer_org_ids


class ListingViewSet(BaseViewSet):
    """Capacity listings you may see (published ones by visibility, plus all of your own)."""

    serializer_class = s.ListingSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]
    filter_backends = [AlxFilterBackend]
    filterset_class = ListingFilter
    object_action_permissions = {"publish": "change", "pause": "change"}

    def visible_queryset(self, user):
        if user is None:
            return CapacityListing.objects.all()
        return selectors.listing_list_visible_to(user=user).prefetch_related(
            Prefetch("cpv_links", ListingCpvCode.objects.order_by("code_id")), "visible_to_partners"
        )

    def _filters(self) -> selectors.ListingFilters:
        return ListingFilter.search_for(self.request)

    def list(self, request, *args, **kwargs):
        # Rows of a statement compiled once per set of filters instead of model instances: several times
        # faster, the same items (see list_pages).
        rows = list_pages.listing_page_rows(user=request.user, filters=self._filters())
        return self.get_paginated_response(list_pages.listing_items(self.paginate_queryset(rows)))

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if self.request and self.request.user.is_authenticated:
            context["viewer_org_ids"] = viewer_org_ids(self.request.user)
        return context

    def get_serializer(self, *args, **kwargs):
        serializer = super().get_serializer(*args, **kwargs)
        if self.action == "create" and not getattr(self, "swagger_fake_view", False):
            serializer.fields["provider"].queryset = organizations_where_admin(user=self.request.user)
        return serializer

    @staticmethod
    def _payload(validated: dict) -> dict:
        data = dict(validated)
        if "cpv_links" in data:
            data["cpv_codes"] = data.pop("cpv_links")
        if "visible_to_partners" in data:
            data["visible_to_partners"] = [org.pk for org in data["visible_to_partners"]]
        if "country" in data:
            data["country"] = str(data["country"] or "")
        return data

    def perform_create(self, serializer):
        data = self._payload(serializer.validated_data)
        serializer.instance = services.listing_create(provider=data.pop("provider"), by=self.request.user, **data)

    def perform_update(self, serializer):
        data = self._payload(serializer.validated_data)
        data.pop("provider", None)
        serializer.instance = services.listing_update(listing=serializer.instance, by=self.request.user, **data)

    @extend_schema(request=None, responses=s.ListingSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        listing = services.listing_transition(listing=self.get_object(), action="publish", by=request.user)
        return Response(self.get_serializer(listing).data)

    @extend_schema(request=None, responses=s.ListingSerializer)
    @action(detail=True, methods=["post"])
    def pause(self, request, pk=None):
        listing = services.listing_transition(listing=self.get_object(), action="pause", by=request.user)
        return Response(self.get_serializer(listing).data)
