"""FilterSets of the compliance API: the query parameters each list takes, declared once for the schema."""

from core.api.filters import AlxFilterSet

from ..models import Assessment, Badge, Evidence


class AssessmentFilter(AlxFilterSet):
    class Meta:
        model = Assessment
        fields = ["organization", "framework", "state"]


class EvidenceFilter(AlxFilterSet):
    class Meta:
        model = Evidence
        fields = ["assessment"]


class BadgeFilter(AlxFilterSet):
    class Meta:
        model = Badge
        fields = ["organization", "kind", "level"]
