"""Outbound invoices: the supplier turns the accepted quantities of an order into an XRechnung draft; credit notes.

ALX fills what it knows — parties with VAT ids and addresses (organization and invoicing profile), the buyer's
Leitweg-ID (BT-10), the contract and order references (BT-12, BT-13), one line per order line with its
reference (BT-132), VAT per line (reverse charge across EU borders when the buyer has a VAT id), payment terms
with Skonto from the contract, the seller's IBAN and the due date — writes it as XRechnung UBL, validates it
with the official rules and stores it as a draft with every failed rule beside it. What is left to invoice
is what the buyer accepted minus what earlier invoices (less credit notes) already claimed, so an invoice
never exceeds the goods receipt.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from contracting.models import DeliveryState, Order, OrderLine
from core.errors import ApplicationError, refuse
from organizations.countries import EU_MEMBER_STATES
from organizations.models import Organization, User
from organizations.permissions import is_member

from ..en16931 import model as en
from ..en16931.codes import CREDIT_NOTE_CODES, VatCategory
from ..en16931.documents import inspect, read_invoice, write_invoice
from ..en16931.pdf import xml_from_facturx
from ..models import Direction, Invoice, InvoiceLine, InvoiceState, InvoicingProfile, Syntax
from .store import invoice_store

ZERO = Decimal("0")
# Standard VAT rates of the sellers' countries ALX sees most; another country's seller states its rate.
STANDARD_RATES = {
    "DE": Decimal("19"),
    "AT": Decimal("20"),
    "FR": Decimal("20"),
    "NL": Decimal("21"),
    "BE": Decimal("21"),
    "PL": Decimal("23"),
    "IT": Decimal("22"),
    "ES": Decimal("21"),
    "DK": Decimal("25"),
    "SE": Decimal("25"),
    "CZ": Decimal("21"),
    "LU": Decimal("17"),
}
_VAT_ID = re.compile(r"^[A-Z]{2}[0-9A-Z+*.]{2,13}$")
VAT_CATEGORIES = {c.value for c in VatCategory}


def profile_of(organization: Organization) -> InvoicingProfile:
    """The organization's invoicing profile (an empty one when it has none yet)."""
    return InvoicingProfile.objects.filter(organization=organization).first() or InvoicingProfile(
        organization=organization
    )


def vat_id_of(organization: Organization, profile: InvoicingProfile) -> str:
    if profile.vat_id:
        return profile.vat_id.replace(" ", "").upper()
    registration = organization.registration_id.replace(" ", "").upper()
    return registration if _VAT_ID.match(registration) else ""


def _party(organization: Organization, profile: InvoicingProfile, *, contact: User | None = None) -> en.Party:
    address = en.Address(
        line1=organization.street,
        city=organization.city,
        postcode=organization.postal_code,
        country_code=str(organization.country),
    )
    email = profile.invoice_email or (contact.email if contact else "")
    electronic = (
        en.Identifier(email, "EM")
        if email
        else en.Identifier(profile.leitweg_id, "0204")
        if profile.leitweg_id
        else None
    )
    person = None
    if contact is not None:
        name = profile.contact_name or contact.get_full_name() or contact.email
        person = en.Contact(name=name, telephone=profile.contact_phone, email=email)
    return en.Party(
        name=organization.legal_name,
        address=address,
        vat_id=vat_id_of(organization, profile),
        tax_registration_id=profile.tax_number,
        electronic_address=electronic,
        contact=person,
    )


def invoicable_quantities(*, order: Order) -> dict[int, Decimal]:
    """Per order line: what the buyer accepted, less what invoices that stand (not rejected) already claim and
    plus what credit notes gave back."""
    accepted = {line.pk: line.accepted_quantity for line in order.lines.all()}
    claimed = (
        InvoiceLine.objects.filter(order_line__order=order)
        .exclude(invoice__state=InvoiceState.REJECTED)
        .values("order_line_id", "invoice__type_code")
        .annotate(quantity=Sum("quantity"))
    )
    left = dict(accepted)
    for row in claimed:
        sign = -1 if row["invoice__type_code"] in CREDIT_NOTE_CODES else 1
        left[row["order_line_id"]] = left.get(row["order_line_id"], ZERO) - sign * row["quantity"]
    return left


def _vat_for(seller: en.Party, buyer: en.Party, category: str | None, rate) -> tuple[VatCategory, Decimal | None]:
    if category:
        if category not in VAT_CATEGORIES:
            raise refuse(_("Choose a VAT category of EN 16931 (S, Z, E, AE, K, G, O)."), field="vat_category")
        chosen = VatCategory(category)
        if chosen == VatCategory.NOT_SUBJECT:
            return chosen, None
        if not chosen.charges_vat:
            return chosen, ZERO
        if rate in (None, ""):
            raise refuse(_("Give the VAT rate of this category."), field="vat_rate")
        return chosen, Decimal(str(rate))
    seller_country, buyer_country = seller.address.country_code, buyer.address.country_code
    if seller_country != buyer_country and {seller_country, buyer_country} <= EU_MEMBER_STATES and buyer.vat_id:
        return VatCategory.REVERSE_CHARGE, ZERO
    return VatCategory.STANDARD, STANDARD_RATES.get(seller_country, Decimal("19")) if rate in (None, "") else Decimal(
        str(rate)
    )


def next_number(seller: Organization, issue: date) -> str:
    """The seller's next free number of the form RE-<year>-<nnnn>."""
    prefix = f"RE-{issue.year}-"
    taken = Invoice.objects.filter(seller=seller, number__startswith=prefix).count()
    while True:
        taken += 1
        number = f"{prefix}{taken:04d}"
        if not Invoice.objects.filter(seller=seller, number=number).exists():
            return number


def _exemption(category: VatCategory, reason: str) -> en.VatExemption | None:
    if category == VatCategory.REVERSE_CHARGE:
        return en.VatExemption(category, reason or "Steuerschuldnerschaft des Leistungsempfängers", "VATEX-EU-AE")
    if category in (
        VatCategory.EXEMPT,
        VatCategory.INTRA_COMMUNITY,
        VatCategory.EXPORT,
        VatCategory.ZERO,
        VatCategory.NOT_SUBJECT,
    ):
        if not reason and category != VatCategory.ZERO:
            raise refuse(_("Say why no VAT is charged (e.g. the paragraph of the VAT act)."), field="exemption_reason")
        return en.VatExemption(category, reason) if reason else None
    return None


def build_from_order(
    *,
    order: Order,
    by: User,
    number: str,
    issue: date,
    vat_category: str | None = None,
    vat_rate=None,
    exemption_reason: str = "",
    quantities: dict[int, Decimal] | None = None,
) -> tuple[en.Invoice, dict[str, OrderLine]]:
    """The EN 16931 model of an invoice for what is left to invoice of the order (or `quantities` of it)."""
    contract = order.contract
    seller_profile, buyer_profile = profile_of(contract.supplier), profile_of(contract.buyer)
    seller = _party(contract.supplier, seller_profile, contact=by)
    buyer = _party(contract.buyer, buyer_profile)
    category, rate = _vat_for(seller, buyer, vat_category, vat_rate)
    left = invoicable_quantities(order=order)
    wanted = quantities if quantities is not None else left
    lines, by_reference = [], {}
    for order_line in order.lines.order_by("position"):
        quantity = Decimal(str(wanted.get(order_line.pk, ZERO)))
        if quantity <= 0:
            continue
        if quantity > left.get(order_line.pk, ZERO):
            raise refuse(
                _("Line %(line)s: only %(left)s accepted and not yet invoiced.")
                % {"line": order_line.position, "left": left.get(order_line.pk, ZERO)},
                field=f"lines.{order_line.position}.quantity",
                code="above_accepted",
            )
        reference = str(order_line.position)
        by_reference[reference] = order_line
        lines.append(
            en.InvoiceLine(
                id=str(len(lines) + 1),
                quantity=quantity,
                unit_code=order_line.unit,
                net_price=order_line.unit_price.normalize() + ZERO,
                item_name=order_line.description,
                vat_category=category,
                vat_rate=rate,
                order_line_reference=reference,
            )
        )
    if not lines:
        raise refuse(
            _("Nothing of this order is accepted and still to invoice."), field="order", code="nothing_to_invoice"
        )
    exemption = _exemption(category, exemption_reason)
    skonto = ()
    if contract.skonto_percent > 0 and contract.skonto_days > 0:
        skonto = (en.Skonto(contract.skonto_days, contract.skonto_percent),)
    terms = en.PaymentTerms(text=_("Payable within %(days)d days.") % {"days": contract.payment_days}, skonto=skonto)
    payment = None
    if seller_profile.iban:
        payment = en.PaymentInstructions(
            means_code="58",
            remittance_information=number,
            transfers=(
                en.CreditTransfer(
                    iban=seller_profile.iban.replace(" ", "").upper(),
                    account_name=contract.supplier.legal_name,
                    bic=seller_profile.bic,
                ),
            ),
        )
    received = (
        order.deliveries.filter(state__in=[DeliveryState.ACCEPTED, DeliveryState.PARTLY_ACCEPTED])
        .order_by("-delivered_at")
        .values_list("delivered_at", flat=True)
        .first()
    )
    model = en.Invoice(
        number=number,
        issue_date=issue,
        seller=seller,
        buyer=buyer,
        lines=tuple(lines),
        currency=contract.currency,
        due_date=issue + timedelta(days=contract.payment_days),
        buyer_reference=buyer_profile.leitweg_id or order.buyer_reference,
        contract_reference=f"C-{contract.pk}",
        order_reference=str(order),
        delivery=en.Delivery(date=received.date()) if received else None,
        payment_terms=terms,
        payment=payment,
        exemptions=(exemption,) if exemption else (),
    )
    return model, by_reference


def _ensure_seller(by: User, seller: Organization) -> None:
    if not is_member(by, seller.pk):
        raise ApplicationError(
            _("Only the supplier, %(supplier)s, may invoice this order.") % {"supplier": seller.legal_name},
            code="permission_denied",
        )


def invoice_draft_from_order(
    *,
    order: Order,
    by: User,
    number: str = "",
    issue_date: date | None = None,
    vat_category: str | None = None,
    vat_rate=None,
    exemption_reason: str = "",
    quantities: dict[int, Decimal] | None = None,
) -> Invoice:
    """Draw up an XRechnung draft for the accepted, not yet invoiced quantities of an order (one transaction).

    The order is locked while its quantities are counted, so two drafts at once cannot claim the same goods.
    """
    contract = order.contract
    _ensure_seller(by, contract.supplier)
    issue = issue_date or timezone.localdate()
    with transaction.atomic():
        Order.objects.select_for_update().filter(pk=order.pk).first()
        number = (number or "").strip() or next_number(contract.supplier, issue)
        model, by_reference = build_from_order(
            order=order,
            by=by,
            number=number,
            issue=issue,
            vat_category=vat_category,
            vat_rate=vat_rate,
            exemption_reason=exemption_reason,
            quantities=quantities,
        )
        inspection = inspect(write_invoice(model, "UBL"), content_type="application/xml")
        return invoice_store(
            inspection=inspection,
            seller=contract.supplier,
            buyer=contract.buyer,
            direction=Direction.OUTBOUND,
            by=by,
            contract=contract,
            order=order,
            order_lines=by_reference,
        )


def stored_model(invoice: Invoice) -> en.Invoice:
    """The EN 16931 model of a stored invoice, read back from its document."""
    data = bytes(invoice.document)
    if invoice.syntax == Syntax.FACTURX:
        data = xml_from_facturx(data)
    return read_invoice(data)[0]


def invoice_credit_note(*, invoice: Invoice, by: User, reason: str, number: str = "") -> Invoice:
    """A credit note (381) for the whole of a sent invoice, referring to it (BG-3); it starts as a draft."""
    _ensure_seller(by, invoice.seller)
    reason = (reason or "").strip()
    if not reason:
        raise refuse(_("Say why you credit this invoice."), field="reason")
    invoice = Invoice.objects.select_related("seller", "buyer", "contract", "order").get(pk=invoice.pk)
    if invoice.state == InvoiceState.DRAFT or invoice.type_code in CREDIT_NOTE_CODES:
        raise refuse(_("Only a sent invoice can be credited."), field="state", code="invalid_state")
    issue = timezone.localdate()
    with transaction.atomic():
        number = (number or "").strip() or f"GS-{invoice.number}"
        original = stored_model(invoice)
        model = replace(
            original,
            number=number,
            type_code="381",
            issue_date=issue,
            due_date=None,
            preceding_invoices=(en.PrecedingInvoice(original.number, original.issue_date),),
            notes=(en.Note(reason, "AAI"),),
            payment_terms=en.PaymentTerms(text=_("Credited against the next payment.")),
            payment=replace(original.payment, remittance_information=number) if original.payment else None,
        )
        lines = {
            line.order_line_reference: line.order_line
            for line in invoice.lines.select_related("order_line")
            if line.order_line is not None
        }
        inspection = inspect(write_invoice(model, "UBL"), content_type="application/xml")
        return invoice_store(
            inspection=inspection,
            seller=invoice.seller,
            buyer=invoice.buyer,
            direction=Direction.OUTBOUND,
            by=by,
            contract=invoice.contract,
            order=invoice.order,
            order_lines=lines,
        )
