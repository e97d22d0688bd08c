"""The EN 16931 core: semantic model, UBL and CII writers and parsers, Factur-X, and the official validation rules.

Nothing here touches the database; the invoicing app's models and services are built around it.
"""
