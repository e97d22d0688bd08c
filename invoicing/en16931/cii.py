"""Writes the model as UN/CEFACT Cross Industry Invoice D16B, following EN 16931-3-3's syntax binding.

Element order follows the CII D16B schema (the Factur-X EN 16931 XSD checks it when a PDF is made).
"""

from __future__ import annotations

import base64
from datetime import date

from lxml import etree

from .model import Address, AllowanceCharge, Invoice, InvoiceLine, Party
from .xmlutil import QDT, RAM, RSM, UDT, amount, number, opt, sub

# BT-8 is UNTDID 2005 in the model (and UBL); CII codes the same three cases in UNTDID 2475.
VAT_POINT_TO_CII = {"3": "5", "35": "29", "432": "72"}
VAT_POINT_FROM_CII = {v: k for k, v in VAT_POINT_TO_CII.items()}

_R = f"{{{RAM}}}"
_S = f"{{{RSM}}}"
_U = f"{{{UDT}}}"


def _date(parent: etree._Element, tag: str, value: date | None, *, qualified: bool = False) -> None:
    if value is None:
        return
    el = sub(parent, _R + tag)
    sub(el, (f"{{{QDT}}}" if qualified else _U) + "DateTimeString", value.strftime("%Y%m%d"), format="102")


def to_cii(invoice: Invoice) -> bytes:
    """The invoice (or credit note: the same document with type code 381) as UTF-8 CII XML."""
    root = etree.Element(_S + "CrossIndustryInvoice", nsmap={"rsm": RSM, "ram": RAM, "udt": UDT, "qdt": QDT})
    context = sub(root, _S + "ExchangedDocumentContext")
    if invoice.profile_id:
        sub(sub(context, _R + "BusinessProcessSpecifiedDocumentContextParameter"), _R + "ID", invoice.profile_id)
    sub(sub(context, _R + "GuidelineSpecifiedDocumentContextParameter"), _R + "ID", invoice.customization_id)

    doc = sub(root, _S + "ExchangedDocument")
    sub(doc, _R + "ID", invoice.number)
    sub(doc, _R + "TypeCode", invoice.type_code)
    _date(doc, "IssueDateTime", invoice.issue_date)
    for note in invoice.notes:
        el = sub(doc, _R + "IncludedNote")
        sub(el, _R + "Content", note.text)
        opt(el, _R + "SubjectCode", note.subject_code)

    transaction = sub(root, _S + "SupplyChainTradeTransaction")
    for line in invoice.lines:
        _line(transaction, line)
    _agreement(transaction, invoice)
    _delivery(transaction, invoice)
    _settlement(transaction, invoice)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _address(parent: etree._Element, tag: str, address: Address) -> None:
    el = sub(parent, _R + tag)
    opt(el, _R + "PostcodeCode", address.postcode)
    opt(el, _R + "LineOne", address.line1)
    opt(el, _R + "LineTwo", address.line2)
    opt(el, _R + "LineThree", address.line3)
    opt(el, _R + "CityName", address.city)
    sub(el, _R + "CountryID", address.country_code)
    opt(el, _R + "CountrySubDivisionName", address.subdivision)


def _party(parent: etree._Element, tag: str, party: Party, *, seller: bool) -> None:
    el = sub(parent, _R + tag)
    for ident in party.identifiers:
        if ident.scheme:
            sub(el, _R + "GlobalID", ident.value, schemeID=ident.scheme)
        else:
            sub(el, _R + "ID", ident.value)
    sub(el, _R + "Name", party.name)
    if seller:
        opt(el, _R + "Description", party.additional_legal_info)
    if party.legal_registration_id or party.trading_name:
        legal = sub(el, _R + "SpecifiedLegalOrganization")
        if party.legal_registration_id:
            sub(legal, _R + "ID", party.legal_registration_id.value, schemeID=party.legal_registration_id.scheme)
        opt(legal, _R + "TradingBusinessName", party.trading_name)
    if party.contact:
        contact = sub(el, _R + "DefinedTradeContact")
        opt(contact, _R + "PersonName", party.contact.name)
        if party.contact.telephone:
            sub(sub(contact, _R + "TelephoneUniversalCommunication"), _R + "CompleteNumber", party.contact.telephone)
        if party.contact.email:
            sub(sub(contact, _R + "EmailURIUniversalCommunication"), _R + "URIID", party.contact.email)
    _address(el, "PostalTradeAddress", party.address)
    if party.electronic_address:
        sub(
            sub(el, _R + "URIUniversalCommunication"),
            _R + "URIID",
            party.electronic_address.value,
            schemeID=party.electronic_address.scheme,
        )
    if party.vat_id:
        sub(sub(el, _R + "SpecifiedTaxRegistration"), _R + "ID", party.vat_id, schemeID="VA")
    if seller and party.tax_registration_id:
        sub(sub(el, _R + "SpecifiedTaxRegistration"), _R + "ID", party.tax_registration_id, schemeID="FC")


def _referenced(parent: etree._Element, tag: str, value: str, type_code: str = "") -> None:
    if value:
        el = sub(parent, _R + tag)
        sub(el, _R + "IssuerAssignedID", value)
        opt(el, _R + "TypeCode", type_code)


def _agreement(transaction: etree._Element, invoice: Invoice) -> None:
    el = sub(transaction, _R + "ApplicableHeaderTradeAgreement")
    opt(el, _R + "BuyerReference", invoice.buyer_reference)
    _party(el, "SellerTradeParty", invoice.seller, seller=True)
    _party(el, "BuyerTradeParty", invoice.buyer, seller=False)
    if invoice.tax_representative:
        rep = sub(el, _R + "SellerTaxRepresentativeTradeParty")
        sub(rep, _R + "Name", invoice.tax_representative.name)
        _address(rep, "PostalTradeAddress", invoice.tax_representative.address)
        sub(sub(rep, _R + "SpecifiedTaxRegistration"), _R + "ID", invoice.tax_representative.vat_id, schemeID="VA")
    _referenced(el, "SellerOrderReferencedDocument", invoice.sales_order_reference)
    _referenced(el, "BuyerOrderReferencedDocument", invoice.order_reference)
    _referenced(el, "ContractReferencedDocument", invoice.contract_reference)
    _referenced(el, "AdditionalReferencedDocument", invoice.tender_reference, "50")
    if invoice.invoiced_object:
        ref = sub(el, _R + "AdditionalReferencedDocument")
        sub(ref, _R + "IssuerAssignedID", invoice.invoiced_object.value)
        sub(ref, _R + "TypeCode", "130")
        opt(ref, _R + "ReferenceTypeCode", invoice.invoiced_object.scheme)
    for doc in invoice.supporting_documents:
        ref = sub(el, _R + "AdditionalReferencedDocument")
        sub(ref, _R + "IssuerAssignedID", doc.reference)
        opt(ref, _R + "URIID", doc.uri)
        sub(ref, _R + "TypeCode", "916")
        opt(ref, _R + "Name", doc.description)
        if doc.content is not None:
            sub(
                ref,
                _R + "AttachmentBinaryObject",
                base64.b64encode(doc.content).decode("ascii"),
                mimeCode=doc.mime_code,
                filename=doc.filename,
            )
    if invoice.project_reference:
        project = sub(el, _R + "SpecifiedProcuringProject")
        sub(project, _R + "ID", invoice.project_reference)
        sub(project, _R + "Name", "Project reference")


def _delivery(transaction: etree._Element, invoice: Invoice) -> None:
    el = sub(transaction, _R + "ApplicableHeaderTradeDelivery")
    delivery = invoice.delivery
    if delivery and (delivery.name or delivery.location_id or delivery.address):
        ship_to = sub(el, _R + "ShipToTradeParty")
        if delivery.location_id:
            if delivery.location_id.scheme:
                sub(ship_to, _R + "GlobalID", delivery.location_id.value, schemeID=delivery.location_id.scheme)
            else:
                sub(ship_to, _R + "ID", delivery.location_id.value)
        opt(ship_to, _R + "Name", delivery.name)
        if delivery.address:
            _address(ship_to, "PostalTradeAddress", delivery.address)
    if delivery and delivery.date:
        _date(sub(el, _R + "ActualDeliverySupplyChainEvent"), "OccurrenceDateTime", delivery.date)
    _referenced(el, "DespatchAdviceReferencedDocument", invoice.despatch_advice_reference)
    _referenced(el, "ReceivingAdviceReferencedDocument", invoice.receiving_advice_reference)


def _trade_tax(parent: etree._Element, category, rate) -> None:
    sub(parent, _R + "TypeCode", "VAT")
    sub(parent, _R + "CategoryCode", str(category))
    if rate is not None:
        sub(parent, _R + "RateApplicablePercent", number(rate))


def _allowance_charge(parent: etree._Element, item: AllowanceCharge, *, document_level: bool) -> None:
    el = sub(parent, _R + "SpecifiedTradeAllowanceCharge")
    sub(sub(el, _R + "ChargeIndicator"), _U + "Indicator", "true" if item.charge else "false")
    if item.percent is not None:
        sub(el, _R + "CalculationPercent", number(item.percent))
    if item.base_amount is not None:
        sub(el, _R + "BasisAmount", amount(item.base_amount))
    sub(el, _R + "ActualAmount", amount(item.amount))
    opt(el, _R + "ReasonCode", item.reason_code)
    opt(el, _R + "Reason", item.reason)
    if document_level and item.vat_category is not None:
        _trade_tax(sub(el, _R + "CategoryTradeTax"), item.vat_category, item.vat_rate)


def _settlement(transaction: etree._Element, invoice: Invoice) -> None:
    el = sub(transaction, _R + "ApplicableHeaderTradeSettlement")
    pay = invoice.payment
    if pay:
        opt(el, _R + "CreditorReferenceID", pay.creditor_id)
        opt(el, _R + "PaymentReference", pay.remittance_information)
    opt(el, _R + "TaxCurrencyCode", invoice.tax_currency)
    sub(el, _R + "InvoiceCurrencyCode", invoice.currency)
    if invoice.payee:
        _payee(el, invoice.payee)
    if pay:
        _payment_means(el, pay)
    for row in invoice.vat_breakdown:
        tax = sub(el, _R + "ApplicableTradeTax")
        sub(tax, _R + "CalculatedAmount", amount(row.tax_amount))
        sub(tax, _R + "TypeCode", "VAT")
        opt(tax, _R + "ExemptionReason", row.exemption_reason)
        sub(tax, _R + "BasisAmount", amount(row.taxable_amount))
        sub(tax, _R + "CategoryCode", str(row.category))
        opt(tax, _R + "ExemptionReasonCode", row.exemption_code)
        if invoice.tax_point_date:
            sub(
                sub(tax, _R + "TaxPointDate"),
                _U + "DateString",
                invoice.tax_point_date.strftime("%Y%m%d"),
                format="102",
            )
        opt(tax, _R + "DueDateTypeCode", VAT_POINT_TO_CII.get(invoice.vat_point_date_code, invoice.vat_point_date_code))
        if row.rate is not None:
            sub(tax, _R + "RateApplicablePercent", number(row.rate))
    if invoice.period_start or invoice.period_end:
        period = sub(el, _R + "BillingSpecifiedPeriod")
        _date(period, "StartDateTime", invoice.period_start)
        _date(period, "EndDateTime", invoice.period_end)
    for item in invoice.allowances_charges:
        _allowance_charge(el, item, document_level=True)
    terms_note = invoice.payment_terms.note if invoice.payment_terms else ""
    if terms_note or invoice.due_date or (pay and pay.mandate_reference):
        terms = sub(el, _R + "SpecifiedTradePaymentTerms")
        opt(terms, _R + "Description", terms_note)
        _date(terms, "DueDateDateTime", invoice.due_date)
        opt(terms, _R + "DirectDebitMandateID", pay.mandate_reference if pay else "")
    _summation(el, invoice)
    for preceding in invoice.preceding_invoices:
        ref = sub(el, _R + "InvoiceReferencedDocument")
        sub(ref, _R + "IssuerAssignedID", preceding.number)
        _date(ref, "FormattedIssueDateTime", preceding.issue_date, qualified=True)
    if invoice.buyer_accounting_reference:
        sub(sub(el, _R + "ReceivableSpecifiedTradeAccountingAccount"), _R + "ID", invoice.buyer_accounting_reference)


def _payee(parent: etree._Element, payee) -> None:
    el = sub(parent, _R + "PayeeTradeParty")
    if payee.identifier:
        if payee.identifier.scheme:
            sub(el, _R + "GlobalID", payee.identifier.value, schemeID=payee.identifier.scheme)
        else:
            sub(el, _R + "ID", payee.identifier.value)
    sub(el, _R + "Name", payee.name)
    if payee.legal_registration_id:
        sub(
            sub(el, _R + "SpecifiedLegalOrganization"),
            _R + "ID",
            payee.legal_registration_id.value,
            schemeID=payee.legal_registration_id.scheme,
        )


def _payment_means(parent: etree._Element, pay) -> None:
    for index, transfer in enumerate(pay.transfers or (None,)):
        el = sub(parent, _R + "SpecifiedTradeSettlementPaymentMeans")
        sub(el, _R + "TypeCode", pay.means_code)
        opt(el, _R + "Information", pay.means_text)
        if index == 0 and pay.card_number:
            card = sub(el, _R + "ApplicableTradeSettlementFinancialCard")
            sub(card, _R + "ID", pay.card_number)
            opt(card, _R + "CardholderName", pay.card_holder)
        if index == 0 and pay.debited_account:
            sub(sub(el, _R + "PayerPartyDebtorFinancialAccount"), _R + "IBANID", pay.debited_account)
        if transfer is not None:
            account = sub(el, _R + "PayeePartyCreditorFinancialAccount")
            sub(account, _R + "IBANID", transfer.iban)
            opt(account, _R + "AccountName", transfer.account_name)
            if transfer.bic:
                sub(sub(el, _R + "PayeeSpecifiedCreditorFinancialInstitution"), _R + "BICID", transfer.bic)


def _summation(parent: etree._Element, invoice: Invoice) -> None:
    t = invoice.totals
    el = sub(parent, _R + "SpecifiedTradeSettlementHeaderMonetarySummation")
    sub(el, _R + "LineTotalAmount", amount(t.line_net))
    if invoice.allowances_charges:
        sub(el, _R + "ChargeTotalAmount", amount(t.charges))
        sub(el, _R + "AllowanceTotalAmount", amount(t.allowances))
    sub(el, _R + "TaxBasisTotalAmount", amount(t.tax_exclusive))
    sub(el, _R + "TaxTotalAmount", amount(t.vat), currencyID=invoice.currency)
    if invoice.tax_currency and invoice.vat_in_tax_currency is not None:
        sub(el, _R + "TaxTotalAmount", amount(invoice.vat_in_tax_currency), currencyID=invoice.tax_currency)
    if t.rounding:
        sub(el, _R + "RoundingAmount", amount(t.rounding))
    sub(el, _R + "GrandTotalAmount", amount(t.tax_inclusive))
    if t.prepaid:
        sub(el, _R + "TotalPrepaidAmount", amount(t.prepaid))
    sub(el, _R + "DuePayableAmount", amount(t.payable))


def _line(transaction: etree._Element, line: InvoiceLine) -> None:
    el = sub(transaction, _R + "IncludedSupplyChainTradeLineItem")
    doc = sub(el, _R + "AssociatedDocumentLineDocument")
    sub(doc, _R + "LineID", line.id)
    if line.note:
        sub(sub(doc, _R + "IncludedNote"), _R + "Content", line.note)
    _product(el, line)
    agreement = sub(el, _R + "SpecifiedLineTradeAgreement")
    if line.order_line_reference:
        sub(sub(agreement, _R + "BuyerOrderReferencedDocument"), _R + "LineID", line.order_line_reference)
    if line.gross_price is not None:
        gross = sub(agreement, _R + "GrossPriceProductTradePrice")
        sub(gross, _R + "ChargeAmount", number(line.gross_price))
        if line.base_quantity is not None:
            sub(gross, _R + "BasisQuantity", number(line.base_quantity), unitCode=line.base_quantity_unit)
        if line.price_discount is not None:
            discount = sub(gross, _R + "AppliedTradeAllowanceCharge")
            sub(sub(discount, _R + "ChargeIndicator"), _U + "Indicator", "false")
            sub(discount, _R + "ActualAmount", number(line.price_discount))
    net = sub(agreement, _R + "NetPriceProductTradePrice")
    sub(net, _R + "ChargeAmount", number(line.net_price))
    if line.base_quantity is not None:
        sub(net, _R + "BasisQuantity", number(line.base_quantity), unitCode=line.base_quantity_unit)

    delivery = sub(el, _R + "SpecifiedLineTradeDelivery")
    sub(delivery, _R + "BilledQuantity", number(line.quantity), unitCode=line.unit_code)

    settlement = sub(el, _R + "SpecifiedLineTradeSettlement")
    _trade_tax(sub(settlement, _R + "ApplicableTradeTax"), line.vat_category, line.vat_rate)
    if line.period_start or line.period_end:
        period = sub(settlement, _R + "BillingSpecifiedPeriod")
        _date(period, "StartDateTime", line.period_start)
        _date(period, "EndDateTime", line.period_end)
    for item in line.allowances_charges:
        _allowance_charge(settlement, item, document_level=False)
    sub(
        sub(settlement, _R + "SpecifiedTradeSettlementLineMonetarySummation"),
        _R + "LineTotalAmount",
        amount(line.net_amount),
    )
    if line.object_id:
        ref = sub(settlement, _R + "AdditionalReferencedDocument")
        sub(ref, _R + "IssuerAssignedID", line.object_id.value)
        sub(ref, _R + "TypeCode", "130")
        opt(ref, _R + "ReferenceTypeCode", line.object_id.scheme)
    if line.buyer_accounting_reference:
        sub(
            sub(settlement, _R + "ReceivableSpecifiedTradeAccountingAccount"),
            _R + "ID",
            line.buyer_accounting_reference,
        )


def _product(el: etree._Element, line: InvoiceLine) -> None:
    """BG-31 the item (BT-153..BT-159, BG-32 attributes)."""
    product = sub(el, _R + "SpecifiedTradeProduct")
    if line.standard_item_id:
        sub(product, _R + "GlobalID", line.standard_item_id.value, schemeID=line.standard_item_id.scheme)
    opt(product, _R + "SellerAssignedID", line.seller_item_id)
    opt(product, _R + "BuyerAssignedID", line.buyer_item_id)
    sub(product, _R + "Name", line.item_name)
    opt(product, _R + "Description", line.description)
    for name, value in line.attributes:
        characteristic = sub(product, _R + "ApplicableProductCharacteristic")
        sub(characteristic, _R + "Description", name)
        sub(characteristic, _R + "Value", value)
    for cls in line.classifications:
        sub(
            sub(product, _R + "DesignatedProductClassification"),
            _R + "ClassCode",
            cls.value,
            listID=cls.scheme,
            listVersionID=cls.scheme_version,
        )
    if line.origin_country:
        sub(sub(product, _R + "OriginTradeCountry"), _R + "ID", line.origin_country)
