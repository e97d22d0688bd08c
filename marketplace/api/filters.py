"""FilterSets of the marketplace API: the query parameters each list takes, declared once for the schema.

The tender and listing searches are applied by their selectors (`tenders_filtered`, `listings_filtered`), not
field by field: the list pages run them as statements compiled once per set of values (list_pages), and the
FilterSet turns the parameters into that set (`search_for()`), refusing a value it cannot read with a 400.
"""

from __future__ import annotations

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters import utils

from core.api.filters import AlxFilterSet, StrictBooleanFilter

from .. import selectors
from ..models import Award, Bid, CapacityListing, ListingKind, Tender, TenderState


class _SearchFilterSet(AlxFilterSet):
    @classmethod
    def search_for(cls, request):
        """The request's parameters as the selector's filters; a value that is not valid is a 400. A request that
        names none of them (the lists are read unfiltered most often) gets the defaults without the FilterSet's
        form, which costs about as much as the page's own statement (`manage.py bench_marketplace`)."""
        if request.query_params.keys().isdisjoint(cls.base_filters):
            return cls.search_of({})
        filter_set = cls(request.query_params, queryset=cls._meta.model.objects.none(), request=request)
        if not filter_set.is_valid():
            raise utils.translate_validation(filter_set.errors)
        return filter_set.search_of(filter_set.form.cleaned_data)

    @staticmethod
    def search_of(data: dict):
        raise NotImplementedError


class TenderFilter(_SearchFilterSet):
    q = django_filters.CharFilter(help_text=_("words in the title or description"))
    cpv = django_filters.CharFilter(help_text=_("CPV code; the code and everything below it"))
    state = django_filters.ChoiceFilter(choices=TenderState.choices, help_text=_("drafts: only your own"))
    country = django_filters.CharFilter(help_text=_("ISO 3166 alpha-2 country of performance"))
    open = StrictBooleanFilter(help_text=_("only tenders still open for bids"))

    class Meta:
        model = Tender
        fields = ["q", "cpv", "state", "country", "open"]

    @staticmethod
    def search_of(data: dict) -> selectors.TenderFilters:
        return selectors.TenderFilters(
            query=data.get("q") or "",
            cpv=data.get("cpv") or "",
            state=data.get("state") or "",
            country=data.get("country") or "",
            open_only=bool(data.get("open")),
        )

    def filter_queryset(self, queryset):
        return selectors.tenders_filtered(queryset, filters=self.search_of(self.form.cleaned_data), now=timezone.now())


class ListingFilter(_SearchFilterSet):
    q = django_filters.CharFilter(help_text=_("Words (English or German), e.g. 'Kühllager' or 'cold storage'"))
    cpv = django_filters.CharFilter(help_text=_("CPV code; the code and everything below it"))
    kind = django_filters.MultipleChoiceFilter(choices=ListingKind.choices)
    country = django_filters.CharFilter(help_text=_("ISO 3166 alpha-2: the location or within the service area"))
    available_from = django_filters.DateFilter(help_text=_("YYYY-MM-DD: available at some point from then"))
    available_until = django_filters.DateFilter(help_text=_("YYYY-MM-DD"))
    min_quantity = django_filters.NumberFilter(max_digits=12, decimal_places=2)
    provider_badge = django_filters.CharFilter(help_text=_("providers holding this valid badge"))
    sme_only = StrictBooleanFilter(help_text=_("only SME providers"))

    class Meta:
        model = CapacityListing
        fields = [
            "q",
            "cpv",
            "kind",
            "country",
            "available_from",
            "available_until",
            "min_quantity",
            "provider_badge",
            "sme_only",
        ]

    @staticmethod
    def search_of(data: dict) -> selectors.ListingFilters:
        return selectors.ListingFilters(
            query=data.get("q") or "",
            cpv=data.get("cpv") or "",
            kinds=tuple(data.get("kind") or ()),
            country=data.get("country") or "",
            available_from=data.get("available_from"),
            available_until=data.get("available_until"),
            min_quantity=data.get("min_quantity"),
            provider_badge=data.get("provider_badge") or "",
            sme_only=bool(data.get("sme_only")),
        )

    def filter_queryset(self, queryset):
        filters = self.search_of(self.form.cleaned_data)
        return selectors.listings_filtered(queryset, filters=filters, today=timezone.localdate())


class BidFilter(AlxFilterSet):
    class Meta:
        model = Bid
        fields = ["tender", "state"]


class AwardFilter(AlxFilterSet):
    class Meta:
        model = Award
        fields = ["lot__tender", "state"]
