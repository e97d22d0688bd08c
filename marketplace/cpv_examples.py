"""The marketplace's confirmed CPV codes as training examples for the CPV suggester (registered in apps.py).

A listing's chosen codes and a lot's code were picked by the person who wrote the text, so each
(text, code) pair is a confirmed example; so is a tender's main code with its title and description.
"""

from __future__ import annotations

from organizations.cpv_suggest import ExampleSource
from organizations.cpv_suggest.engine import query_text

from .models import CapacityListing, Lot, Tender


def _examples():
    for title, description, code in CapacityListing.cpv_codes.through.objects.values_list(
        "listing__title", "listing__description", "code_id"
    ).iterator(chunk_size=2000):
        yield query_text(title, description), code
    for title, description, code in Lot.objects.values_list("title", "description", "cpv_id").iterator(chunk_size=2000):
        yield query_text(title, description), code
    for title, description, code in Tender.objects.values_list("title", "description", "main_cpv_id").iterator(
        chunk_size=2000
    ):
        yield query_text(title, description), code


def _count() -> int:
    return CapacityListing.cpv_codes.through.objects.count() + Lot.objects.count() + Tender.objects.count()


SOURCE = ExampleSource(name="marketplace", examples=_examples, count=_count)
