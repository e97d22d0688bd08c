"""Django admin of compliance: destination rules and barred countries to maintain, frameworks and badges to inspect.
Assessments and evidence are private to their organizations and stay out of the admin."""

from django.contrib import admin

from .models import Badge, BarredCountry, DestinationRule, Framework, Licence


@admin.register(BarredCountry)
class BarredCountryAdmin(admin.ModelAdmin):
    """Countries under an EU public-contract ban: what the platform refuses bidders from, and why."""

    list_display = ["country", "legal_basis", "updated_at"]
    search_fields = ["country", "legal_basis", "note"]


@admin.register(DestinationRule)
class DestinationRuleAdmin(admin.ModelAdmin):
    list_display = ["country", "category", "note", "updated_at"]
    list_filter = ["category"]
    search_fields = ["country", "note"]


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ["key", "version", "title", "badge_kind", "is_current", "loaded_at"]
    readonly_fields = ["key", "version", "title", "title_de", "description", "badge_kind", "is_current"]

    def has_add_permission(self, request):
        return False  # frameworks come from the versioned files (manage.py load_frameworks)


@admin.register(Badge)
class BadgeAdmin(admin.ModelAdmin):
    list_display = ["organization", "kind", "level", "issued_on", "valid_until", "suspended_at", "revoked_at"]
    list_filter = ["kind", "level"]
    search_fields = ["organization__legal_name"]
    readonly_fields = [
        "organization",
        "kind",
        "level",
        "assessment",
        "score",
        "issued_on",
        "valid_until",
        "suspended_at",
        "revoked_at",
        "status_reason",
        "expired_at",
        "reminder_sent_at",
    ]

    def has_add_permission(self, request):
        return False  # badges come from accepted reviews; suspend or revoke them through the review pages/API


@admin.register(Licence)
class LicenceAdmin(admin.ModelAdmin):
    list_display = ["organization", "issuer", "reference", "valid_from", "valid_until"]
    search_fields = ["organization__legal_name", "reference"]
