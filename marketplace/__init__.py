"""Marketplace: capacity listings, tenders split into lots, sealed bids, evaluation, award and matching."""
