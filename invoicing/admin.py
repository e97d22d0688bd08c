"""Admin of the invoicing app: read-only views for support (invoices change through the services only)."""

from django.contrib import admin

from .models import Invoice, InvoiceLine, RuleFinding


class _ReadOnly(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class InvoiceLineInline(_ReadOnly):
    model = InvoiceLine
    fields = ("position", "line_id", "item_name", "quantity", "unit_code", "net_price", "net_amount")


class RuleFindingInline(_ReadOnly):
    model = RuleFinding
    fields = ("rule_id", "flag", "field", "message")


@admin.register(Invoice)
class InvoiceAdmin(admin.ModelAdmin):
    list_display = ("number", "seller", "buyer", "issue_date", "payable_amount", "state", "is_valid")
    list_filter = ("state", "direction", "syntax", "is_valid")
    search_fields = ("number", "buyer_reference", "seller__legal_name", "buyer__legal_name")
    exclude = ("document",)
    inlines = (InvoiceLineInline, RuleFindingInline)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
