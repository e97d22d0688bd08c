"""Django admin of the integrity layer: the buyer's settings and the fixed-price lots. Flags and cases are not
here: they speak of bids, and their pages apply the sealing and the roles."""

from django.contrib import admin

from .models import BuyerIntegritySettings, FixedPriceLot


@admin.register(BuyerIntegritySettings)
class BuyerIntegritySettingsAdmin(admin.ModelAdmin):
    list_display = ["buyer", "alt_rule", "alt_threshold_percent", "alt_min_bids"]
    raw_id_fields = ["buyer"]


@admin.register(FixedPriceLot)
class FixedPriceLotAdmin(admin.ModelAdmin):
    list_display = ["lot", "reason", "created_at"]
    raw_id_fields = ["lot"]
