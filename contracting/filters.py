"""FilterSets for the contracting API."""

import django_filters

from .models import Contract, Delivery, Order, TrackingEvent


class ContractFilter(django_filters.FilterSet):
    class Meta:
        model = Contract
        fields = ["state", "is_framework", "buyer", "supplier", "tender"]


class OrderFilter(django_filters.FilterSet):
    class Meta:
        model = Order
        fields = ["contract", "state"]


class DeliveryFilter(django_filters.FilterSet):
    class Meta:
        model = Delivery
        fields = ["order", "state", "is_late", "booking"]


class TrackingEventFilter(django_filters.FilterSet):
    since = django_filters.IsoDateTimeFilter(field_name="occurred_at", lookup_expr="gte")

    class Meta:
        model = TrackingEvent
        fields = ["delivery", "kind", "since"]
