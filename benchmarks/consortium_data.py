"""Data of `manage.py bench_consortium`: organizations across the EU member states and Norway with capability codes
from the real CPV vocabulary, some with a Defence Ready badge and a published listing, one buyer and tenders;
every organization's registration id starts `BENCH-CONS-`, and `cleanup` removes what any run left."""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from alliances.edf import EDF_COUNTRIES
from compliance.models import Assessment, Badge, Framework
from marketplace.models import CapacityListing, ListingCpvCode, Lot, Tender, TenderState
from organizations.models import CpvCode, Organization

PREFIX = "BENCH-CONS-"
BATCH = 2000
# Divisions where defence logistics and support SMEs work, with the listing kind their listings get.
DIVISIONS = {
    "60": "road_transport",
    "63": "storage",
    "50": "maintenance",
    "35": "security",
    "34": "manufacturing",
    "72": "it_cyber",
    "79": "other",
    "71": "other",
    "73": "other",
    "80": "other",
    "45": "other",
    "90": "other",
    "33": "manufacturing",
    "64": "it_cyber",
}
BIG = {"DE": 6, "FR": 6, "IT": 5, "ES": 4, "PL": 4, "NL": 3}
NAMES = ["Nordic", "Baltic", "Alpine", "Danube", "Atlantic", "Iberian", "Carpathian", "Rhine", "Adriatic", "Aegean"]
TRADES = ["Logistics", "Systems", "Engineering", "Services", "Technologies", "Mobility", "Defence", "Solutions"]


def cleanup() -> None:
    """Remove every row the benchmark made (idempotent: also what an interrupted run left)."""
    organizations = Organization.objects.filter(registration_id__startswith=PREFIX)
    with transaction.atomic():
        Tender.objects.filter(buyer__in=organizations).delete()
        Badge.objects.filter(organization__in=organizations).delete()
        Assessment.objects.filter(organization__in=organizations).delete()
        CapacityListing.objects.filter(provider__in=organizations).delete()
        Organization.capability_codes.through.objects.filter(organization__in=organizations).delete()
        organizations.delete()


def _size(rng: random.Random) -> dict:
    if rng.random() < 0.8:  # SMEs: micro, small and medium by headcount and turnover
        headcount = rng.choice([rng.randint(2, 9), rng.randint(10, 49), rng.randint(50, 249)])
        turnover = Decimal(headcount * rng.randint(60_000, 180_000))
    else:
        headcount = rng.randint(250, 8000)
        turnover = Decimal(headcount * rng.randint(200_000, 400_000))
    return {"headcount": headcount, "annual_turnover_eur": turnover, "balance_sheet_total_eur": turnover}


@transaction.atomic
def build_organizations(rng: random.Random, count: int) -> tuple[Organization, dict]:
    """The organizations, their capability codes, listings and badges, written with bulk_create in batches."""
    codes = {
        division: list(CpvCode.objects.filter(code__startswith=division).values_list("code", flat=True))
        for division in DIVISIONS
    }
    countries = sorted(EDF_COUNTRIES)
    weights = [BIG.get(country, 1) for country in countries]
    buyer = Organization.objects.create(
        kind="authority", legal_name="Bench Procurement Agency", country="DE", registration_id=f"{PREFIX}BUYER"
    )
    organizations = [
        Organization(
            kind="company",
            legal_name=f"{rng.choice(NAMES)} {rng.choice(TRADES)} {n}",
            country=rng.choices(countries, weights)[0],
            registration_id=f"{PREFIX}{n:05d}",
            **_size(rng),
        )
        for n in range(count)
    ]
    Organization.objects.bulk_create(organizations, batch_size=BATCH)

    through = Organization.capability_codes.through
    links, held = [], {}
    for organization in organizations:
        divisions = rng.sample(list(DIVISIONS), rng.choices([1, 2, 3], [65, 30, 5])[0])
        mine = {code for division in divisions for code in rng.sample(codes[division], rng.randint(1, 3))}
        held[organization.pk] = (divisions, sorted(mine))
        links += [through(organization_id=organization.pk, cpvcode_id=code) for code in mine]
    through.objects.bulk_create(links, batch_size=5 * BATCH)

    today, now = timezone.localdate(), timezone.now()
    offering = rng.sample(organizations, count * 3 // 10)
    listings = [
        CapacityListing(
            provider=o,
            kind=DIVISIONS[held[o.pk][0][0]],
            title=f"{o.legal_name}: capacity in {held[o.pk][1][0]}",
            description="Benchmark listing.",
            country=o.country,
            available_from=today,
            available_until=today + timedelta(days=180),
            quantity=Decimal(rng.randint(1, 500)),
            unit="units",
            state="published",
            visibility="public",
            published_at=now,
        )
        for o in offering
    ]
    CapacityListing.objects.bulk_create(listings, batch_size=BATCH)
    ListingCpvCode.objects.bulk_create(
        [
            ListingCpvCode(listing=listing, code_id=code)
            for listing in listings
            for code in held[listing.provider_id][1][:2]
        ],
        batch_size=5 * BATCH,
    )

    framework = Framework.objects.filter(is_current=True).order_by("key").first()
    holders = rng.sample(organizations, count // 5)
    assessments = Assessment.objects.bulk_create(
        [Assessment(organization=o, framework=framework, state="accepted") for o in holders], batch_size=BATCH
    )
    Badge.objects.bulk_create(
        [
            Badge(
                organization_id=a.organization_id,
                kind="defence_ready",
                level="checked",
                assessment=a,
                score=Decimal(80),
                issued_on=today - timedelta(days=30),
                valid_until=today + timedelta(days=335),
            )
            for a in assessments
        ],
        batch_size=BATCH,
    )
    # Fresh statistics, as autovacuum would gather on a running server: bulk loads leave the planner guessing.
    with connection.cursor() as cursor:
        for model in (Organization, through, CapacityListing, ListingCpvCode, Assessment, Badge):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    sme = Organization.objects.filter(
        registration_id__startswith=PREFIX, kind="company", sme_class__in=["micro", "small", "medium"]
    ).count()
    return buyer, {
        "organizations": count,
        "sme": sme,
        "countries": len({o.country for o in organizations}),
        "codes": len(links),
        "listings": len(listings),
        "badges": len(assessments),
    }


def build_tender(rng: random.Random, buyer: Organization, lots: int, **fields) -> Tender:
    """A published tender whose lots spread over the divisions; lot 2 is reserved for SMEs and lot 3 carries a
    dual-use classification, so both eligibility paths are exercised."""
    now = timezone.now()
    chosen = []
    for number in range(1, lots + 1):
        division = list(DIVISIONS)[rng.randrange(len(DIVISIONS))]
        chosen.append(
            (
                number,
                rng.choice(
                    list(CpvCode.objects.filter(code__startswith=division, level__lte=3).values_list("code", flat=True))
                ),
            )
        )
    tender = Tender.objects.create(
        buyer=buyer,
        title=f"Bench: support package in {lots} lots",
        description="Benchmark tender.",
        main_cpv_id=chosen[0][1],
        performance_country="DE",
        enquiry_deadline=now + timedelta(days=7),
        submission_deadline=now + timedelta(days=14),
        opening_at=now + timedelta(days=14, hours=1),
        state=TenderState.PUBLISHED,
        published_at=now,
        **fields,
    )
    Lot.objects.bulk_create(
        [
            Lot(
                tender=tender,
                number=number,
                title=f"Lot {number}: {code}",
                cpv_id=code,
                sme_only=number == 2,
                export_classification="5A002" if number == 3 else "not_listed",
            )
            for number, code in chosen
        ]
    )
    return tender
