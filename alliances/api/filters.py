"""FilterSets of the alliances API: the partner search's parameters, documented in the schema and validated."""

import django_filters

from compliance.models import BadgeKind
from core.api.filters import AlxFilterSet
from organizations.models import DualUseIntensity, Organization, SmeClass, TierRole

from .. import selectors


class PartnerFilter(AlxFilterSet):
    """Reads and checks the search's parameters; the search itself is `selectors.partner_search`, its one home
    (it narrows by subqueries the FilterSet's field lookups cannot express, such as badges valid today)."""

    q = django_filters.CharFilter(label="Words in the name or description")
    cpv = django_filters.CharFilter(label="Has a capability code in this CPV subtree")
    country = django_filters.CharFilter(label="ISO 3166 alpha-2 country code")
    region = django_filters.CharFilter(label="A cluster's region contains")
    cluster = django_filters.CharFilter(label="A cluster's name contains")
    sme_class = django_filters.ChoiceFilter(choices=SmeClass.choices)
    dual_use_intensity = django_filters.ChoiceFilter(choices=DualUseIntensity.choices)
    tier_role = django_filters.ChoiceFilter(choices=TierRole.choices)
    badge = django_filters.MultipleChoiceFilter(choices=BadgeKind.choices, label="Holds a valid badge of this kind")

    class Meta:
        model = Organization
        fields = ["q", "cpv", "country", "region", "cluster", "sme_class", "dual_use_intensity", "tier_role", "badge"]

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        return selectors.partner_search(
            query=data.get("q") or "",
            cpv=data.get("cpv") or "",
            country=data.get("country") or "",
            region=data.get("region") or "",
            sme_class=data.get("sme_class") or "",
            dual_use_intensity=data.get("dual_use_intensity") or "",
            tier_role=data.get("tier_role") or "",
            cluster=data.get("cluster") or "",
            badges=list(data.get("badge") or []),
        )
