"""Test data for contracting: a final award built through the marketplace services, a drawn-up and signed
contract, orders and deliveries built through contracting's services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from contracting import services
from contracting.models import Contract
from marketplace import services as market
from marketplace.models import Award, Tender
from organizations.models import MembershipRole, Organization, User
from tests.marketplace.factories import buyer_with_officer, pass_deadline, published_tender, sme_with_member
from tests.organizations.factories import member_of


def final_award(buyer, officer, supplier, supplier_user, *, price=Decimal("50000"), lots=1, **tender) -> Tender:
    """A tender whose lots are finally awarded to `supplier` (standstill passed). The estimate matches the price,
    so the single offer is not flagged as abnormally low (which would hold the award until explained)."""
    tender.setdefault("estimated_value", price * lots)
    tender = published_tender(buyer, officer, lots=lots, **tender)
    bid = market.bid_create(tender=tender, bidder=supplier, by=supplier_user)
    market.bid_update(
        bid=bid, by=supplier_user, offers=[{"lot": lot.pk, "price": price} for lot in tender.lots.order_by("number")]
    )
    market.bid_submit(bid=bid, by=supplier_user)
    tender = pass_deadline(tender)
    for lot in tender.lots.order_by("number"):
        market.award_propose(lot=lot, by=officer)
    Award.objects.filter(lot__tender=tender).update(standstill_until=timezone.now() - timedelta(seconds=1))
    market.awards_finalise()
    tender.refresh_from_db()
    return tender


@dataclass
class Deal:
    """A buyer with an officer and a plain member, a supplier with an admin and a plain member, a stranger."""

    buyer: Organization
    officer: User
    buyer_member: User
    supplier: Organization
    supplier_admin: User
    supplier_member: User
    stranger: User
    tender: Tender

    def draft(self, **terms) -> Contract:
        return services.contract_draft(tender=self.tender, supplier=self.supplier, by=self.officer, **terms)

    def signed(self, **terms) -> Contract:
        contract = self.draft(**terms)
        revision = contract.revisions.get()
        services.contract_sign(revision=revision, by=self.officer)
        services.contract_sign(revision=revision, by=self.supplier_admin)
        contract.refresh_from_db()
        return contract

    def order(self, contract, quantity="10", unit_price="100", **line):
        return services.order_place(
            contract=contract,
            by=self.officer,
            lines=[
                {
                    "description": "Pallet storage",
                    "quantity": quantity,
                    "unit": "XPX",
                    "unit_price": unit_price,
                    "delivery_date": contract.period_start + timedelta(days=10),
                    "delivery_place": "Bremerhaven",
                    **line,
                }
            ],
        )

    def confirmed_order(self, contract, **kwargs):
        return services.order_confirm(order=self.order(contract, **kwargs), by=self.supplier_admin)

    def delivery(self, order, quantity=None, **kwargs):
        line = order.lines.get(position=1)
        return services.delivery_create(
            order=order,
            by=self.supplier_member,
            lines=[{"order_line": line.pk, "quantity": quantity or line.quantity}],
            **kwargs,
        )


def deal(**tender) -> Deal:
    buyer, officer = buyer_with_officer()
    supplier, supplier_admin = sme_with_member(legal_name="Nordlicht Logistik GmbH")
    _stranger_org, stranger = sme_with_member(legal_name="Other Company")
    tender = final_award(buyer, officer, supplier, supplier_admin, **tender)
    return Deal(
        buyer=buyer,
        officer=officer,
        buyer_member=member_of(buyer, MembershipRole.MEMBER),
        supplier=supplier,
        supplier_admin=supplier_admin,
        supplier_member=member_of(supplier, MembershipRole.MEMBER),
        stranger=stranger,
        tender=tender,
    )


def photo(name="signature.png", content=b"\x89PNG\r\n\x1a\nproof-of-delivery") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="image/png")
