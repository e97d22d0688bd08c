"""Compliance readiness: ISO 27001, ISO 9001 and export-control checks, evidence, review and the Defence Ready badge."""
