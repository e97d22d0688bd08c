"""Deliveries: shipped by the supplier (never more than was ordered), linked to a LogHubs booking, and delivered
with a proof of delivery; the buyer's goods receipt is in services/receipts.py. A delivery that arrives after its
promised date is flagged late and both sides are notified."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core.files import check_upload, sha256_of
from core.formatting import format_date
from loghubs import roles as hub_roles
from loghubs.models import HOLDING_BOOKING_STATES, Booking
from organizations.audit import audit_record
from organizations.models import User
from organizations.notifications import notify_organizations

from .. import roles
from ..models import (
    DELIVERY_TRANSITIONS,
    ORDER_TRANSITIONS,
    Delivery,
    DeliveryLine,
    DeliveryState,
    Order,
    OrderLine,
    OrderState,
    ProofOfDelivery,
)
from .common import ensure_supplier_side, forbidden, refuse, transition
from .ocds import contract_publish
from .orders import _number

PROOF_TYPES = {".pdf": "application/pdf", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}
MAX_PROOF_BYTES = 10 * 1024 * 1024


def delivery_link(delivery: Delivery) -> str:
    return f"/contracting/deliveries/{delivery.pk}/"


def _locked(delivery: Delivery) -> Delivery:
    return (
        Delivery.objects.select_for_update(of=("self",))
        .select_related("order__contract__buyer", "order__contract__supplier")
        .get(pk=delivery.pk)
    )


@transaction.atomic
def delivery_create(
    *, order: Order, by: User, lines: list[dict], promised_date: date | None = None, carrier: str = ""
) -> Delivery:
    """The supplier ships (part of) a confirmed order: `lines` as [{order_line, quantity}]. Each line's shipped
    total grows by one guarded UPDATE that refuses more than was ordered (a CHECK stands behind it), so two
    deliveries racing for the last units cannot both win. The promised date defaults to the earliest line's."""
    order = (
        Order.objects.select_for_update(of=("self",))
        .select_related("contract__buyer", "contract__supplier")
        .get(pk=order.pk)
    )
    ensure_supplier_side(by, order.contract, doing=_("ship orders"))
    if not order.can_ship:
        raise refuse(_("Only a confirmed order can be shipped."), code="invalid_state")
    if not lines:
        raise refuse(_("A delivery carries at least one order line."), field="lines")
    order_lines = {line.pk: line for line in order.lines.all()}
    rows, seen = [], set()
    for index, row in enumerate(lines):
        line = order_lines.get(_as_int(row.get("order_line")))
        if line is None or line.pk in seen:
            raise refuse(_("Choose a line of this order (each once)."), field=f"lines.{index}.order_line")
        seen.add(line.pk)
        quantity = _number(row.get("quantity"), field=f"lines.{index}.quantity")
        shipped = OrderLine.objects.filter(pk=line.pk, shipped_quantity__lte=F("quantity") - quantity).update(
            shipped_quantity=F("shipped_quantity") + quantity
        )
        if not shipped:
            left = OrderLine.objects.get(pk=line.pk).open_quantity
            raise refuse(
                _("Line %(n)d has %(left)s %(unit)s left to deliver; %(quantity)s is more than was ordered.")
                % {"n": line.position, "left": left, "unit": line.unit, "quantity": quantity},
                field=f"lines.{index}.quantity",
                code="over_delivery",
            )
        rows.append(DeliveryLine(order_line=line, quantity=quantity))
    number = (order.deliveries.aggregate(last=Max("number"))["last"] or 0) + 1
    promised = promised_date or min(row.order_line.delivery_date for row in rows)
    delivery = Delivery.objects.create(
        order=order, number=number, promised_date=promised, carrier=carrier.strip()[:200], created_by=by
    )
    for row in rows:
        row.delivery = delivery
    DeliveryLine.objects.bulk_create(rows)
    if not order.lines.filter(shipped_quantity__lt=F("quantity")).exists():
        transition(
            order,
            table=ORDER_TRANSITIONS,
            to=OrderState.SHIPPED,
            by=by,
            action="shipped",
            organization=order.contract.supplier,
        )
    audit_record(
        actor=by,
        action="delivery.announced",
        target=delivery,
        organization=order.contract.supplier,
        changes={
            "lines": [None, {str(r.order_line.position): str(r.quantity) for r in rows}],
            "promised_date": [None, promised.isoformat()],
        },
    )
    notify_organizations(
        organizations=[order.contract.buyer],
        link=delivery_link(delivery),
        subject=lambda: (
            _("Delivery %(delivery)s announced for %(date)s") % {"delivery": delivery, "date": format_date(promised)}
        ),
    )
    contract_publish(contract=order.contract_id, change="implementation")
    return delivery


def _as_int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def may_link_booking(user: User, booking: Booking, contract) -> bool:
    """A party to the contract who is also the nAP of the nation whose request the booking serves (or a JCC
    coordinator) may say a delivery travels on it: the link shows the booking's hub stop to both sides."""
    return roles.is_party(user, contract) and (
        hub_roles.is_jcc(user) or hub_roles.is_nap_of(user, booking.offer.request.nation_id)
    )


@transaction.atomic
def delivery_link_booking(*, delivery: Delivery, booking: Booking | None, by: User) -> Delivery:
    """Say that the delivery travels through a LogHubs booking (or unlink it with None): the buyer then sees the
    hub stop on the delivery's timeline and the JCC sees which contracts the booking serves. Linking is for the
    parties who are also the booking's nAP or JCC coordinators (nobody can pick a booking that is not theirs)."""
    delivery = _locked(delivery)
    contract = delivery.order.contract
    if booking is not None:
        booking = Booking.objects.select_related("offer__request", "slot__service__hub").get(pk=booking.pk)
        if not may_link_booking(by, booking, contract):
            raise forbidden(
                _(
                    "Only a party to the contract who is the nAP of the booking's nation (or the JCC) may "
                    "link this booking."
                ),
                field="booking",
            )
        if booking.state not in HOLDING_BOOKING_STATES:
            raise refuse(_("This booking was cancelled or not used; link a live booking."), field="booking")
    elif not roles.is_buyer_member(by, contract):
        raise forbidden(_("Only the buyer may unlink a booking."), field="booking")
    before = delivery.booking_id
    delivery.booking = booking
    delivery.save(update_fields=["booking", "updated_at"])
    audit_record(
        actor=by,
        action="delivery.booking_linked",
        target=delivery,
        organization=contract.buyer,
        changes={"booking": [before, booking.pk if booking else None]},
    )
    return delivery


def delivery_mark_delivered(delivery: Delivery, *, at: datetime, by: User | None, publish: bool = True) -> None:
    """Inside the caller's transaction, on a locked delivery: delivered at `at` (its real time); late when that is
    after the promised date, and then both sides are told. `publish=False`: the caller publishes the contract's
    OCDS release itself (once per contract for a batch of deliveries)."""
    if delivery.state not in (DeliveryState.ANNOUNCED, DeliveryState.IN_TRANSIT):
        return
    delivery.delivered_at = at
    delivery.is_late = timezone.localtime(at).date() > delivery.promised_date
    transition(
        delivery,
        table=DELIVERY_TRANSITIONS,
        to=DeliveryState.DELIVERED,
        by=by,
        action="delivered",
        organization=delivery.order.contract.supplier,
        fields=("delivered_at", "is_late"),
        changes={"late": [None, delivery.is_late]},
    )
    contract = delivery.order.contract
    if publish:
        contract_publish(contract=contract.pk, change="implementation")
    if delivery.is_late:
        notify_organizations(
            organizations=[contract.buyer, contract.supplier],
            link=delivery_link(delivery),
            subject=lambda: (
                _("Delivery %(delivery)s arrived late: promised for %(date)s")
                % {"delivery": delivery, "date": format_date(delivery.promised_date)}
            ),
        )
    else:
        notify_organizations(
            organizations=[contract.buyer],
            link=delivery_link(delivery),
            subject=lambda: (
                _("Delivery %(delivery)s has arrived; please record the goods receipt") % {"delivery": delivery}
            ),
        )


def deliveries_flag_overdue(*, today: date | None = None) -> int:
    """Beat task: deliveries still under way after their promised date are flagged late and both sides told."""
    today = today or timezone.localdate()
    flagged = 0
    for pk in Delivery.objects.filter(
        state__in=[DeliveryState.ANNOUNCED, DeliveryState.IN_TRANSIT], promised_date__lt=today, is_late=False
    ).values_list("pk", flat=True):
        with transaction.atomic():
            delivery = _locked(Delivery(pk=pk))
            if delivery.is_late or delivery.state not in (DeliveryState.ANNOUNCED, DeliveryState.IN_TRANSIT):
                continue
            delivery.is_late = True
            delivery.save(update_fields=["is_late", "updated_at"])
            contract = delivery.order.contract
            audit_record(
                actor=None,
                action="delivery.overdue",
                target=delivery,
                organization=contract.supplier,
                changes={"late": [False, True]},
            )
            contract_publish(contract=contract.pk, change="implementation")
            notify_organizations(
                organizations=[contract.buyer, contract.supplier],
                link=delivery_link(delivery),
                subject=lambda delivery=delivery: (
                    _("Delivery %(delivery)s is overdue: promised for %(date)s")
                    % {"delivery": delivery, "date": format_date(delivery.promised_date)}
                ),
            )
            flagged += 1
    return flagged


@transaction.atomic
def proof_record(
    *, delivery: Delivery, by: User, receiver_name: str, received_at: datetime, place: str, upload
) -> ProofOfDelivery:
    """The supplier records who received the delivery, when and where, with a signature or photo (PDF, PNG or
    JPEG, stored privately with its SHA-256). The delivery counts as delivered at `received_at`."""
    delivery = _locked(delivery)
    ensure_supplier_side(by, delivery.order.contract, doing=_("record proof of delivery"))
    if hasattr(delivery, "proof"):
        raise refuse(_("This delivery already has its proof of delivery."), code="already_recorded")
    if delivery.state not in (DeliveryState.ANNOUNCED, DeliveryState.IN_TRANSIT, DeliveryState.DELIVERED):
        raise refuse(_("The buyer has already decided on this delivery."), code="invalid_state")
    errors = {}
    if not (receiver_name or "").strip():
        errors["receiver_name"] = [_("Who received the goods?")]
    if not (place or "").strip():
        errors["place"] = [_("Where were the goods received?")]
    if received_at is None:
        errors["received_at"] = [_("When were the goods received?")]
    elif received_at > timezone.now() + timedelta(minutes=5):
        errors["received_at"] = [_("This moment has not come yet.")]
    if errors:
        field = next(iter(errors))
        raise refuse(errors[field][0], field=field)
    name, content_type = check_upload(upload, max_bytes=MAX_PROOF_BYTES, allowed=PROOF_TYPES)
    digest = sha256_of(upload)
    proof = ProofOfDelivery(
        delivery=delivery,
        receiver_name=receiver_name.strip()[:200],
        received_at=received_at,
        place=place.strip()[:200],
        original_name=name,
        content_type=content_type,
        size=upload.size,
        sha256=digest,
        recorded_by=by,
    )
    proof.file.save(f"{digest[:16]}-{name}", upload, save=False)
    proof.save()
    audit_record(
        actor=by,
        action="delivery.proof_recorded",
        target=delivery,
        organization=delivery.order.contract.supplier,
        changes={"receiver": [None, proof.receiver_name], "sha256": [None, digest]},
    )
    delivery_mark_delivered(delivery, at=received_at, by=by)
    return proof
