"""The bare `.values()` views `bench_marketplace` measures the API against: no authentication, visibility,
count or serializer — the ceiling. Mounted at /bench/ only when ALX_BENCHMARK_VIEWS is on."""

from collections import defaultdict

from django.conf import settings
from django.http import JsonResponse
from django.urls import path
from django.views.decorators.http import require_GET

from marketplace.models import CapacityListing, ListingCpvCode, Lot, Tender

TENDER_VALUES = [
    "id",
    "buyer_id",
    "buyer__legal_name",
    "title",
    "description",
    "procedure",
    "legal_basis",
    "main_cpv_id",
    "place_of_performance",
    "performance_country",
    "performance_start",
    "performance_end",
    "estimated_value",
    "currency",
    "enquiry_deadline",
    "submission_deadline",
    "opening_at",
    "award_method",
    "required_badges",
    "max_lots_per_supplier",
    "standstill_days",
    "state",
    "state_reason",
    "version",
    "published_at",
    "updated_at",
]
LOT_VALUES = [
    "id",
    "tender_id",
    "number",
    "title",
    "description",
    "cpv_id",
    "quantity",
    "unit",
    "estimated_value",
    "export_classification",
    "sme_only",
    "state",
    "state_reason",
]
LISTING_VALUES = [
    "id",
    "provider_id",
    "provider__legal_name",
    "kind",
    "title",
    "description",
    "address",
    "country",
    "latitude",
    "longitude",
    "service_area",
    "available_from",
    "available_until",
    "quantity",
    "unit",
    "price_indication",
    "export_classification",
    "visibility",
    "visible_to_badges",
    "state",
    "published_at",
    "updated_at",
]


def _page_size(request) -> int:
    try:
        size = int(request.GET.get("page_size", 50))
    except ValueError:
        size = 50
    return max(1, min(size, settings.API_MAX_PAGE_SIZE))


@require_GET
def tenders_values(request):
    """The first page of tenders in the API's order, with their lots: two `.values()` queries."""
    rows = list(Tender.objects.order_by("submission_deadline", "id").values(*TENDER_VALUES)[: _page_size(request)])
    lots = defaultdict(list)
    for lot in (
        Lot.objects.filter(tender_id__in=[row["id"] for row in rows])
        .order_by("tender_id", "number")
        .values(*LOT_VALUES)
    ):
        lots[lot["tender_id"]].append(lot)
    for row in rows:
        row["lots"] = lots[row["id"]]
    return JsonResponse({"results": rows})


@require_GET
def listings_values(request):
    """The first page of listings in the API's order, with their CPV codes: two `.values()` queries."""
    rows = list(CapacityListing.objects.order_by("-updated_at", "-id").values(*LISTING_VALUES)[: _page_size(request)])
    codes = defaultdict(list)
    for link in (
        ListingCpvCode.objects.filter(listing_id__in=[row["id"] for row in rows])
        .order_by("listing_id", "code_id")
        .values("listing_id", "code_id")
    ):
        codes[link["listing_id"]].append(link["code_id"])
    for row in rows:
        row["cpv_codes"] = codes[row["id"]]
    return JsonResponse({"results": rows})


urlpatterns = [
    path("tenders-values/", tenders_values, name="bench-tenders-values"),
    path("listings-values/", listings_values, name="bench-listings-values"),
]
