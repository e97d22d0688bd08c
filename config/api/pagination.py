"""Pagination for list endpoints: capped page size, and it refuses querysets without an order."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from rest_framework.pagination import CursorPagination, PageNumberPagination


class StandardPagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = settings.API_MAX_PAGE_SIZE

    def paginate_queryset(self, queryset, request, view=None):
        if hasattr(queryset, "ordered") and not queryset.ordered:
            # An unordered page can repeat or skip rows between requests.
            raise ImproperlyConfigured(f"{view.__class__.__name__} paginates an unordered queryset.")
        return super().paginate_queryset(queryset, request, view)


class FeedPagination(CursorPagination):
    """Cursor pagination for change feeds, ordered by modification time then id."""

    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = settings.API_MAX_PAGE_SIZE
    ordering = ("updated_at", "id")
