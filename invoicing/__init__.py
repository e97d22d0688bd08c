"""Invoicing: EN 16931 e-invoices (XRechnung UBL and CII, Factur-X) out and in, validated with the official rules."""
