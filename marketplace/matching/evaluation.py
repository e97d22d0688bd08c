"""Measuring the matching engine against a labelled set: precision@5 and recall@20 over the lots."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import yaml
from django.db import transaction
from django.utils import timezone

from organizations.models import CpvCode, Organization

from ..models import CapacityListing, ListingCpvCode, ListingState, Lot, Tender, TenderState
from ..services.listings import listings_reindex
from .contexts import lot_contexts
from .engine import listings_ranked


def _build(data: dict) -> tuple[dict[str, int], list[tuple[Lot, set[int]]]]:
    today = timezone.localdate()
    now = timezone.now()
    providers = {key: Organization.objects.create(legal_name=f"Eval {key}", country=p["country"],
                                                  headcount=p["headcount"], annual_turnover_eur=Decimal(p[
                                                      "headcount"]) * 100_000, registration_id=f"EVAL-{key}")
                 for key, p in data["providers"].items()}
    listings = {}
    for key, item in data["listings"].items():
        listing = CapacityListing.objects.create(
            provider=providers[item["provider"]], kind=item["kind"], title=item["title"],
            description=item["description"], country=providers[item["provider"]].country,
            latitude=Decimal(str(item["lat"])), longitude=Decimal(str(item["lon"])),
            available_from=today + timedelta(days=item["from"]), available_until=today + timedelta(days=item["until"]),
            quantity=Decimal(item["quantity"]), unit=item["unit"], state=ListingState.PUBLISHED)
        ListingCpvCode.objects.bulk_create(ListingCpvCode(listing=listing, code_id=str(c)) for c in item["cpv"])
        listings[key] = listing.pk
    listings_reindex(CapacityListing.objects.filter(pk__in=listings.values()))
    buyer = Organization.objects.create(kind="authority", legal_name="Eval buyer", country="DE",
                                        registration_id="EVAL-BUYER")
    labelled = []
    for spec in data["tenders"]:
        first_code = str(spec["lots"][0]["cpv"])
        tender = Tender.objects.create(
            buyer=buyer, title=spec["title"], description=spec["title"], main_cpv_id=first_code,
            performance_country=spec["country"], performance_latitude=Decimal(str(spec["lat"])),
            performance_longitude=Decimal(str(spec["lon"])), performance_start=today + timedelta(days=spec["start"]),
            performance_end=today + timedelta(days=spec["end"]), enquiry_deadline=now + timedelta(days=1),
            submission_deadline=now + timedelta(days=2), opening_at=now + timedelta(days=3),
            state=TenderState.PUBLISHED)
        for number, lot_spec in enumerate(spec["lots"], start=1):
            lot = Lot.objects.create(tender=tender, number=number, title=lot_spec["title"],
                                     cpv_id=str(lot_spec["cpv"]), quantity=Decimal(lot_spec["quantity"]),
                                     sme_only=bool(spec.get("sme_only")))
            labelled.append((lot, {listings[key] for key in lot_spec["relevant"]}))
    return listings, labelled


def evaluate(*, path: Path) -> dict:
    """Build the set inside a transaction that is rolled back, rank each lot, and return the metrics."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    if not CpvCode.objects.exists():
        from organizations.vocabulary import cpv_vocabulary_load

        cpv_vocabulary_load()
    with transaction.atomic():
        _listings, labelled = _build(data)
        per_lot, precisions, recalls = [], [], []
        for lot, relevant in labelled:
            lot = Lot.objects.select_related("tender").get(pk=lot.pk)
            ranked = [row["listing_id"] for row in listings_ranked(lot_contexts([lot]), limit=20)]
            top5 = ranked[:5]
            # Normalised by what is achievable: a lot with two relevant listings scores 1.0 with both on top.
            precision = len(set(top5) & relevant) / min(5, len(relevant))
            recall = len(set(ranked[:20]) & relevant) / len(relevant)
            precisions.append(precision)
            recalls.append(recall)
            per_lot.append({"lot": lot.title, "precision_at_5": round(precision, 3),
                            "recall_at_20": round(recall, 3), "candidates": len(ranked),
                            "relevant_ranks": sorted(ranked.index(i) + 1 for i in relevant if i in ranked)})
        result = {"precision_at_5": round(sum(precisions) / len(precisions), 3),
                  "recall_at_20": round(sum(recalls) / len(recalls), 3), "lots": per_lot}
        transaction.set_rollback(True)  # the set was only built to be measured
    return result
