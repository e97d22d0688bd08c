"""Reads of the integrity layer, narrowed in SQL to what the user may see: flags for the buyer's officers,
platform admins and auditors; the explanation procedure for the officers and, once asked, the bidder."""

from __future__ import annotations

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Substr, TruncMonth
from django.utils import timezone

from organizations.models import Membership, PlatformRoleKind, User

from ..models import BIDS_OPENED_STATES, Lot, Tender, TenderState, bids_opened_condition
from .access import sees_all_flags
from .models import AltCase, AltState, BuyerIntegritySettings, FixedPriceLot, RedFlag
from .registry import SINGLE_BID, integrity_setting


def _officer_buyers(user: User):
    """The organizations whose flags the user reads as a procurement officer (a subquery)."""
    if not user.has_platform_role(PlatformRoleKind.PROCUREMENT_OFFICER):
        return Membership.objects.none().values("organization_id")
    return Membership.objects.filter(user_id=user.pk).values("organization_id")


def flags_visible_to(*, user: User) -> QuerySet[RedFlag]:
    """Stored flags the user may read; only of tenders whose bids are opened now (a tender cancelled after the
    opening seals them again)."""
    if not user or not user.is_authenticated:
        return RedFlag.objects.none()
    flags = RedFlag.objects.filter(bids_opened_condition(now=timezone.now(), prefix="tender__"))
    if not sees_all_flags(user):
        flags = flags.filter(buyer_id__in=_officer_buyers(user))
    return flags.select_related("tender", "lot", "buyer").order_by(
        "-tender__submission_deadline", "tender_id", "lot_id", "code", "id"
    )


def alt_cases_visible_to(*, user: User) -> QuerySet[AltCase]:
    """Cases the buyer's officers handle (and admins, auditors read), plus the bidder's own cases once an
    explanation was requested: a bidder never learns of a mere statistical flag."""
    if not user or not user.is_authenticated:
        return AltCase.objects.none()
    cases = AltCase.objects.filter(bids_opened_condition(now=timezone.now(), prefix="tender__"))
    if not sees_all_flags(user):
        own_bids = Membership.objects.filter(user_id=user.pk, organization_id=OuterRef("offer__bid__bidder_id"))
        cases = cases.filter(
            Q(tender__buyer_id__in=_officer_buyers(user)) | (Exists(own_bids) & ~Q(state=AltState.FLAGGED))
        )
    return cases.select_related("tender__buyer", "lot", "offer__bid__bidder").order_by("tender_id", "lot_id", "id")


def integrity_overview(*, user: User) -> dict:
    """Flags counted by buyer, CPV division and month (of the submission deadline), and each visible buyer's
    single-bid rate beside the platform's: the share of lots of opened competitive tenders with one tenderer."""
    flags = flags_visible_to(user=user).order_by()
    by_buyer = list(
        flags.values(name=F("buyer__legal_name"), buyer_pk=F("buyer_id")).annotate(n=Count("id")).order_by("-n", "name")
    )
    by_division = list(
        flags.annotate(division=Substr("lot__cpv__code", 1, 2))
        .values("division")
        .annotate(n=Count("id"))
        .order_by("division")
    )
    by_month = list(
        flags.annotate(month=TruncMonth("tender__submission_deadline"))
        .values("month")
        .annotate(n=Count("id"))
        .order_by("-month")
    )
    by_code = dict(flags.values_list("code").annotate(n=Count("id")).order_by())
    lots = (
        Lot.objects.filter(
            bids_opened_condition(now=timezone.now(), prefix="tender__"),
            tender__procedure__in=integrity_setting("competitive_procedures"),
        )
        .exclude(state="cancelled")
        .order_by()
    )
    single = Exists(RedFlag.objects.filter(lot_id=OuterRef("pk"), code=SINGLE_BID.code))
    platform = lots.aggregate(lots=Count("id"), single=Count("id", filter=Q(single)))
    visible = lots if sees_all_flags(user) else lots.filter(tender__buyer_id__in=_officer_buyers(user))
    rates = list(
        visible.values(buyer_pk=F("tender__buyer_id"), name=F("tender__buyer__legal_name"))
        .annotate(lots=Count("id"), single=Count("id", filter=Q(single)))
        .order_by("name")
    )
    for row in rates:
        row["rate"] = row["single"] / row["lots"] * 100 if row["lots"] else None
    platform["rate"] = platform["single"] / platform["lots"] * 100 if platform["lots"] else None
    return {
        "by_buyer": by_buyer,
        "by_division": by_division,
        "by_month": by_month,
        "by_code": by_code,
        "single_bid_rates": rates,
        "platform": platform,
    }


def tender_for_flags(*, user: User, tender_id: int) -> Tender | None:
    """The tender, if the user may read its flags (opened, and the user an officer of its buyer or above)."""
    tenders = Tender.objects.filter(bids_opened_condition(now=timezone.now()), pk=tender_id)
    if not sees_all_flags(user):
        tenders = tenders.filter(buyer_id__in=_officer_buyers(user))
    return tenders.select_related("buyer").first()


def integrity_settings_of(*, buyer_id: int) -> BuyerIntegritySettings:
    """The buyer's abnormally-low-tender rule, or the defaults (unsaved) when it never chose one."""
    return BuyerIntegritySettings.objects.filter(buyer_id=buyer_id).first() or BuyerIntegritySettings(buyer_id=buyer_id)


def lots_before_opening(*, buyer_id: int) -> QuerySet[Lot]:
    """The buyer's lots whose bids are not opened yet (a fixed price may still be declared), with `fixed_reason`
    (None when the price is not fixed)."""
    fixed = FixedPriceLot.objects.filter(lot_id=OuterRef("pk")).values("reason")[:1]
    return (
        Lot.objects.filter(tender__buyer_id=buyer_id, tender__submission_deadline__gt=timezone.now())
        .exclude(tender__state__in=[*BIDS_OPENED_STATES, TenderState.CANCELLED])
        .annotate(fixed_reason=Subquery(fixed))
        .select_related("tender")
        .order_by("tender__submission_deadline", "tender_id", "number")
    )
