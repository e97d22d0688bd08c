"""Evaluation and award: rank the offers of each lot by the declared method, propose the award, hold the
standstill period, move to the next-ranked bid when the winner declines, and settle the tender."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from core.formatting import format_date, format_number
from organizations.audit import audit_record
from organizations.lifecycle import transition
from organizations.models import User
from organizations.notifications import notify_organizations

from ..integrity.guard import alt_rejected_offer_ids, ensure_alt_closed
from ..integrity.triggers import flags_recompute_later
from ..models import (
    AWARD_TRANSITIONS,
    LOT_TRANSITIONS,
    Award,
    AwardCriterion,
    AwardMethod,
    AwardState,
    BidLot,
    BidState,
    CriterionKind,
    CriterionScore,
    Lot,
    LotState,
    Tender,
    TenderState,
)
from .committee import ensure_evaluator
from .ocds import tender_release_publish
from .shared import ensure_officer_of, tender_link, tender_transition

HUNDRED = Decimal(100)


@dataclass
class RankedOffer:
    offer: BidLot
    total: Decimal
    parts: dict[str, Decimal] = field(default_factory=dict)
    rank: int = 0
    complete: bool = True  # every qualitative criterion scored


def criteria_for(lot: Lot) -> list[AwardCriterion]:
    own = list(lot.criteria.all())
    return own or list(AwardCriterion.objects.filter(tender_id=lot.tender_id, lot__isnull=True))


def lot_ranking(*, lot: Lot) -> list[RankedOffer]:
    """Valid offers of the lot, best first. Lowest price: by price. Best value: price scored against the
    lowest (lowest/price × 100), delivery likewise, quality and others by the officer's 0-100 scores."""
    offers = list(
        BidLot.objects.filter(lot=lot, bid__state=BidState.SUBMITTED)
        .select_related("bid__bidder")
        .prefetch_related("scores")
        .order_by("price", "bid_id")
    )
    if not offers:
        return []
    tender = lot.tender
    ranked: list[RankedOffer] = []
    if tender.award_method == AwardMethod.LOWEST_PRICE:
        ranked = [
            RankedOffer(o, (min(x.price for x in offers) / o.price * HUNDRED), {"price": o.price}) for o in offers
        ]
    else:
        criteria = criteria_for(lot)
        lowest_price = min(o.price for o in offers)
        delivered = [o.delivery_days for o in offers if o.delivery_days]
        fastest = min(delivered) if delivered else None
        for offer in offers:
            given = {s.criterion_id: s.score for s in offer.scores.all()}
            entry = RankedOffer(offer, Decimal(0))
            for criterion in criteria:
                if criterion.kind == CriterionKind.PRICE:
                    score = lowest_price / offer.price * HUNDRED
                elif criterion.kind == CriterionKind.DELIVERY and fastest and offer.delivery_days:
                    score = Decimal(fastest) / Decimal(offer.delivery_days) * HUNDRED
                elif criterion.pk in given:
                    score = given[criterion.pk]
                else:
                    score = Decimal(0)
                    entry.complete = False
                part = (score * criterion.weight / HUNDRED).quantize(Decimal("0.01"), ROUND_HALF_UP)
                entry.parts[criterion.name] = part
                entry.total += part
            ranked.append(entry)
    for entry in ranked:
        entry.total = entry.total.quantize(Decimal("0.01"), ROUND_HALF_UP)
    ranked.sort(key=lambda e: (-e.total, e.offer.price, e.offer.bid.submitted_at or timezone.now()))
    for position, entry in enumerate(ranked, start=1):
        entry.rank = position
    return ranked


def _ensure_evaluating(tender: Tender) -> None:
    if tender.state != TenderState.EVALUATION:
        raise ApplicationError(
            _("Bids are evaluated only after the submission deadline, during evaluation."),
            code="invalid_state",
        )


@transaction.atomic
def criterion_score_set(*, offer: BidLot, criterion: AwardCriterion, score: Decimal, by: User) -> CriterionScore:
    offer = BidLot.objects.select_related("lot__tender__buyer").get(pk=offer.pk)
    tender = offer.lot.tender
    ensure_evaluator(user=by, tender=tender)
    _ensure_evaluating(tender)
    if criterion not in criteria_for(offer.lot) or criterion.kind in {CriterionKind.PRICE, CriterionKind.DELIVERY}:
        message = _("Score only the qualitative criteria of this lot; price and delivery are computed.")
        raise ApplicationError(message, errors={"criterion": [message]})
    if not Decimal(0) <= Decimal(score) <= HUNDRED:
        raise ApplicationError(_("Scores run from 0 to 100."), errors={"score": [_("Scores run from 0 to 100.")]})
    result, _created = CriterionScore.objects.update_or_create(
        offer=offer, criterion=criterion, defaults={"score": Decimal(score), "scored_by": by}
    )
    audit_record(
        actor=by,
        action="bid.scored",
        target=offer.bid,
        organization=tender.buyer,
        changes={f"lot {offer.lot.number} · {criterion.name}": [None, str(score)]},
    )
    return result


def _touch(tender: Tender, now: datetime) -> None:
    """Awards show inside the tender in the change feed, so a change to one moves the tender's timestamp."""
    Tender.objects.filter(pk=tender.pk).update(updated_at=now)


def _awards_held(tender: Tender) -> dict[int, int]:
    held: dict[int, int] = {}
    for bidder_id in (
        Award.objects.filter(lot__tender=tender)
        .exclude(state=AwardState.DECLINED)
        .values_list("offer__bid__bidder_id", flat=True)
    ):
        held[bidder_id] = held.get(bidder_id, 0) + 1
    return held


def _propose_next(lot: Lot, by: User | None, now: datetime) -> Award | None:
    tender = lot.tender
    # No award passes an offer flagged as abnormally low while its explanation procedure is open; an offer
    # rejected in it is passed over like a declined one.
    ensure_alt_closed(lot=lot)
    flags_recompute_later(tender_id=tender.pk)
    _touch(tender, now)
    declined = set(Award.objects.filter(lot=lot, state=AwardState.DECLINED).values_list("offer_id", flat=True))
    declined |= alt_rejected_offer_ids(lot=lot)
    held = _awards_held(tender)
    ranking = [e for e in lot_ranking(lot=lot) if e.offer.pk not in declined]
    for entry in ranking:
        bidder = entry.offer.bid.bidder_id
        if tender.max_lots_per_supplier and held.get(bidder, 0) >= tender.max_lots_per_supplier:
            continue
        award = Award.objects.create(
            lot=lot, offer=entry.offer, score=entry.total, standstill_until=now + timedelta(days=tender.standstill_days)
        )
        audit_record(
            actor=by,
            action="award.proposed",
            target=award,
            organization=tender.buyer,
            changes={"bidder": [None, entry.offer.bid.bidder.legal_name], "score": [None, str(entry.total)]},
        )
        for other in lot_ranking(lot=lot):
            won = other.offer.pk == entry.offer.pk
            notify_organizations(
                organizations=[other.offer.bid.bidder],
                link=tender_link(tender),
                subject=lambda won=won: (
                    (_("Proposed award: lot %(n)d of %(t)s") if won else _("Result for lot %(n)d of %(t)s"))
                    % {"n": lot.number, "t": tender.title}
                ),
                body=lambda other=other, award=award: (
                    _(
                        "Your score %(score)s, rank %(rank)d of %(count)d. The award becomes final on %(date)s unless "
                        "challenged."
                    )
                    % {
                        "score": format_number(other.total),
                        "rank": other.rank,
                        "count": len(ranking),
                        "date": format_date(award.standstill_until),
                    }
                ),
            )
        return award
    transition(
        lot,
        table=LOT_TRANSITIONS,
        states=LotState,
        to=LotState.UNSUCCESSFUL,
        by=by,
        action="lot.unsuccessful",
        organization=tender.buyer,
        fields=("updated_at",),
        refusal=_("A lot that is %(state)s cannot become %(to)s."),
    )
    return None


@transaction.atomic
def award_propose(*, lot: Lot, by: User) -> Award | None:
    """Propose the best-ranked eligible offer; the standstill period starts and every bidder sees the result."""
    lot = Lot.objects.select_for_update().select_related("tender__buyer").get(pk=lot.pk)
    ensure_evaluator(user=by, tender=lot.tender)
    _ensure_evaluating(lot.tender)
    if not lot.is_open or Award.objects.filter(lot=lot).exclude(state=AwardState.DECLINED).exists():
        raise ApplicationError(
            _("Lot %(n)d already has an award or is closed.") % {"n": lot.number}, code="invalid_state"
        )
    ranking = lot_ranking(lot=lot)
    if ranking and not all(entry.complete for entry in ranking):
        raise ApplicationError(
            _("Score every qualitative criterion of every offer before proposing the award."),
            code="evaluation_incomplete",
        )
    award = _propose_next(lot, by, timezone.now())
    tender_settle(tender=lot.tender)
    tender_release_publish(tender=lot.tender)
    return award


@transaction.atomic
def award_decline(*, award: Award, reason: str, by: User) -> Award | None:
    """The winner declines, or the officer finds it ineligible: the next-ranked offer moves up."""
    award = (
        Award.objects.select_for_update().select_related("lot__tender__buyer", "offer__bid__bidder").get(pk=award.pk)
    )
    from organizations.permissions import is_member

    if not is_member(by, award.offer.bid.bidder_id):
        ensure_evaluator(user=by, tender=award.lot.tender)  # on the buyer's side, only its evaluators
    if award.state != AwardState.PROPOSED:
        raise ApplicationError(_("Only a proposed award can be declined."), code="invalid_state")
    if not reason.strip():
        raise ApplicationError(_("Give the reason."), errors={"reason": [_("Required.")]})
    award.declined_reason = reason.strip()
    _award_transition(
        award,
        to=AwardState.DECLINED,
        by=by,
        action="award.declined",
        reason=reason.strip(),
        fields=("declined_reason",),
    )
    successor = _propose_next(award.lot, by, timezone.now())
    tender_settle(tender=award.lot.tender)
    tender_release_publish(tender=award.lot.tender)
    return successor


def _award_transition(
    award: Award, *, to: str, by: User | None, action: str, reason: str = "", fields: tuple[str, ...] = ()
) -> Award:
    return transition(
        award,
        table=AWARD_TRANSITIONS,
        states=AwardState,
        to=to,
        by=by,
        action=action,
        organization=award.lot.tender.buyer,
        reason=reason,
        fields=(*fields, "updated_at"),
        refusal=_("An award that is %(state)s cannot become %(to)s."),
    )


def awards_finalise(*, now: datetime | None = None) -> int:
    """Proposed awards whose standstill ended become final (Celery beat); the tender settles when all lots do."""
    now = now or timezone.now()
    count = 0
    with transaction.atomic():
        for award in (
            Award.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("lot__tender__buyer")
            .filter(state=AwardState.PROPOSED, standstill_until__lte=now)
        ):
            award.finalised_at = now
            _award_transition(award, to=AwardState.FINAL, by=None, action="award.final", fields=("finalised_at",))
            Lot.objects.filter(pk=award.lot_id).update(state=LotState.AWARDED, updated_at=now)
            _touch(award.lot.tender, now)
            tender_settle(tender=award.lot.tender)
            tender_release_publish(tender=award.lot.tender)
            flags_recompute_later(tender_id=award.lot.tender_id)
            count += 1
    return count


def tender_settle(*, tender: Tender) -> None:
    """When no lot is open any more: awarded if any lot was awarded, otherwise unsuccessful."""
    tender = Tender.objects.select_for_update().get(pk=tender.pk)
    if tender.state != TenderState.EVALUATION:
        return
    lots = list(tender.lots.values_list("state", flat=True))
    if LotState.ACTIVE in lots:
        return
    target = TenderState.AWARDED if LotState.AWARDED in lots else TenderState.UNSUCCESSFUL
    tender.version += 1
    tender_transition(tender, to=target, by=None, action=f"tender.{target}", fields=("version",))


@transaction.atomic
def tender_complete(*, tender: Tender, by: User) -> Tender:
    tender = Tender.objects.select_for_update().get(pk=tender.pk)
    ensure_officer_of(user=by, buyer=tender.buyer)
    if tender.state != TenderState.AWARDED:
        raise ApplicationError(_("Only an awarded tender can be completed."), code="invalid_state")
    tender.version += 1
    tender_transition(tender, to=TenderState.COMPLETED, by=by, action="tender.completed", fields=("version",))
    tender_release_publish(tender=tender)
    return tender
