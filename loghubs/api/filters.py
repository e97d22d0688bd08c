"""FilterSets of the loghubs API: the lists' query parameters, documented in the schema and validated (a value
outside the enum or a nation that is not a number is a 400, not a filter that silently does nothing)."""

import django_filters
from django import forms
from django.db.models import Q
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from core.api.filters import AlxFilterSet

from ..models import Hub, RequestState, ServiceKind, ServiceRequest, TransportMode
from ..selectors.requests import nation_direction


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(django_filters.NumberFilter):
    """A row id: a whole number (`1.5` or `x` is a 400, as before the FilterSets)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 0)
        super().__init__(*args, **kwargs)


class HubFilter(AlxFilterSet):
    nation = IdFilter(field_name="nation_id", label="The nation (an organization id)")
    mode = django_filters.ChoiceFilter(choices=TransportMode.choices, method="filter_mode")
    service_kind = django_filters.ChoiceFilter(
        choices=ServiceKind.choices, method="filter_service_kind", label="Offers an active service of this kind"
    )

    class Meta:
        model = Hub
        fields = ["nation", "mode", "service_kind"]

    def filter_mode(self, queryset, name, value):
        return queryset.filter(modes__contains=[value])

    def filter_service_kind(self, queryset, name, value):
        return queryset.filter(services__kind=value, services__is_active=True).distinct()


class JccRequestFilter(AlxFilterSet):
    state = django_filters.ChoiceFilter(choices=RequestState.choices)
    nation = IdFilter(field_name="nation_id", label="The requesting nation")
    hub = IdFilter(field_name="routed_to", method="filter_hub", label="Routed to this hub, or naming it while unrouted")
    service_kind = django_filters.ChoiceFilter(choices=ServiceKind.choices)

    class Meta:
        model = ServiceRequest
        fields = ["state", "nation", "hub", "service_kind"]

    def filter_hub(self, queryset, name, value):
        return queryset.filter(Q(routed_to_id=value) | Q(routed_to__isnull=True, target_hub_id=value))


class NapRequestFilter(AlxFilterSet):
    """The nAP's request list: which way the requests go, and their state."""

    direction = django_filters.ChoiceFilter(
        choices=[("outgoing", "outgoing"), ("incoming", "incoming")],
        method="filter_direction",
        label="outgoing: filed by the nation; incoming: routed to its hubs",
    )
    state = django_filters.ChoiceFilter(choices=RequestState.choices)

    class Meta:
        model = ServiceRequest
        fields = ["direction", "state"]

    def filter_direction(self, queryset, name, value):
        nation_id = int(self.request.resolver_match.kwargs["nation_id"])
        return queryset.filter(nation_direction(nation_id=nation_id, direction=value))
