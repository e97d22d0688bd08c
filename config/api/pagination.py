"""Pagination for list endpoints: capped page size and count, and it refuses querysets without an order."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.paginator import Paginator
from django.utils.functional import cached_property
from rest_framework.pagination import CursorPagination, PageNumberPagination
from rest_framework.response import Response


class CappedCountPaginator(Paginator):
    """Counts at most API_COUNT_CAP rows: an exact count of 100,000 visible rows costs a full scan on every
    request, while nobody pages that far (integrators follow the feed instead)."""

    @cached_property
    def count(self) -> int:
        counted = self.object_list[: settings.API_COUNT_CAP + 1].count()
        self.count_capped = counted > settings.API_COUNT_CAP
        return min(counted, settings.API_COUNT_CAP)


class StandardPagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = settings.API_MAX_PAGE_SIZE
    django_paginator_class = CappedCountPaginator

    def paginate_queryset(self, queryset, request, view=None):
        if hasattr(queryset, "ordered") and not queryset.ordered:
            # An unordered page can repeat or skip rows between requests.
            raise ImproperlyConfigured(f"{view.__class__.__name__} paginates an unordered queryset.")
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        return Response({
            "count": self.page.paginator.count,
            "count_capped": getattr(self.page.paginator, "count_capped", False),
            "next": self.get_next_link(),
            "previous": self.get_previous_link(),
            "results": data,
        })

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"]["count_capped"] = {
            "type": "boolean", "description": "true when more rows match than `count` shows (the cap)"}
        response["required"] = [*response.get("required", []), "count_capped"]
        return response


class FeedPagination(CursorPagination):
    """Cursor pagination for change feeds, ordered by modification time then id."""

    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = settings.API_MAX_PAGE_SIZE
    ordering = ("updated_at", "id")
