"""List pages of the marketplace API built from `.values()` rows rather than model instances.

Building model instances and running nested serializers cost most of a list request; these modules read
only the columns the serializers show and format them with the serializers' own fields. The serializers
stay the definition (and the OpenAPI schema) of every item; tests/marketplace/test_api_list_pages.py
holds both ways equal item for item, for the buyer's members and for others. Their queries are compiled once
per set of filters (statements.py, the one place that reads Django's query compiler): only these two lists
were measured to need it, so nothing outside this package uses it.
"""

from .listings import listing_items, listing_page_rows
from .tenders import tender_items, tender_page_rows, tender_rows

__all__ = ["listing_items", "listing_page_rows", "tender_items", "tender_page_rows", "tender_rows"]
