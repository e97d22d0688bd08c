"""Django admin of LogHubs for platform admins: hubs with their services, links, requests and bookings (read-only
where a service must make the change, so the audit log and the capacity counters stay right)."""

from django.contrib import admin

from .models import Booking, ConflictDecision, Hub, HubLink, HubService, Offer, ServiceRequest


class HubServiceInline(admin.TabularInline):
    model = HubService
    extra = 0
    fields = ["kind", "name", "unit", "capacity_per_slot", "slot_hours", "max_classification", "is_active"]


@admin.register(Hub)
class HubAdmin(admin.ModelAdmin):
    list_display = ["name", "city", "nation", "security_level", "changes_gauge", "is_active"]
    list_filter = ["security_level", "is_active", "nation"]
    search_fields = ["name", "city"]
    inlines = [HubServiceInline]


@admin.register(HubLink)
class HubLinkAdmin(admin.ModelAdmin):
    list_display = ["from_hub", "to_hub", "mode", "gauge", "distance_km"]
    list_filter = ["mode", "gauge"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ServiceRequest)
class ServiceRequestAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "nation", "service_kind", "state", "priority", "period_start", "routed_to"]
    list_filter = ["state", "service_kind", "priority"]


@admin.register(Offer)
class OfferAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "hub", "state", "valid_until"]
    list_filter = ["state"]


@admin.register(Booking)
class BookingAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "slot", "quantity", "state"]
    list_filter = ["state"]


@admin.register(ConflictDecision)
class ConflictDecisionAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "hub", "service_kind", "decided_at"]
