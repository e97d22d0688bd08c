"""The matching engine: which capacity listings and organizations fit which tender lots, scored and explained."""
