"""Pagination for list endpoints: capped page size and count, and it refuses querysets without an order."""

import re
from typing import Protocol, cast, runtime_checkable

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

WHOLE_NUMBER = re.compile(r"[0-9]{1,9}")


@runtime_checkable
class CountsItself(Protocol):
    """An object list that is not a queryset and counts its own rows, sliced by page (`rows[start:stop]`):
    the marketplace's compiled list pages (marketplace/api/list_pages/statements.py `CompiledRows`). When
    `counts_its_pages` is true, `page_and_total(start, stop)` gives a page and the list's number of rows in
    one query (None past the end)."""

    counts_its_pages: bool

    def count_up_to(self, cap: int) -> int: ...

    def page_and_total(self, start: int, stop: int) -> tuple[list, int | None]: ...

    def __getitem__(self, key: slice) -> list: ...


def rows_to_count(queryset):
    """The same rows, cheaper to count: no ORDER BY (any rows up to the cap give the same number) and only the
    primary key selected, so annotations the filter does not use (a search rank, a bid count) are not computed.

    For querysets of model instances, which is what the API's serializers paginate: rows of one model differ
    where their keys do, so DISTINCT (and UNION) count the same over the key alone. A `.values()` queryset
    made DISTINCT over other columns would be counted wrongly: the API paginates none."""
    return queryset.order_by().values("pk")


class CappedPage(Page):
    """A page past the counted rows knows whether another follows from the one extra row it read."""

    has_more: bool | None = None

    def has_next(self) -> bool:
        return super().has_next() if self.has_more is None else self.has_more


class CappedCountPaginator(Paginator):
    """Counts at most API_COUNT_CAP rows: an exact count of 100,000 visible rows costs a full scan on every
    request. Paging does not stop at the cap: when more rows match than were counted, a page reads one row
    more than it shows to know whether a next page exists."""

    @cached_property
    def count(self) -> int:
        if isinstance(self.object_list, list):  # an already capped search, e.g. the CPV search's best matches
            counted = len(self.object_list)
        elif isinstance(self.object_list, CountsItself):
            counted = self.object_list.count_up_to(settings.API_COUNT_CAP + 1)
        else:
            counted = rows_to_count(self.object_list)[: settings.API_COUNT_CAP + 1].count()
        self.count_capped = counted > settings.API_COUNT_CAP
        return min(counted, settings.API_COUNT_CAP)

    def validate_number(self, number):
        if self.count and getattr(self, "count_capped", False):  # reading the count sets count_capped
            return self._positive(number)
        return super().validate_number(number)

    def _positive(self, number) -> int:
        try:
            number = int(number)
        except (TypeError, ValueError) as error:
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from error
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        return number

    def page(self, number):
        counts_its_pages = isinstance(self.object_list, CountsItself) and self.object_list.counts_its_pages
        if counts_its_pages and "count" not in self.__dict__:
            return self._counted_page(number)
        number = self.validate_number(number)
        if not getattr(self, "count_capped", False):
            return super().page(number)
        start = (number - 1) * self.per_page
        rows = list(self.object_list[start : start + self.per_page + 1])
        if not rows:
            raise EmptyPage(self.error_messages["no_results"])
        page = CappedPage(rows[: self.per_page], number, self)
        page.has_more = len(rows) > self.per_page
        return page

    def _counted_page(self, number) -> CappedPage:
        """A page of a list whose page query also counts the list (`CountsItself.counts_its_pages`): the
        count comes with the page, capped as any other, and no count query runs. (A request for the last page
        counts first, to know which page that is, and then takes the usual way.)"""
        number = self._positive(number)
        start = (number - 1) * self.per_page
        rows, total = cast(CountsItself, self.object_list).page_and_total(start, start + self.per_page + 1)
        if total is None:  # past the end: no row says how many there are
            if number > 1 or not self.allow_empty_first_page:
                raise EmptyPage(self.error_messages["no_results"])
            total = 0
        self.count_capped = total > settings.API_COUNT_CAP
        self.__dict__["count"] = min(total, settings.API_COUNT_CAP)  # the cached_property's value
        page = CappedPage(rows[: self.per_page], number, self)
        page.has_more = len(rows) > self.per_page
        return page


class StandardPagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = settings.API_MAX_PAGE_SIZE
    django_paginator_class = CappedCountPaginator

    def paginate_queryset(self, queryset, request, view=None):
        if hasattr(queryset, "ordered") and not queryset.ordered:
            # An unordered page can repeat or skip rows between requests.
            raise ImproperlyConfigured(f"{view.__class__.__name__} paginates an unordered queryset.")
        self._check_page(request)
        return super().paginate_queryset(queryset, request, view)

    def _one_value(self, request, name: str, message: str) -> str | None:
        values = request.query_params.getlist(name)
        if not values:
            return None
        if len(values) > 1 or not values[0].strip():
            raise ValidationError({name: [message]})
        return values[0].strip()

    def _check_page(self, request) -> None:
        """A page number is a whole number (or "last"); DRF would read an empty one as page 1."""
        message = _("Give one page number: a whole number from 1, or last.")
        page = self._one_value(request, self.page_query_param, message)
        if page is not None and not WHOLE_NUMBER.fullmatch(page) and page not in self.last_page_strings:
            raise ValidationError({self.page_query_param: [message]})

    def get_page_size(self, request) -> int | None:
        """A page size is a whole number from 1 (above the maximum it is the maximum); DRF would silently
        use the default for anything else, so a client's typo went unnoticed."""
        message = _("Give one page size: a whole number from 1 to %(max)d.") % {"max": self.max_page_size}
        size = self._one_value(request, self.page_size_query_param, message)
        if size is None:
            return self.page_size
        if not WHOLE_NUMBER.fullmatch(size) or int(size) < 1:
            raise ValidationError({self.page_size_query_param: [message]})
        return min(int(size), self.max_page_size)

    def get_paginated_response(self, data):
        return Response(
            {
                "count": self.page.paginator.count,
                "count_capped": getattr(self.page.paginator, "count_capped", False),
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"]["count"]["description"] = (
            f"rows that match, counted up to {settings.API_COUNT_CAP:,}; follow `next` for the rest"
        )
        response["properties"]["count_capped"] = {
            "type": "boolean",
            "description": "true when more rows match than `count` shows (the cap); "
            "`next` still leads through all of them",
        }
        response["required"] = [*response.get("required", []), "count_capped"]
        return response
