"""FilterSets for the organizations API."""

import django_filters

from core.api.filters import UtcIsoDateTimeFilter

from . import selectors
from .models import AuditEntry, CpvCode, Membership, Organization, OrganizationKind, SmeClass


class OrganizationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="legal_name", lookup_expr="icontains", label="Name contains")
    kind = django_filters.ChoiceFilter(choices=OrganizationKind.choices)
    sme_class = django_filters.ChoiceFilter(choices=SmeClass.choices)
    country = django_filters.CharFilter(method="filter_country", label="ISO 3166 alpha-2 country code")
    cpv = django_filters.CharFilter(method="filter_cpv", label="Has a capability code in this CPV subtree")

    class Meta:
        model = Organization
        fields = ["q", "kind", "sme_class", "country", "tier_role", "dual_use_intensity", "cpv"]

    def filter_country(self, queryset, name, value):
        return queryset.filter(country=value.upper())

    def filter_cpv(self, queryset, name, value):
        from .cpv import cpv_subtree_prefix

        prefix = cpv_subtree_prefix(value)
        if prefix is None:
            return queryset.none()
        return queryset.filter(capability_codes__code__startswith=prefix).distinct()


class MembershipFilter(django_filters.FilterSet):
    class Meta:
        model = Membership
        fields = ["organization", "role"]


class AuditEntryFilter(django_filters.FilterSet):
    action = django_filters.CharFilter(lookup_expr="startswith")
    since = UtcIsoDateTimeFilter(field_name="created_at", lookup_expr="gte")

    class Meta:
        model = AuditEntry
        fields = ["organization", "action", "object_id", "since"]


class CpvCodeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Code prefix or words, e.g. 6010 or 'road transp'")

    class Meta:
        model = CpvCode
        fields = ["q"]

    def search(self, queryset, name, value):
        # The whole vocabulary, not only the tree's top that the list shows without `q`: the best 200 matches.
        return selectors.cpv_search(query=value, limit=200)
