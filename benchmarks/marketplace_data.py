"""Benchmark data for `manage.py bench_marketplace` and `bench_matching`: SMEs, buyers, listings, tenders and lots.

Every row the benchmark makes belongs to an organization whose registration id starts with `BENCH-` (or is
the bench user, e-mail at `@bench.invalid`), so the data can be reused or removed without touching anything
else. The two big tables are written with PostgreSQL's COPY from unsaved model instances (defaults and
field adaptation come from the models), ids reserved from the table's sequence beforehand.

The words the data is made of are in `marketplace_words`.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db import connection, models, transaction
from django.utils import timezone

from compliance.models import BadgeKind
from marketplace.bulk_copy import copy_instances
from marketplace.listing_index import listings_reindex
from marketplace.models import (
    AwardCriterion,
    AwardMethod,
    CapacityListing,
    CapacityUnit,
    LegalBasis,
    ListingCpvCode,
    ListingState,
    ListingVisibility,
    Lot,
    Procedure,
    Tender,
    TenderState,
)
from organizations.models import CpvCode, Membership, MembershipRole, Organization, OrganizationKind, User

from .marketplace_words import COUNTRIES, KINDS, PURPOSES, QUALIFIERS, SME_NAMES
from .sql_delete import delete_cascading

BENCH_PREFIX = "BENCH-"
BENCH_EMAIL_DOMAIN = "@bench.invalid"
BENCH_USER_EMAIL = "bench-sme" + BENCH_EMAIL_DOMAIN


def bench_organizations() -> models.QuerySet[Organization]:
    return Organization.objects.filter(registration_id__startswith=BENCH_PREFIX)


def bench_listings() -> models.QuerySet[CapacityListing]:
    return CapacityListing.objects.filter(provider__registration_id__startswith=BENCH_PREFIX)


def bench_tenders() -> models.QuerySet[Tender]:
    return Tender.objects.filter(buyer__registration_id__startswith=BENCH_PREFIX)


def bench_user() -> User | None:
    return User.objects.filter(email=BENCH_USER_EMAIL).first()


# --- COPY ------------------------------------------------------------------------------------------


@dataclass
class BenchData:
    user: User
    organizations: int = 0
    listings: int = 0
    cpv_links: int = 0
    tenders: int = 0
    lots: int = 0
    seconds: float = 0.0
    steps: dict[str, float] = field(default_factory=dict)
    reused: bool = False


def _cpv_pools() -> dict[str, list[str]]:
    """Per kind, the real CPV codes in its subtree (from the loaded vocabulary)."""
    codes = list(CpvCode.objects.values_list("code", flat=True))
    pools = {}
    for kind, spec in KINDS.items():
        prefix = spec["cpv"].rstrip("0")
        pools[kind] = [code for code in codes if code.startswith(prefix)] or [spec["cpv"]]
    return pools


def _organizations(rng: random.Random, count: int, buyers: int) -> tuple[list[Organization], list[Organization]]:
    countries = list(COUNTRIES)
    smes = []
    for n in range(count):
        country = countries[n % len(countries)]
        headcount = rng.choice([4, 8, 15, 30, 45, 80, 120, 200, 240])
        turnover = Decimal(headcount * rng.randint(60_000, 160_000))
        smes.append(
            Organization(
                kind=OrganizationKind.COMPANY,
                legal_name=f"{rng.choice(SME_NAMES)} {n + 1:04d}",
                country=country,
                registration_id=f"{BENCH_PREFIX}SME-{n + 1:05d}",
                city=rng.choice(COUNTRIES[country]),
                headcount=headcount,
                annual_turnover_eur=turnover,
                balance_sheet_total_eur=turnover / 2,
                description="Benchmark organization (manage.py bench_marketplace).",
            )
        )
    authorities = [
        Organization(
            kind=OrganizationKind.AUTHORITY,
            legal_name=f"Procurement Office {n + 1:03d}",
            country=countries[n % len(countries)],
            registration_id=f"{BENCH_PREFIX}BUY-{n + 1:04d}",
        )
        for n in range(buyers)
    ]
    created = Organization.objects.bulk_create(smes + authorities, batch_size=1000)
    return created[:count], created[count:]


def _listing(
    rng: random.Random, provider: Organization, pools: dict[str, list[str]], today: date, now: datetime
) -> tuple[CapacityListing, list[str]]:
    kind = rng.choice(list(KINDS))
    spec = KINDS[kind]
    lang = rng.choice(["en", "de"])
    country = str(provider.country) if rng.random() < 0.8 else rng.choice(list(COUNTRIES))
    city = rng.choice(COUNTRIES[country])
    title = f"{rng.choice(spec[lang]).capitalize()} in {city}, {rng.choice(QUALIFIERS[lang])}"
    en, de = rng.sample(spec["en"], 2), rng.sample(spec["de"], 2)
    description = (
        f"We offer {en[0]} and {en[1]} capacity for defence logistics around {city}. "
        f"Wir bieten {de[0]} und {de[1]} für Verteidigungslogistik. {rng.choice(QUALIFIERS['en'])}; "
        f"{rng.choice(QUALIFIERS['de'])}."
    )
    start = today + timedelta(days=rng.randint(-90, 240))
    until = start + timedelta(days=rng.randint(14, 365))
    roll = rng.random()
    if until < today:
        state = ListingState.EXPIRED
    else:
        state = ListingState.PUBLISHED if roll < 0.9 else ListingState.PAUSED if roll < 0.95 else ListingState.DRAFT
    roll = rng.random()
    visibility = (
        ListingVisibility.PUBLIC
        if roll < 0.92
        else ListingVisibility.BADGE_HOLDERS
        if roll < 0.97
        else ListingVisibility.PARTNERS
    )
    created = now - timedelta(seconds=rng.randint(3600, 400 * 86400))
    updated = created + (now - created) * rng.random()
    listing = CapacityListing(
        provider_id=provider.pk,
        kind=kind,
        title=title,
        description=description,
        address=f"Hafenstraße {rng.randint(1, 200)}, {city}",
        country=country,
        latitude=Decimal(f"{rng.uniform(36, 66):.5f}"),
        longitude=Decimal(f"{rng.uniform(-9, 28):.5f}"),
        service_area=sorted({country, *rng.sample(list(COUNTRIES), rng.randint(0, 3))}),
        available_from=start,
        available_until=until,
        quantity=Decimal(rng.randint(1, 5000)),
        unit=rng.choice(spec["units"]),
        price_indication=rng.choice(["", "on request", "from 450 EUR/day"]),
        visibility=visibility,
        visible_to_badges=[rng.choice(BadgeKind.values)] if visibility == ListingVisibility.BADGE_HOLDERS else [],
        state=state,
        published_at=None if state == ListingState.DRAFT else created,
        created_at=created,
        updated_at=updated,
    )
    pool = pools[kind]
    return listing, rng.sample(pool, min(len(pool), rng.randint(1, 3)))


def _listings(rng, count, providers, pools, batch_size, steps) -> tuple[int, int]:
    today, now = timezone.localdate(), timezone.now()
    through = CapacityListing.visible_to_partners.through
    links_total = 0
    for start in range(0, count, batch_size):
        began = time.perf_counter()
        listings, codes = [], []
        for _ in range(min(batch_size, count - start)):
            listing, listing_codes = _listing(rng, rng.choice(providers), pools, today, now)
            listings.append(listing)
            codes.append(listing_codes)
        steps["listings made in Python"] = steps.get("listings made in Python", 0) + time.perf_counter() - began
        began = time.perf_counter()
        copy_instances(CapacityListing, listings)
        steps["listings (COPY)"] = steps.get("listings (COPY)", 0) + time.perf_counter() - began
        links = [
            ListingCpvCode(listing_id=listing.pk, code_id=code)
            for listing, listing_codes in zip(listings, codes, strict=True)
            for code in listing_codes
        ]
        partners = [
            through(capacitylisting_id=listing.pk, organization_id=rng.choice(providers).pk)
            for listing in listings
            if listing.visibility == ListingVisibility.PARTNERS
        ]
        began = time.perf_counter()
        links_total += copy_instances(ListingCpvCode, links)
        copy_instances(through, partners)
        steps["CPV links and partners (COPY)"] = (
            steps.get("CPV links and partners (COPY)", 0) + time.perf_counter() - began
        )
    return count, links_total


def _tenders(rng, count, lots_per_tender, buyers, pools) -> tuple[int, int]:
    now = timezone.now()
    today = timezone.localdate()
    tenders, kinds, lots, criteria = [], [], [], []
    for n in range(count):
        kind = rng.choice(list(KINDS))
        kinds.append(kind)
        spec = KINDS[kind]
        country = rng.choice(list(COUNTRIES))
        city = rng.choice(COUNTRIES[country])
        words = rng.sample(spec["en"], 2)
        published = now - timedelta(seconds=rng.randint(60, 20 * 86400))
        enquiry = now + timedelta(days=rng.randint(3, 30), minutes=rng.randint(0, 1440))
        submission = enquiry + timedelta(days=rng.randint(7, 30))
        method = AwardMethod.BEST_VALUE if n % 3 == 0 else AwardMethod.LOWEST_PRICE
        start = today + timedelta(days=rng.randint(45, 200))
        tender = Tender(
            buyer_id=rng.choice(buyers).pk,
            title=f"{words[0].capitalize()} and {words[1]} for {rng.choice(PURPOSES)}",
            description=(
                f"{rng.choice(spec['en']).capitalize()} services near {city}. "
                f"Leistungen: {', '.join(rng.sample(spec['de'], 2))}."
            ),
            procedure=rng.choice(Procedure.values),
            legal_basis=rng.choice(LegalBasis.values),
            main_cpv_id=rng.choice(pools[kind]),
            place_of_performance=city,
            performance_country=country,
            performance_start=start,
            performance_end=start + timedelta(days=rng.randint(30, 365)),
            estimated_value=Decimal(rng.randint(50, 20_000) * 1000),
            enquiry_deadline=enquiry,
            submission_deadline=submission,
            opening_at=submission + timedelta(hours=1),
            award_method=method,
            state=TenderState.PUBLISHED,
            published_at=published,
            created_at=published - timedelta(days=2),
            updated_at=published,
        )
        tenders.append(tender)
    copy_instances(Tender, tenders)
    for tender, kind in zip(tenders, kinds, strict=True):
        spec = KINDS[kind]
        for number in range(1, lots_per_tender + 1):
            lots.append(
                Lot(
                    tender_id=tender.pk,
                    number=number,
                    title=f"Lot {number}: {rng.choice(spec['en'])}",
                    description=f"{rng.choice(spec['de'])} ({tender.place_of_performance})",
                    cpv_id=rng.choice(pools[kind]),
                    quantity=Decimal(rng.randint(1, 1000)),
                    unit=str(CapacityUnit(rng.choice(spec["units"])).label),
                    sme_only=rng.random() < 0.3,
                    estimated_value=(tender.estimated_value / lots_per_tender).quantize(Decimal("1")),
                    updated_at=tender.updated_at,
                )
            )
        if tender.award_method == AwardMethod.BEST_VALUE:
            criteria += [
                AwardCriterion(tender_id=tender.pk, name="Price", kind="price", weight=60),
                AwardCriterion(tender_id=tender.pk, name="Quality", kind="quality", weight=40),
            ]
    copy_instances(Lot, lots)
    copy_instances(AwardCriterion, criteria)
    return len(tenders), len(lots)


def _analyze() -> None:
    tables = [m._meta.db_table for m in (Organization, CapacityListing, ListingCpvCode, Tender, Lot)]
    statement = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"{statement} {connection.ops.quote_name(table)}")


def bench_data_generate(
    *,
    listings: int,
    tenders: int,
    lots: int,
    organizations: int = 300,
    buyers: int = 20,
    seed: int = 42,
    batch_size: int = 20_000,
    pools: dict[str, list[str]] | None = None,
) -> BenchData:
    """Make the benchmark's organizations, user, listings (with CPV codes and search vectors) and tenders."""
    rng = random.Random(seed)  # noqa: S311 - benchmark data, not secrets
    steps: dict[str, float] = {}
    began = time.perf_counter()

    def step(name: str, since: float) -> float:
        now = time.perf_counter()
        steps[name] = steps.get(name, 0) + now - since
        return now

    mark = time.perf_counter()
    pools = pools or _cpv_pools()
    with transaction.atomic():
        smes, authorities = _organizations(rng, organizations, buyers)
        user = User.objects.create_user(BENCH_USER_EMAIL, full_name="Bench SME user")
        Membership.objects.create(user=user, organization=smes[0], role=MembershipRole.ADMIN)
        mark = step("organizations and user", mark)
        listing_count, link_count = _listings(rng, listings, smes, pools, batch_size, steps)
        mark = time.perf_counter()
        listings_reindex(bench_listings())
        mark = step("search vectors (one UPDATE)", mark)
        tender_count, lot_count = _tenders(rng, tenders, lots, authorities, pools)
        mark = step("tenders, lots, criteria (COPY)", mark)
    _analyze()
    step("VACUUM/ANALYZE", mark)
    return BenchData(
        user=user,
        organizations=len(smes) + len(authorities),
        listings=listing_count,
        cpv_links=link_count,
        tenders=tender_count,
        lots=lot_count,
        seconds=time.perf_counter() - began,
        steps=steps,
    )


def bench_data_existing() -> BenchData | None:
    user = bench_user()
    if user is None or not bench_listings().exists():
        return None
    return BenchData(
        user=user,
        organizations=bench_organizations().count(),
        listings=bench_listings().count(),
        cpv_links=ListingCpvCode.objects.filter(listing__in=bench_listings()).count(),
        tenders=bench_tenders().count(),
        lots=Lot.objects.filter(tender__in=bench_tenders()).count(),
        reused=True,
    )


@transaction.atomic
def bench_data_delete() -> int:
    """Remove every bench row (in SQL, children first); rows of anyone else are never touched. A bench row that
    something else protects (a bid on a bench tender, say) makes the whole deletion fail and roll back."""
    tables = set(connection.introspection.table_names())
    deleted = delete_cascading(CapacityListing, bench_listings().values("pk"), tables)
    deleted += delete_cascading(Tender, bench_tenders().values("pk"), tables)
    deleted += delete_cascading(User, User.objects.filter(email__endswith=BENCH_EMAIL_DOMAIN).values("pk"), tables)
    deleted += delete_cascading(Organization, bench_organizations().values("pk"), tables)
    return deleted
