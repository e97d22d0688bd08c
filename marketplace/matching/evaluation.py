"""Measuring the matching engine against a labelled set: precision@5, recall@20 and nDCG@10 over the lots,
for the engine and for two baselines computed beside it (CPV fit alone, text rank alone)."""

from __future__ import annotations

import math
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import yaml
from django.db import connection, transaction
from django.utils import timezone

from organizations.models import CpvCode, Organization

from ..listing_index import listings_reindex
from ..models import CapacityListing, ListingCpvCode, ListingState, Lot, Tender, TenderState
from .contexts import LotContext, lot_contexts
from .engine import listings_ranked


def _known(model, values: dict) -> dict:
    """Only the values the model has fields for (the set also carries what older engines cannot store)."""
    names = {field.name for field in model._meta.get_fields()}
    return {name: value for name, value in values.items() if name in names}


def _build(data: dict) -> tuple[dict[str, int], list[tuple[Lot, set[int]]]]:
    today = timezone.localdate()
    now = timezone.now()
    providers = {
        key: Organization.objects.create(
            legal_name=f"Eval {key}",
            country=p["country"],
            headcount=p["headcount"],
            annual_turnover_eur=Decimal(p["headcount"]) * 100_000,
            registration_id=f"EVAL-{key}",
        )
        for key, p in data["providers"].items()
    }
    listings = {}
    for key, item in data["listings"].items():
        listing = CapacityListing.objects.create(
            provider=providers[item["provider"]],
            kind=item["kind"],
            title=item["title"],
            description=item["description"],
            country=providers[item["provider"]].country,
            latitude=Decimal(str(item["lat"])),
            longitude=Decimal(str(item["lon"])),
            available_from=today + timedelta(days=item["from"]),
            available_until=today + timedelta(days=item["until"]),
            quantity=Decimal(item["quantity"]),
            unit=item["unit"],
            state=ListingState.PUBLISHED,
            **_known(CapacityListing, {"attributes": item.get("attributes", {})}),
        )
        ListingCpvCode.objects.bulk_create(ListingCpvCode(listing=listing, code_id=str(c)) for c in item["cpv"])
        listings[key] = listing.pk
    listings_reindex(CapacityListing.objects.filter(pk__in=listings.values()))
    buyer = Organization.objects.create(
        kind="authority", legal_name="Eval buyer", country="DE", registration_id="EVAL-BUYER"
    )
    labelled = []
    for spec in data["tenders"]:
        first_code = str(spec["lots"][0]["cpv"])
        tender = Tender.objects.create(
            buyer=buyer,
            title=spec["title"],
            description=spec["title"],
            main_cpv_id=first_code,
            performance_country=spec["country"],
            performance_latitude=Decimal(str(spec["lat"])),
            performance_longitude=Decimal(str(spec["lon"])),
            performance_start=today + timedelta(days=spec["start"]),
            performance_end=today + timedelta(days=spec["end"]),
            enquiry_deadline=now + timedelta(days=1),
            submission_deadline=now + timedelta(days=2),
            opening_at=now + timedelta(days=3),
            state=TenderState.PUBLISHED,
        )
        for number, lot_spec in enumerate(spec["lots"], start=1):
            lot = Lot.objects.create(
                tender=tender,
                number=number,
                title=lot_spec["title"],
                cpv_id=str(lot_spec["cpv"]),
                quantity=Decimal(lot_spec["quantity"]),
                description=lot_spec.get("description", ""),
                unit=lot_spec.get("unit", ""),
                sme_only=bool(spec.get("sme_only")),
                **_known(
                    Lot,
                    {
                        "partial_offers": lot_spec.get("partial_offers", False),
                        "required_attributes": lot_spec.get("required", {}),
                        "preferred_attributes": lot_spec.get("preferred", {}),
                    },
                ),
            )
            labelled.append((lot, {listings[key]: grade for key, grade in lot_spec["relevance"].items()}))
    return listings, labelled


def _metrics(ranked: list[int], grades: dict[int, int]) -> dict[str, float]:
    """precision@5 and recall@20 count grades 1 and 2 as relevant, normalised by what is achievable (a lot with
    two relevant listings scores 1.0 with both on top); nDCG@10 weighs grade 2 over grade 1 (gain 2^g - 1)."""
    relevant = {key for key, grade in grades.items() if grade > 0}
    if not relevant:
        return {"precision_at_5": 1.0, "recall_at_20": 1.0, "ndcg_at_10": 1.0}
    dcg = sum((2 ** grades.get(key, 0) - 1) / math.log2(rank + 2) for rank, key in enumerate(ranked[:10]))
    ideal = sorted(grades.values(), reverse=True)[:10]
    idcg = sum((2**grade - 1) / math.log2(rank + 2) for rank, grade in enumerate(ideal))
    return {
        "precision_at_5": len(set(ranked[:5]) & relevant) / min(5, len(relevant)),
        "recall_at_20": len(set(ranked[:20]) & relevant) / min(20, len(relevant)),
        "ndcg_at_10": dcg / idcg,
    }


def _cpv_only(context: LotContext, codes: dict[int, list[str]]) -> list[int]:
    """Baseline: every listing of the set by its best CPV fit on the tree alone (ties by id)."""

    def fit(listing_codes: list[str]) -> float:
        best = 0.0
        for code in listing_codes:
            level = (
                1.0
                if code == context.code
                else 0.9
                if code in context.descendants
                else 0.7
                if code in context.ancestors
                else 0.6
                if code in context.siblings
                else 0.4
                if code[:3] == context.grp
                else 0.2
                if code[:2] == context.grp[:2]
                else 0.0
            )
            best = max(best, level)
        return best

    scored = [(fit(c), pk) for pk, c in codes.items()]
    return [pk for level, pk in sorted(scored, key=lambda x: (-x[0], x[1])) if level > 0][:20]


def _text_only(context: LotContext, ids: list[int]) -> list[int]:
    """Baseline: every listing of the set by full-text rank of the lot's words (English and German) alone."""
    if not context.words:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT id FROM (SELECT id, ts_rank(search_vector, to_tsquery('english', %s) || to_tsquery('german', %s))
                            AS rank FROM {CapacityListing._meta.db_table} WHERE id = ANY(%s)) ranked
            WHERE rank > 0 ORDER BY rank DESC, id LIMIT 20""",  # noqa: S608
            [context.words, context.words, ids],
        )
        return [row[0] for row in cursor.fetchall()]


SYSTEMS = ("engine", "cpv_only", "text_only")


def evaluate(*, path: Path) -> dict:
    """Build the set inside a transaction that is rolled back, rank each lot with the engine and the baselines,
    and return the mean metrics per system and the engine's figures per lot."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    if not CpvCode.objects.exists():
        from organizations.vocabulary import cpv_vocabulary_load

        cpv_vocabulary_load()
    with transaction.atomic():
        listings, labelled = _build(data)
        ids = sorted(listings.values())
        codes: dict[int, list[str]] = {}
        for listing_id, code in ListingCpvCode.objects.filter(listing_id__in=ids).values_list("listing_id", "code_id"):
            codes.setdefault(listing_id, []).append(code)
        per_lot, totals = [], {system: [] for system in SYSTEMS}
        for lot, grades in labelled:
            lot = Lot.objects.select_related("tender").get(pk=lot.pk)
            context = lot_contexts([lot])[0]
            ranked = {
                "engine": [row["listing_id"] for row in listings_ranked([context], limit=20)],
                "cpv_only": _cpv_only(context, codes),
                "text_only": _text_only(context, ids),
            }
            for system in SYSTEMS:
                totals[system].append(_metrics(ranked[system], grades))
            engine = totals["engine"][-1]
            per_lot.append(
                {
                    "lot": lot.title,
                    **{k: round(v, 3) for k, v in engine.items()},
                    "candidates": len(ranked["engine"]),
                    "relevant_ranks": sorted(
                        ranked["engine"].index(i) + 1 for i, g in grades.items() if g and i in ranked["engine"]
                    ),
                }
            )
        result = {
            system: {
                metric: round(sum(m[metric] for m in rows) / len(rows), 3)
                for metric in ("precision_at_5", "recall_at_20", "ndcg_at_10")
            }
            for system, rows in totals.items()
        }
        result = {**result["engine"], "baselines": {s: result[s] for s in SYSTEMS[1:]}, "lots": per_lot}
        transaction.set_rollback(True)  # the set was only built to be measured
    return result
