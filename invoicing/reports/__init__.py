"""Aggregate reads of invoicing: the buyer's spend per contract and the platform's SME share."""
