"""FilterSets for the contracting API."""

import django_filters

from core.api.filters import AlxFilterSet

from .models import Contract, Delivery, Order, TrackingEvent


class ContractFilter(AlxFilterSet):
    class Meta:
        model = Contract
        fields = ["state", "is_framework", "buyer", "supplier", "tender"]


class OrderFilter(AlxFilterSet):
    class Meta:
        model = Order
        fields = ["contract", "state"]


class DeliveryFilter(AlxFilterSet):
    class Meta:
        model = Delivery
        fields = ["order", "state", "is_late", "booking"]


class TrackingEventFilter(AlxFilterSet):
    since = django_filters.IsoDateTimeFilter(field_name="occurred_at", lookup_expr="gte")

    class Meta:
        model = TrackingEvent
        fields = ["delivery", "kind", "since"]
