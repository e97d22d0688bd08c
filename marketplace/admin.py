"""Django admin of the marketplace. Bids are sealed here too: a bid appears only once its tender's bids were
opened (`bids_opened_condition`), for platform admins as for everyone else."""

from django.contrib import admin
from django.utils import timezone

from .models import Bid, CapacityListing, CpvRelation, Lot, Tender, bids_opened_condition


class LotInline(admin.TabularInline):
    model = Lot
    extra = 0
    fields = ["number", "title", "cpv", "state", "sme_only", "export_classification"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Tender)
class TenderAdmin(admin.ModelAdmin):
    list_display = ["title", "buyer", "state", "submission_deadline", "updated_at"]
    list_filter = ["state", "procedure"]
    search_fields = ["title", "buyer__legal_name"]
    inlines = [LotInline]
    readonly_fields = ["state", "version", "published_at"]


@admin.register(CapacityListing)
class CapacityListingAdmin(admin.ModelAdmin):
    list_display = ["title", "provider", "kind", "state", "available_from", "available_until"]
    list_filter = ["state", "kind"]
    search_fields = ["title", "provider__legal_name"]
    exclude = ["search_vector"]


@admin.register(Bid)
class BidAdmin(admin.ModelAdmin):
    list_display = ["id", "tender", "bidder", "state", "submitted_at"]
    list_filter = ["state"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(bids_opened_condition(now=timezone.now(), prefix="tender__"))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(CpvRelation)
class CpvRelationAdmin(admin.ModelAdmin):
    """Capability relations across the CPV tree: admins extend the curated crosswalk here."""

    list_display = ["need", "offer", "explanation_en", "source"]
    list_filter = ["source"]
    search_fields = ["need", "offer", "explanation_en", "explanation_de"]
