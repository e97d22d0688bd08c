"""Contracting: contracts drawn up from final awards, call-off orders, deliveries, tracking and goods receipt."""
