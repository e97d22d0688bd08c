"""Reads a UBL 2.1 Invoice or CreditNote (EN 16931-3-2 binding) into the model."""

from __future__ import annotations

import re
from dataclasses import replace

from lxml import etree

from .model import (
    ZERO,
    Address,
    AllowanceCharge,
    Contact,
    CreditTransfer,
    Delivery,
    Identifier,
    Invoice,
    InvoiceLine,
    Note,
    Party,
    Payee,
    PaymentInstructions,
    PaymentTerms,
    PrecedingInvoice,
    SupportingDocument,
    TaxRepresentative,
    rate_key,
)
from .reading import Reader, binary, category, exemptions_from, missing, rate_or_none
from .xmlutil import CAC, CBC, UBL_CREDIT_NOTE

r = Reader({"cac": CAC, "cbc": CBC})
_NOTE_CODE = re.compile(r"^#([A-Z]{3})#(.*)$", re.DOTALL)


def from_ubl(root: etree._Element) -> Invoice:
    """The model of a parsed UBL document (check its root first: validation.check_structure)."""
    credit = root.tag == f"{{{UBL_CREDIT_NOTE}}}CreditNote"
    type_code = r.required(root, "cbc:CreditNoteTypeCode" if credit else "cbc:InvoiceTypeCode")
    period = r.one(root, "cac:InvoicePeriod")
    order = r.one(root, "cac:OrderReference")
    means = r.all(root, "cac:PaymentMeans")
    due_date = r.ymd(root, "cbc:DueDate") or (r.ymd(means[0], "cbc:PaymentDueDate") if means else None)
    additional = {r.text(ref, "cbc:DocumentTypeCode"): ref for ref in r.all(root, "cac:AdditionalDocumentReference")}
    terms_note = r.text(root, "cac:PaymentTerms/cbc:Note")
    rows = _vat_rows(root)
    tax_totals = r.all(root, "cac:TaxTotal")
    currency = r.required(root, "cbc:DocumentCurrencyCode")
    tax_currency = r.text(root, "cbc:TaxCurrencyCode")
    vat_in_tax_currency = None
    for total in tax_totals:
        if tax_currency and r.attr(total, "cbc:TaxAmount", "currencyID") == tax_currency and tax_currency != currency:
            vat_in_tax_currency = r.decimal(total, "cbc:TaxAmount")
    monetary = r.one(root, "cac:LegalMonetaryTotal")
    seller_el = r.one(root, "cac:AccountingSupplierParty/cac:Party")
    party_ids = r.all(seller_el, "cac:PartyIdentification/cbc:ID") if seller_el is not None else []
    party_ids += r.all(root, "cac:PayeeParty/cac:PartyIdentification/cbc:ID")
    creditor_ids = [i.text.strip() for i in party_ids if (i.get("schemeID") or "") == "SEPA" and i.text]
    invoice = Invoice(
        number=r.required(root, "cbc:ID"),
        issue_date=r.ymd(root, "cbc:IssueDate", required=True),
        type_code=type_code,
        currency=currency,
        customization_id=r.text(root, "cbc:CustomizationID"),
        profile_id=r.text(root, "cbc:ProfileID"),
        tax_currency=tax_currency,
        vat_in_tax_currency=vat_in_tax_currency,
        tax_point_date=r.ymd(root, "cbc:TaxPointDate"),
        due_date=due_date,
        buyer_reference=r.text(root, "cbc:BuyerReference"),
        project_reference=r.text(root, "cac:ProjectReference/cbc:ID") or r.text(additional.get("50"), "cbc:ID"),
        contract_reference=r.text(root, "cac:ContractDocumentReference/cbc:ID"),
        order_reference=(lambda v: "" if v == "NA" else v)(r.text(order, "cbc:ID")),
        sales_order_reference=r.text(order, "cbc:SalesOrderID"),
        receiving_advice_reference=r.text(root, "cac:ReceiptDocumentReference/cbc:ID"),
        despatch_advice_reference=r.text(root, "cac:DespatchDocumentReference/cbc:ID"),
        tender_reference=r.text(root, "cac:OriginatorDocumentReference/cbc:ID"),
        invoiced_object=_identifier(r.one(additional.get("130"), "cbc:ID")),
        buyer_accounting_reference=r.text(root, "cbc:AccountingCost"),
        vat_point_date_code=r.text(period, "cbc:DescriptionCode"),
        payee=_payee(r.one(root, "cac:PayeeParty")),
        tax_representative=_tax_representative(r.one(root, "cac:TaxRepresentativeParty")),
        supporting_documents=tuple(
            _supporting(ref)
            for ref in r.all(root, "cac:AdditionalDocumentReference")
            if r.text(ref, "cbc:DocumentTypeCode") not in ("50", "130")
        ),
        notes=tuple(_note(el.text or "") for el in r.all(root, "cbc:Note")),
        preceding_invoices=tuple(
            PrecedingInvoice(r.required(ref, "cbc:ID"), r.ymd(ref, "cbc:IssueDate"))
            for ref in r.all(root, "cac:BillingReference/cac:InvoiceDocumentReference")
        ),
        period_start=r.ymd(period, "cbc:StartDate"),
        period_end=r.ymd(period, "cbc:EndDate"),
        delivery=_delivery(r.one(root, "cac:Delivery")),
        payment_terms=PaymentTerms.from_note(terms_note) if terms_note else None,
        payment=_payment(means, creditor_ids[0] if creditor_ids else ""),
        allowances_charges=tuple(
            _allowance_charge(el, document_level=True) for el in r.all(root, "cac:AllowanceCharge")
        ),
        exemptions=exemptions_from([(c, reason, code) for c, _rate, _tax, reason, code in rows]),
        prepaid_amount=r.decimal(monetary, "cbc:PrepaidAmount") or ZERO,
        rounding_amount=r.decimal(monetary, "cbc:PayableRoundingAmount") or ZERO,
        seller=_party(seller_el, "AccountingSupplierParty"),
        buyer=_party(r.one(root, "cac:AccountingCustomerParty/cac:Party"), "AccountingCustomerParty"),
        lines=tuple(_line(el, credit) for el in r.all(root, "cac:CreditNoteLine" if credit else "cac:InvoiceLine")),
    )
    return _with_stated_vat(invoice, rows)


def _with_stated_vat(invoice: Invoice, rows) -> Invoice:
    """Keep BT-117 as stated where it differs from the computed amount (see the model's docstring)."""
    computed = {(row.category, row.rate): row.tax_amount for row in invoice.vat_breakdown}
    stated = tuple(
        (c, rate, tax)
        for c, rate, tax, _r, _c in rows
        if tax is not None and (c, rate) in computed and computed[(c, rate)] != tax
    )
    if not stated:
        return invoice
    return replace(invoice, stated_vat_amounts=stated)


def _vat_rows(root: etree._Element):
    rows = []
    for total in r.all(root, "cac:TaxTotal"):
        for subtotal in r.all(total, "cac:TaxSubtotal"):
            cat_el = r.one(subtotal, "cac:TaxCategory")
            cat = category(r.required(cat_el, "cbc:ID"), "cac:TaxSubtotal/cac:TaxCategory/cbc:ID")
            rate = rate_or_none(r.decimal(cat_el, "cbc:Percent"), cat)
            rows.append(
                (
                    cat,
                    rate_key(rate),
                    r.decimal(subtotal, "cbc:TaxAmount"),
                    r.text(cat_el, "cbc:TaxExemptionReason"),
                    r.text(cat_el, "cbc:TaxExemptionReasonCode"),
                )
            )
    return rows


def _note(text: str) -> Note:
    match = _NOTE_CODE.match(text.strip())
    if match:
        return Note(match.group(2).strip(), match.group(1))
    return Note(text.strip())


def _identifier(el: etree._Element | None) -> Identifier | None:
    if el is None or not (el.text or "").strip():
        return None
    return Identifier((el.text or "").strip(), (el.get("schemeID") or "").strip())


def _payee(el: etree._Element | None) -> Payee | None:
    if el is None:
        return None
    ids = [i for i in r.all(el, "cac:PartyIdentification/cbc:ID") if (i.get("schemeID") or "") != "SEPA"]
    return Payee(
        name=r.text(el, "cac:PartyName/cbc:Name"),
        identifier=_identifier(ids[0] if ids else None),
        legal_registration_id=_identifier(r.one(el, "cac:PartyLegalEntity/cbc:CompanyID")),
    )


def _tax_representative(el: etree._Element | None) -> TaxRepresentative | None:
    if el is None:
        return None
    return TaxRepresentative(
        name=r.text(el, "cac:PartyName/cbc:Name"),
        vat_id=r.text(el, "cac:PartyTaxScheme/cbc:CompanyID"),
        address=_address(r.one(el, "cac:PostalAddress")),
    )


def _supporting(ref: etree._Element) -> SupportingDocument:
    path = "cac:AdditionalDocumentReference/cac:Attachment/cbc:EmbeddedDocumentBinaryObject"
    blob = r.one(ref, "cac:Attachment/cbc:EmbeddedDocumentBinaryObject")
    return SupportingDocument(
        reference=r.text(ref, "cbc:ID"),
        description=r.text(ref, "cbc:DocumentDescription"),
        uri=r.text(ref, "cac:Attachment/cac:ExternalReference/cbc:URI"),
        content=binary(blob.text or "", path) if blob is not None else None,
        mime_code=(blob.get("mimeCode") or "") if blob is not None else "",
        filename=(blob.get("filename") or "") if blob is not None else "",
    )


def _address(el: etree._Element | None) -> Address:
    return Address(
        line1=r.text(el, "cbc:StreetName"),
        line2=r.text(el, "cbc:AdditionalStreetName"),
        line3=r.text(el, "cac:AddressLine/cbc:Line"),
        city=r.text(el, "cbc:CityName"),
        postcode=r.text(el, "cbc:PostalZone"),
        subdivision=r.text(el, "cbc:CountrySubentity"),
        country_code=r.text(el, "cac:Country/cbc:IdentificationCode"),
    )


def _party(el: etree._Element | None, role: str) -> Party:
    if el is None:
        raise missing(f"cac:{role}/cac:Party")
    vat_id, tax_registration = "", ""
    for scheme in r.all(el, "cac:PartyTaxScheme"):
        if r.text(scheme, "cac:TaxScheme/cbc:ID").upper() == "VAT":
            vat_id = vat_id or r.text(scheme, "cbc:CompanyID")
        else:
            tax_registration = tax_registration or r.text(scheme, "cbc:CompanyID")
    contact_el = r.one(el, "cac:Contact")
    contact = None
    if contact_el is not None:
        contact = Contact(
            r.text(contact_el, "cbc:Name"),
            r.text(contact_el, "cbc:Telephone"),
            r.text(contact_el, "cbc:ElectronicMail"),
        )
    legal = r.one(el, "cac:PartyLegalEntity")
    return Party(
        name=r.text(legal, "cbc:RegistrationName"),
        trading_name=r.text(el, "cac:PartyName/cbc:Name"),
        address=_address(r.one(el, "cac:PostalAddress")),
        identifiers=tuple(
            i for i in (_identifier(x) for x in r.all(el, "cac:PartyIdentification/cbc:ID")) if i and i.scheme != "SEPA"
        ),
        legal_registration_id=_identifier(r.one(legal, "cbc:CompanyID")),
        vat_id=vat_id,
        tax_registration_id=tax_registration,
        additional_legal_info=r.text(legal, "cbc:CompanyLegalForm"),
        electronic_address=_identifier(r.one(el, "cbc:EndpointID")),
        contact=contact,
    )


def _delivery(el: etree._Element | None) -> Delivery | None:
    if el is None:
        return None
    location = r.one(el, "cac:DeliveryLocation")
    address_el = r.one(location, "cac:Address")
    return Delivery(
        name=r.text(el, "cac:DeliveryParty/cac:PartyName/cbc:Name"),
        location_id=_identifier(r.one(location, "cbc:ID")),
        date=r.ymd(el, "cbc:ActualDeliveryDate"),
        address=_address(address_el) if address_el is not None else None,
    )


def _payment(means: list[etree._Element], creditor_id: str) -> PaymentInstructions | None:
    if not means:
        return None if not creditor_id else PaymentInstructions(means_code="", creditor_id=creditor_id)
    first = means[0]
    transfers = []
    for el in means:
        account = r.one(el, "cac:PayeeFinancialAccount")
        if account is not None:
            transfers.append(
                CreditTransfer(
                    r.text(account, "cbc:ID"),
                    r.text(account, "cbc:Name"),
                    r.text(account, "cac:FinancialInstitutionBranch/cbc:ID"),
                )
            )
    return PaymentInstructions(
        means_code=r.text(first, "cbc:PaymentMeansCode"),
        means_text=r.attr(first, "cbc:PaymentMeansCode", "name"),
        remittance_information=next((r.text(el, "cbc:PaymentID") for el in means if r.text(el, "cbc:PaymentID")), ""),
        transfers=tuple(transfers),
        card_number=r.text(first, "cac:CardAccount/cbc:PrimaryAccountNumberID"),
        card_holder=r.text(first, "cac:CardAccount/cbc:HolderName"),
        mandate_reference=r.text(first, "cac:PaymentMandate/cbc:ID"),
        creditor_id=creditor_id,
        debited_account=r.text(first, "cac:PaymentMandate/cac:PayerFinancialAccount/cbc:ID"),
    )


def _allowance_charge(el: etree._Element, *, document_level: bool) -> AllowanceCharge:
    cat_el = r.one(el, "cac:TaxCategory")
    cat = (
        category(r.text(cat_el, "cbc:ID"), "cac:AllowanceCharge/cac:TaxCategory/cbc:ID")
        if document_level and cat_el is not None
        else None
    )
    return AllowanceCharge(
        charge=r.required(el, "cbc:ChargeIndicator").lower() == "true",
        amount=r.decimal(el, "cbc:Amount", required=True),
        base_amount=r.decimal(el, "cbc:BaseAmount"),
        percent=r.decimal(el, "cbc:MultiplierFactorNumeric"),
        reason=r.text(el, "cbc:AllowanceChargeReason"),
        reason_code=r.text(el, "cbc:AllowanceChargeReasonCode"),
        vat_category=cat,
        vat_rate=rate_or_none(r.decimal(cat_el, "cbc:Percent"), cat) if cat else None,
    )


def _line(el: etree._Element, credit: bool) -> InvoiceLine:
    qty_path = "cbc:CreditedQuantity" if credit else "cbc:InvoicedQuantity"
    item = r.one(el, "cac:Item")
    tax = r.one(item, "cac:ClassifiedTaxCategory")
    cat = category(r.required(tax, "cbc:ID") if tax is not None else "", "cac:Item/cac:ClassifiedTaxCategory/cbc:ID")
    price = r.one(el, "cac:Price")
    discount = r.one(price, "cac:AllowanceCharge")
    period = r.one(el, "cac:InvoicePeriod")
    object_ref = next(
        (ref for ref in r.all(el, "cac:DocumentReference") if r.text(ref, "cbc:DocumentTypeCode") == "130"), None
    )
    return InvoiceLine(
        id=r.required(el, "cbc:ID"),
        quantity=r.decimal(el, qty_path, required=True),
        unit_code=r.attr(el, qty_path, "unitCode"),
        net_price=r.decimal(price, "cbc:PriceAmount", required=True)
        if price is not None
        else r.decimal(el, "cac:Price/cbc:PriceAmount", required=True),
        item_name=r.text(item, "cbc:Name"),
        vat_category=cat,
        vat_rate=rate_or_none(r.decimal(tax, "cbc:Percent"), cat),
        net_amount=r.decimal(el, "cbc:LineExtensionAmount", required=True),
        base_quantity=r.decimal(price, "cbc:BaseQuantity"),
        base_quantity_unit=r.attr(price, "cbc:BaseQuantity", "unitCode"),
        gross_price=r.decimal(discount, "cbc:BaseAmount"),
        price_discount=r.decimal(discount, "cbc:Amount"),
        note=r.text(el, "cbc:Note"),
        object_id=_identifier(r.one(object_ref, "cbc:ID")),
        order_line_reference=r.text(el, "cac:OrderLineReference/cbc:LineID"),
        buyer_accounting_reference=r.text(el, "cbc:AccountingCost"),
        period_start=r.ymd(period, "cbc:StartDate"),
        period_end=r.ymd(period, "cbc:EndDate"),
        allowances_charges=tuple(_allowance_charge(x, document_level=False) for x in r.all(el, "cac:AllowanceCharge")),
        description=r.text(item, "cbc:Description"),
        seller_item_id=r.text(item, "cac:SellersItemIdentification/cbc:ID"),
        buyer_item_id=r.text(item, "cac:BuyersItemIdentification/cbc:ID"),
        standard_item_id=_identifier(r.one(item, "cac:StandardItemIdentification/cbc:ID")),
        classifications=tuple(
            Identifier((c.text or "").strip(), c.get("listID") or "", c.get("listVersionID") or "")
            for c in r.all(item, "cac:CommodityClassification/cbc:ItemClassificationCode")
        ),
        origin_country=r.text(item, "cac:OriginCountry/cbc:IdentificationCode"),
        attributes=tuple(
            (r.text(p, "cbc:Name"), r.text(p, "cbc:Value")) for p in r.all(item, "cac:AdditionalItemProperty")
        ),
    )
