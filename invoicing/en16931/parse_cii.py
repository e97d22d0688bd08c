"""Reads a UN/CEFACT Cross Industry Invoice D16B (EN 16931-3-3 binding) into the model."""

from __future__ import annotations

from dataclasses import replace

from lxml import etree

from .cii import VAT_POINT_FROM_CII
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
from .reading import Reader, binary, category, exemptions_from, missing, rate_or_none, to_date
from .xmlutil import QDT, RAM, RSM, UDT

r = Reader({"rsm": RSM, "ram": RAM, "udt": UDT, "qdt": QDT})


def _date(node: etree._Element | None, path: str, *, required: bool = False):
    """A CII date: udt:DateTimeString (or qdt:) with format 102, YYYYMMDD."""
    el = r.one(node, path)
    raw = ""
    if el is not None:
        raw = r.text(el, "udt:DateTimeString") or r.text(el, "qdt:DateTimeString") or r.text(el, "udt:DateString")
    if not raw:
        if required:
            raise missing(path + "/udt:DateTimeString")
        return None
    return to_date(raw[:8], "%Y%m%d", path)


def from_cii(root: etree._Element) -> Invoice:
    """The model of a parsed CII document (check its root first: validation.check_structure)."""
    doc = r.one(root, "rsm:ExchangedDocument")
    if doc is None:
        raise missing("rsm:ExchangedDocument")
    transaction = r.one(root, "rsm:SupplyChainTradeTransaction")
    if transaction is None:
        raise missing("rsm:SupplyChainTradeTransaction")
    agreement = r.one(transaction, "ram:ApplicableHeaderTradeAgreement")
    delivery = r.one(transaction, "ram:ApplicableHeaderTradeDelivery")
    settlement = r.one(transaction, "ram:ApplicableHeaderTradeSettlement")
    if agreement is None or settlement is None:
        raise missing(
            "ram:ApplicableHeaderTradeSettlement" if agreement is not None else "ram:ApplicableHeaderTradeAgreement"
        )
    context = r.one(root, "rsm:ExchangedDocumentContext")
    summation = r.one(settlement, "ram:SpecifiedTradeSettlementHeaderMonetarySummation")
    terms = r.one(settlement, "ram:SpecifiedTradePaymentTerms")
    period = r.one(settlement, "ram:BillingSpecifiedPeriod")
    currency = r.required(settlement, "ram:InvoiceCurrencyCode")
    tax_currency = r.text(settlement, "ram:TaxCurrencyCode")
    vat_in_tax_currency = None
    for total in r.all(summation, "ram:TaxTotalAmount") if summation is not None else []:
        if tax_currency and tax_currency != currency and (total.get("currencyID") or "") == tax_currency:
            vat_in_tax_currency = r.decimal(total, ".")
    rows = _vat_rows(settlement)
    tax_point = next(
        (
            _date(t, "ram:TaxPointDate")
            for t in r.all(settlement, "ram:ApplicableTradeTax")
            if r.one(t, "ram:TaxPointDate") is not None
        ),
        None,
    )
    terms_note = r.text(terms, "ram:Description")
    references = r.all(agreement, "ram:AdditionalReferencedDocument")
    additional = {r.text(ref, "ram:TypeCode"): ref for ref in references}
    object_ref = additional.get("130")
    point_code = next(
        (
            r.text(t, "ram:DueDateTypeCode")
            for t in r.all(settlement, "ram:ApplicableTradeTax")
            if r.text(t, "ram:DueDateTypeCode")
        ),
        "",
    )
    invoice = Invoice(
        number=r.required(doc, "ram:ID"),
        issue_date=_date(doc, "ram:IssueDateTime", required=True),
        type_code=r.required(doc, "ram:TypeCode"),
        currency=currency,
        customization_id=r.text(context, "ram:GuidelineSpecifiedDocumentContextParameter/ram:ID"),
        profile_id=r.text(context, "ram:BusinessProcessSpecifiedDocumentContextParameter/ram:ID"),
        tax_currency=tax_currency,
        vat_in_tax_currency=vat_in_tax_currency,
        tax_point_date=tax_point,
        due_date=_date(terms, "ram:DueDateDateTime"),
        buyer_reference=r.text(agreement, "ram:BuyerReference"),
        project_reference=r.text(agreement, "ram:SpecifiedProcuringProject/ram:ID"),
        contract_reference=r.text(agreement, "ram:ContractReferencedDocument/ram:IssuerAssignedID"),
        order_reference=r.text(agreement, "ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID"),
        sales_order_reference=r.text(agreement, "ram:SellerOrderReferencedDocument/ram:IssuerAssignedID"),
        receiving_advice_reference=r.text(delivery, "ram:ReceivingAdviceReferencedDocument/ram:IssuerAssignedID"),
        despatch_advice_reference=r.text(delivery, "ram:DespatchAdviceReferencedDocument/ram:IssuerAssignedID"),
        tender_reference=r.text(additional.get("50"), "ram:IssuerAssignedID"),
        invoiced_object=(
            Identifier(r.text(object_ref, "ram:IssuerAssignedID"), r.text(object_ref, "ram:ReferenceTypeCode"))
            if object_ref is not None
            else None
        ),
        vat_point_date_code=VAT_POINT_FROM_CII.get(point_code, point_code),
        payee=_payee(r.one(settlement, "ram:PayeeTradeParty")),
        tax_representative=_tax_representative(r.one(agreement, "ram:SellerTaxRepresentativeTradeParty")),
        supporting_documents=tuple(_supporting(ref) for ref in references if r.text(ref, "ram:TypeCode") == "916"),
        buyer_accounting_reference=r.text(settlement, "ram:ReceivableSpecifiedTradeAccountingAccount/ram:ID"),
        notes=tuple(
            Note(r.text(n, "ram:Content"), r.text(n, "ram:SubjectCode")) for n in r.all(doc, "ram:IncludedNote")
        ),
        preceding_invoices=tuple(
            PrecedingInvoice(r.required(ref, "ram:IssuerAssignedID"), _date(ref, "ram:FormattedIssueDateTime"))
            for ref in r.all(settlement, "ram:InvoiceReferencedDocument")
        ),
        period_start=_date(period, "ram:StartDateTime"),
        period_end=_date(period, "ram:EndDateTime"),
        delivery=_delivery(delivery),
        payment_terms=PaymentTerms.from_note(terms_note) if terms_note else None,
        payment=_payment(settlement, terms),
        allowances_charges=tuple(
            _allowance_charge(el, document_level=True) for el in r.all(settlement, "ram:SpecifiedTradeAllowanceCharge")
        ),
        exemptions=exemptions_from([(c, reason, code) for c, _rate, _tax, reason, code in rows]),
        prepaid_amount=r.decimal(summation, "ram:TotalPrepaidAmount") or ZERO,
        rounding_amount=r.decimal(summation, "ram:RoundingAmount") or ZERO,
        seller=_party(r.one(agreement, "ram:SellerTradeParty"), "ram:SellerTradeParty"),
        buyer=_party(r.one(agreement, "ram:BuyerTradeParty"), "ram:BuyerTradeParty"),
        lines=tuple(_line(el) for el in r.all(transaction, "ram:IncludedSupplyChainTradeLineItem")),
    )
    computed = {(row.category, row.rate): row.tax_amount for row in invoice.vat_breakdown}
    stated = tuple(
        (c, rate, tax)
        for c, rate, tax, _r, _c in rows
        if tax is not None and (c, rate) in computed and computed[(c, rate)] != tax
    )
    return replace(invoice, stated_vat_amounts=stated) if stated else invoice


def _vat_rows(settlement: etree._Element):
    rows = []
    for tax in r.all(settlement, "ram:ApplicableTradeTax"):
        cat = category(r.required(tax, "ram:CategoryCode"), "ram:ApplicableTradeTax/ram:CategoryCode")
        rate = rate_or_none(r.decimal(tax, "ram:RateApplicablePercent"), cat)
        rows.append(
            (
                cat,
                rate_key(rate),
                r.decimal(tax, "ram:CalculatedAmount"),
                r.text(tax, "ram:ExemptionReason"),
                r.text(tax, "ram:ExemptionReasonCode"),
            )
        )
    return rows


def _payee(el: etree._Element | None) -> Payee | None:
    if el is None:
        return None
    return Payee(
        name=r.text(el, "ram:Name"),
        identifier=_identifier(r.one(el, "ram:ID")) or _identifier(r.one(el, "ram:GlobalID")),
        legal_registration_id=_identifier(r.one(el, "ram:SpecifiedLegalOrganization/ram:ID")),
    )


def _tax_representative(el: etree._Element | None) -> TaxRepresentative | None:
    if el is None:
        return None
    return TaxRepresentative(
        name=r.text(el, "ram:Name"),
        vat_id=r.text(el, "ram:SpecifiedTaxRegistration/ram:ID"),
        address=_address(r.one(el, "ram:PostalTradeAddress")),
    )


def _supporting(ref: etree._Element) -> SupportingDocument:
    blob = r.one(ref, "ram:AttachmentBinaryObject")
    return SupportingDocument(
        reference=r.text(ref, "ram:IssuerAssignedID"),
        description=r.text(ref, "ram:Name"),
        uri=r.text(ref, "ram:URIID"),
        content=binary(blob.text or "", "ram:AttachmentBinaryObject") if blob is not None else None,
        mime_code=(blob.get("mimeCode") or "") if blob is not None else "",
        filename=(blob.get("filename") or "") if blob is not None else "",
    )


def _address(el: etree._Element | None) -> Address:
    return Address(
        line1=r.text(el, "ram:LineOne"),
        line2=r.text(el, "ram:LineTwo"),
        line3=r.text(el, "ram:LineThree"),
        city=r.text(el, "ram:CityName"),
        postcode=r.text(el, "ram:PostcodeCode"),
        subdivision=r.text(el, "ram:CountrySubDivisionName"),
        country_code=r.text(el, "ram:CountryID"),
    )


def _identifier(el: etree._Element | None) -> Identifier | None:
    if el is None or not (el.text or "").strip():
        return None
    return Identifier((el.text or "").strip(), (el.get("schemeID") or "").strip())


def _party(el: etree._Element | None, path: str) -> Party:
    if el is None:
        raise missing(path)
    vat_id, tax_registration = "", ""
    for reg in r.all(el, "ram:SpecifiedTaxRegistration/ram:ID"):
        if (reg.get("schemeID") or "") == "VA":
            vat_id = vat_id or (reg.text or "").strip()
        else:
            tax_registration = tax_registration or (reg.text or "").strip()
    contact_el = r.one(el, "ram:DefinedTradeContact")
    contact = None
    if contact_el is not None:
        contact = Contact(
            r.text(contact_el, "ram:PersonName"),
            r.text(contact_el, "ram:TelephoneUniversalCommunication/ram:CompleteNumber"),
            r.text(contact_el, "ram:EmailURIUniversalCommunication/ram:URIID"),
        )
    legal = r.one(el, "ram:SpecifiedLegalOrganization")
    identifiers = [_identifier(x) for x in r.all(el, "ram:ID")] + [_identifier(x) for x in r.all(el, "ram:GlobalID")]
    return Party(
        name=r.text(el, "ram:Name"),
        trading_name=r.text(legal, "ram:TradingBusinessName"),
        address=_address(r.one(el, "ram:PostalTradeAddress")),
        identifiers=tuple(i for i in identifiers if i),
        legal_registration_id=_identifier(r.one(legal, "ram:ID")),
        vat_id=vat_id,
        tax_registration_id=tax_registration,
        additional_legal_info=r.text(el, "ram:Description"),
        electronic_address=_identifier(r.one(el, "ram:URIUniversalCommunication/ram:URIID")),
        contact=contact,
    )


def _delivery(el: etree._Element | None) -> Delivery | None:
    if el is None:
        return None
    ship_to = r.one(el, "ram:ShipToTradeParty")
    address_el = r.one(ship_to, "ram:PostalTradeAddress")
    when = _date(el, "ram:ActualDeliverySupplyChainEvent/ram:OccurrenceDateTime")
    location = _identifier(r.one(ship_to, "ram:ID")) or _identifier(r.one(ship_to, "ram:GlobalID"))
    if ship_to is None and when is None:
        return None
    return Delivery(
        name=r.text(ship_to, "ram:Name"),
        location_id=location,
        date=when,
        address=_address(address_el) if address_el is not None else None,
    )


def _payment(settlement: etree._Element, terms: etree._Element | None) -> PaymentInstructions | None:
    means = r.all(settlement, "ram:SpecifiedTradeSettlementPaymentMeans")
    creditor_id = r.text(settlement, "ram:CreditorReferenceID")
    remittance = r.text(settlement, "ram:PaymentReference")
    mandate = r.text(terms, "ram:DirectDebitMandateID")
    if not means and not (creditor_id or remittance or mandate):
        return None
    first = means[0] if means else None
    transfers = []
    for el in means:
        account = r.one(el, "ram:PayeePartyCreditorFinancialAccount")
        if account is not None:
            transfers.append(
                CreditTransfer(
                    r.text(account, "ram:IBANID") or r.text(account, "ram:ProprietaryID"),
                    r.text(account, "ram:AccountName"),
                    r.text(el, "ram:PayeeSpecifiedCreditorFinancialInstitution/ram:BICID"),
                )
            )
    return PaymentInstructions(
        means_code=r.text(first, "ram:TypeCode"),
        means_text=r.text(first, "ram:Information"),
        remittance_information=remittance,
        transfers=tuple(transfers),
        card_number=r.text(first, "ram:ApplicableTradeSettlementFinancialCard/ram:ID"),
        card_holder=r.text(first, "ram:ApplicableTradeSettlementFinancialCard/ram:CardholderName"),
        mandate_reference=mandate,
        creditor_id=creditor_id,
        debited_account=r.text(first, "ram:PayerPartyDebtorFinancialAccount/ram:IBANID"),
    )


def _allowance_charge(el: etree._Element, *, document_level: bool) -> AllowanceCharge:
    tax = r.one(el, "ram:CategoryTradeTax")
    cat = (
        category(r.text(tax, "ram:CategoryCode"), "ram:CategoryTradeTax/ram:CategoryCode")
        if document_level and tax is not None
        else None
    )
    return AllowanceCharge(
        charge=r.required(el, "ram:ChargeIndicator/udt:Indicator").lower() == "true",
        amount=r.decimal(el, "ram:ActualAmount", required=True),
        base_amount=r.decimal(el, "ram:BasisAmount"),
        percent=r.decimal(el, "ram:CalculationPercent"),
        reason=r.text(el, "ram:Reason"),
        reason_code=r.text(el, "ram:ReasonCode"),
        vat_category=cat,
        vat_rate=rate_or_none(r.decimal(tax, "ram:RateApplicablePercent"), cat) if cat else None,
    )


def _line(el: etree._Element) -> InvoiceLine:
    product = r.one(el, "ram:SpecifiedTradeProduct")
    agreement = r.one(el, "ram:SpecifiedLineTradeAgreement")
    settlement = r.one(el, "ram:SpecifiedLineTradeSettlement")
    if agreement is None or settlement is None:
        raise missing("ram:IncludedSupplyChainTradeLineItem/ram:SpecifiedLineTradeSettlement")
    tax = r.one(settlement, "ram:ApplicableTradeTax")
    cat = category(r.text(tax, "ram:CategoryCode"), "ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax")
    net = r.one(agreement, "ram:NetPriceProductTradePrice")
    gross = r.one(agreement, "ram:GrossPriceProductTradePrice")
    period = r.one(settlement, "ram:BillingSpecifiedPeriod")
    qty_path = "ram:SpecifiedLineTradeDelivery/ram:BilledQuantity"
    object_ref = next(
        (ref for ref in r.all(settlement, "ram:AdditionalReferencedDocument") if r.text(ref, "ram:TypeCode") == "130"),
        None,
    )
    base_el = r.one(net, "ram:BasisQuantity")
    return InvoiceLine(
        id=r.required(el, "ram:AssociatedDocumentLineDocument/ram:LineID"),
        quantity=r.decimal(el, qty_path, required=True),
        unit_code=r.attr(el, qty_path, "unitCode"),
        net_price=r.decimal(agreement, "ram:NetPriceProductTradePrice/ram:ChargeAmount", required=True),
        item_name=r.text(product, "ram:Name"),
        vat_category=cat,
        vat_rate=rate_or_none(r.decimal(tax, "ram:RateApplicablePercent"), cat),
        net_amount=r.decimal(
            settlement, "ram:SpecifiedTradeSettlementLineMonetarySummation/ram:LineTotalAmount", required=True
        ),
        base_quantity=r.decimal(net, "ram:BasisQuantity"),
        base_quantity_unit=(base_el.get("unitCode") or "") if base_el is not None else "",
        gross_price=r.decimal(gross, "ram:ChargeAmount"),
        price_discount=r.decimal(gross, "ram:AppliedTradeAllowanceCharge/ram:ActualAmount"),
        note=r.text(el, "ram:AssociatedDocumentLineDocument/ram:IncludedNote/ram:Content"),
        object_id=(
            Identifier(r.text(object_ref, "ram:IssuerAssignedID"), r.text(object_ref, "ram:ReferenceTypeCode"))
            if object_ref is not None
            else None
        ),
        order_line_reference=r.text(agreement, "ram:BuyerOrderReferencedDocument/ram:LineID"),
        buyer_accounting_reference=r.text(settlement, "ram:ReceivableSpecifiedTradeAccountingAccount/ram:ID"),
        period_start=_date(period, "ram:StartDateTime"),
        period_end=_date(period, "ram:EndDateTime"),
        allowances_charges=tuple(
            _allowance_charge(x, document_level=False) for x in r.all(settlement, "ram:SpecifiedTradeAllowanceCharge")
        ),
        description=r.text(product, "ram:Description"),
        seller_item_id=r.text(product, "ram:SellerAssignedID"),
        buyer_item_id=r.text(product, "ram:BuyerAssignedID"),
        standard_item_id=_identifier(r.one(product, "ram:GlobalID")),
        classifications=tuple(
            Identifier((c.text or "").strip(), c.get("listID") or "", c.get("listVersionID") or "")
            for c in r.all(product, "ram:DesignatedProductClassification/ram:ClassCode")
        ),
        origin_country=r.text(product, "ram:OriginTradeCountry/ram:ID"),
        attributes=tuple(
            (r.text(p, "ram:Description"), r.text(p, "ram:Value"))
            for p in r.all(product, "ram:ApplicableProductCharacteristic")
        ),
    )
