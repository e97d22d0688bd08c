"""Writes the model as UBL 2.1 Invoice or CreditNote, following EN 16931-3-2's syntax binding (XRechnung 3.0)."""

from __future__ import annotations

import base64
from datetime import date

from lxml import etree

from .model import Address, AllowanceCharge, Contact, Invoice, InvoiceLine, Party, Payee
from .xmlutil import CAC, CBC, UBL_CREDIT_NOTE, UBL_INVOICE, amount, number, opt, sub

_C = f"{{{CAC}}}"
_B = f"{{{CBC}}}"


def _d(value: date | None) -> str | None:
    return value.isoformat() if value else None


def to_ubl(invoice: Invoice) -> bytes:
    """The invoice as UTF-8 UBL 2.1 XML; a credit-note type code (381, ...) gives a CreditNote document."""
    credit = invoice.is_credit_note
    root_ns = UBL_CREDIT_NOTE if credit else UBL_INVOICE
    root = etree.Element(
        f"{{{root_ns}}}{'CreditNote' if credit else 'Invoice'}", nsmap={None: root_ns, "cac": CAC, "cbc": CBC}
    )
    cur = invoice.currency
    sub(root, _B + "CustomizationID", invoice.customization_id)
    opt(root, _B + "ProfileID", invoice.profile_id)
    sub(root, _B + "ID", invoice.number)
    sub(root, _B + "IssueDate", invoice.issue_date.isoformat())
    if not credit:
        opt(root, _B + "DueDate", _d(invoice.due_date))
        sub(root, _B + "InvoiceTypeCode", invoice.type_code)
    else:
        # UBL 2.1's CreditNote puts TaxPointDate before the type code and has no header DueDate (see PaymentMeans).
        opt(root, _B + "TaxPointDate", _d(invoice.tax_point_date))
        sub(root, _B + "CreditNoteTypeCode", invoice.type_code)
    for note in invoice.notes:
        sub(root, _B + "Note", f"#{note.subject_code}#{note.text}" if note.subject_code else note.text)
    if not credit:
        opt(root, _B + "TaxPointDate", _d(invoice.tax_point_date))
    sub(root, _B + "DocumentCurrencyCode", cur)
    opt(root, _B + "TaxCurrencyCode", invoice.tax_currency)
    opt(root, _B + "AccountingCost", invoice.buyer_accounting_reference)
    opt(root, _B + "BuyerReference", invoice.buyer_reference)
    _references(root, invoice, credit)
    creditor_id = invoice.payment.creditor_id if invoice.payment else ""
    _party(sub(root, _C + "AccountingSupplierParty"), invoice.seller, seller=True, creditor_id=creditor_id)
    _party(sub(root, _C + "AccountingCustomerParty"), invoice.buyer, seller=False)
    if invoice.payee:
        _payee(root, invoice.payee)
    if invoice.tax_representative:
        rep = sub(root, _C + "TaxRepresentativeParty")
        sub(sub(rep, _C + "PartyName"), _B + "Name", invoice.tax_representative.name)
        _address(rep, "PostalAddress", invoice.tax_representative.address)
        scheme = sub(rep, _C + "PartyTaxScheme")
        sub(scheme, _B + "CompanyID", invoice.tax_representative.vat_id)
        sub(sub(scheme, _C + "TaxScheme"), _B + "ID", "VAT")
    if invoice.delivery:
        _delivery(root, invoice)
    _payment(root, invoice)
    if invoice.payment_terms and invoice.payment_terms.note:
        sub(sub(root, _C + "PaymentTerms"), _B + "Note", invoice.payment_terms.note)
    for item in invoice.allowances_charges:
        _allowance_charge(root, item, cur, document_level=True)
    _tax_total(root, invoice)
    _monetary_total(root, invoice)
    for line in invoice.lines:
        _line(root, line, cur, credit)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _references(root: etree._Element, invoice: Invoice, credit: bool) -> None:
    """BG-14, BT-13/14, BG-3, BT-16, BT-15, BT-17, BT-12, BT-11 in UBL's element order."""
    if invoice.period_start or invoice.period_end or invoice.vat_point_date_code:
        period = sub(root, _C + "InvoicePeriod")
        opt(period, _B + "StartDate", _d(invoice.period_start))
        opt(period, _B + "EndDate", _d(invoice.period_end))
        opt(period, _B + "DescriptionCode", invoice.vat_point_date_code)
    if invoice.order_reference or invoice.sales_order_reference:
        order = sub(root, _C + "OrderReference")
        sub(order, _B + "ID", invoice.order_reference or "NA")
        opt(order, _B + "SalesOrderID", invoice.sales_order_reference)
    for preceding in invoice.preceding_invoices:
        ref = sub(sub(root, _C + "BillingReference"), _C + "InvoiceDocumentReference")
        sub(ref, _B + "ID", preceding.number)
        opt(ref, _B + "IssueDate", _d(preceding.issue_date))
    if invoice.despatch_advice_reference:
        sub(sub(root, _C + "DespatchDocumentReference"), _B + "ID", invoice.despatch_advice_reference)
    if invoice.receiving_advice_reference:
        sub(sub(root, _C + "ReceiptDocumentReference"), _B + "ID", invoice.receiving_advice_reference)
    if invoice.tender_reference and not credit:
        sub(sub(root, _C + "OriginatorDocumentReference"), _B + "ID", invoice.tender_reference)
    if invoice.contract_reference:
        sub(sub(root, _C + "ContractDocumentReference"), _B + "ID", invoice.contract_reference)
    _additional_documents(root, invoice, credit)
    if invoice.tender_reference and credit:
        sub(sub(root, _C + "OriginatorDocumentReference"), _B + "ID", invoice.tender_reference)
    if invoice.project_reference and not credit:
        sub(sub(root, _C + "ProjectReference"), _B + "ID", invoice.project_reference)


def _additional_documents(root: etree._Element, invoice: Invoice, credit: bool) -> None:
    """BT-11 of a credit note (type 50), BT-18 (type 130) and BG-24 share cac:AdditionalDocumentReference."""
    if invoice.project_reference and credit:
        ref = sub(root, _C + "AdditionalDocumentReference")
        sub(ref, _B + "ID", invoice.project_reference)
        sub(ref, _B + "DocumentTypeCode", "50")
    if invoice.invoiced_object:
        ref = sub(root, _C + "AdditionalDocumentReference")
        sub(ref, _B + "ID", invoice.invoiced_object.value, schemeID=invoice.invoiced_object.scheme)
        sub(ref, _B + "DocumentTypeCode", "130")
    for doc in invoice.supporting_documents:
        ref = sub(root, _C + "AdditionalDocumentReference")
        sub(ref, _B + "ID", doc.reference)
        opt(ref, _B + "DocumentDescription", doc.description)
        if doc.content is not None or doc.uri:
            attachment = sub(ref, _C + "Attachment")
            if doc.content is not None:
                sub(
                    attachment,
                    _B + "EmbeddedDocumentBinaryObject",
                    base64.b64encode(doc.content).decode("ascii"),
                    mimeCode=doc.mime_code,
                    filename=doc.filename,
                )
            if doc.uri:
                sub(sub(attachment, _C + "ExternalReference"), _B + "URI", doc.uri)


def _payee(root: etree._Element, payee: Payee) -> None:
    el = sub(root, _C + "PayeeParty")
    if payee.identifier:
        sub(sub(el, _C + "PartyIdentification"), _B + "ID", payee.identifier.value, schemeID=payee.identifier.scheme)
    sub(sub(el, _C + "PartyName"), _B + "Name", payee.name)
    if payee.legal_registration_id:
        sub(
            sub(el, _C + "PartyLegalEntity"),
            _B + "CompanyID",
            payee.legal_registration_id.value,
            schemeID=payee.legal_registration_id.scheme,
        )


def _address(parent: etree._Element, tag: str, address: Address) -> None:
    el = sub(parent, _C + tag)
    opt(el, _B + "StreetName", address.line1)
    opt(el, _B + "AdditionalStreetName", address.line2)
    opt(el, _B + "CityName", address.city)
    opt(el, _B + "PostalZone", address.postcode)
    opt(el, _B + "CountrySubentity", address.subdivision)
    if address.line3:
        sub(sub(el, _C + "AddressLine"), _B + "Line", address.line3)
    sub(sub(el, _C + "Country"), _B + "IdentificationCode", address.country_code)


def _contact(parent: etree._Element, contact: Contact) -> None:
    el = sub(parent, _C + "Contact")
    opt(el, _B + "Name", contact.name)
    opt(el, _B + "Telephone", contact.telephone)
    opt(el, _B + "ElectronicMail", contact.email)


def _party(parent: etree._Element, party: Party, *, seller: bool, creditor_id: str = "") -> None:
    el = sub(parent, _C + "Party")
    if party.electronic_address:
        sub(el, _B + "EndpointID", party.electronic_address.value, schemeID=party.electronic_address.scheme)
    for ident in party.identifiers:
        sub(sub(el, _C + "PartyIdentification"), _B + "ID", ident.value, schemeID=ident.scheme)
    if creditor_id:  # BT-90 is bound to the seller's party identification with scheme SEPA
        sub(sub(el, _C + "PartyIdentification"), _B + "ID", creditor_id, schemeID="SEPA")
    if party.trading_name:
        sub(sub(el, _C + "PartyName"), _B + "Name", party.trading_name)
    _address(el, "PostalAddress", party.address)
    if party.vat_id:
        scheme = sub(el, _C + "PartyTaxScheme")
        sub(scheme, _B + "CompanyID", party.vat_id)
        sub(sub(scheme, _C + "TaxScheme"), _B + "ID", "VAT")
    if seller and party.tax_registration_id:
        scheme = sub(el, _C + "PartyTaxScheme")
        sub(scheme, _B + "CompanyID", party.tax_registration_id)
        sub(sub(scheme, _C + "TaxScheme"), _B + "ID", "FC")
    legal = sub(el, _C + "PartyLegalEntity")
    sub(legal, _B + "RegistrationName", party.name)
    if party.legal_registration_id:
        sub(legal, _B + "CompanyID", party.legal_registration_id.value, schemeID=party.legal_registration_id.scheme)
    if seller:
        opt(legal, _B + "CompanyLegalForm", party.additional_legal_info)
    if party.contact:
        _contact(el, party.contact)


def _delivery(root: etree._Element, invoice: Invoice) -> None:
    delivery = invoice.delivery
    el = sub(root, _C + "Delivery")
    opt(el, _B + "ActualDeliveryDate", _d(delivery.date))
    if delivery.location_id or delivery.address:
        location = sub(el, _C + "DeliveryLocation")
        if delivery.location_id:
            sub(location, _B + "ID", delivery.location_id.value, schemeID=delivery.location_id.scheme)
        if delivery.address:
            _address(location, "Address", delivery.address)
    if delivery.name:
        sub(sub(sub(el, _C + "DeliveryParty"), _C + "PartyName"), _B + "Name", delivery.name)


def _payment(root: etree._Element, invoice: Invoice) -> None:
    pay = invoice.payment
    if pay is None:
        return
    # One PaymentMeans per account (BG-17 repeats), each repeating BT-81; BT-83 rides on the first.
    for index, transfer in enumerate(pay.transfers or (None,)):
        el = sub(root, _C + "PaymentMeans")
        sub(el, _B + "PaymentMeansCode", pay.means_code, name=pay.means_text)
        if invoice.is_credit_note and index == 0:
            opt(el, _B + "PaymentDueDate", _d(invoice.due_date))
        if index == 0:
            opt(el, _B + "PaymentID", pay.remittance_information)
            if pay.card_number:
                card = sub(el, _C + "CardAccount")
                sub(card, _B + "PrimaryAccountNumberID", pay.card_number)
                sub(card, _B + "NetworkID", "NA")
                opt(card, _B + "HolderName", pay.card_holder)
        if transfer is not None:
            account = sub(el, _C + "PayeeFinancialAccount")
            sub(account, _B + "ID", transfer.iban)
            opt(account, _B + "Name", transfer.account_name)
            if transfer.bic:
                sub(sub(account, _C + "FinancialInstitutionBranch"), _B + "ID", transfer.bic)
        if index == 0 and (pay.mandate_reference or pay.debited_account):
            mandate = sub(el, _C + "PaymentMandate")
            opt(mandate, _B + "ID", pay.mandate_reference)
            if pay.debited_account:
                sub(sub(mandate, _C + "PayerFinancialAccount"), _B + "ID", pay.debited_account)


def _tax_category(parent: etree._Element, tag: str, category, rate, reason: str = "", code: str = "") -> None:
    el = sub(parent, _C + tag)
    sub(el, _B + "ID", str(category))
    if rate is not None:
        sub(el, _B + "Percent", number(rate))
    opt(el, _B + "TaxExemptionReasonCode", code)
    opt(el, _B + "TaxExemptionReason", reason)
    sub(sub(el, _C + "TaxScheme"), _B + "ID", "VAT")


def _allowance_charge(parent: etree._Element, item: AllowanceCharge, cur: str, *, document_level: bool) -> None:
    el = sub(parent, _C + "AllowanceCharge")
    sub(el, _B + "ChargeIndicator", "true" if item.charge else "false")
    opt(el, _B + "AllowanceChargeReasonCode", item.reason_code)
    opt(el, _B + "AllowanceChargeReason", item.reason)
    if item.percent is not None:
        sub(el, _B + "MultiplierFactorNumeric", number(item.percent))
    sub(el, _B + "Amount", amount(item.amount), currencyID=cur)
    if item.base_amount is not None:
        sub(el, _B + "BaseAmount", amount(item.base_amount), currencyID=cur)
    if document_level and item.vat_category is not None:
        _tax_category(el, "TaxCategory", item.vat_category, item.vat_rate)


def _tax_total(root: etree._Element, invoice: Invoice) -> None:
    cur = invoice.currency
    total = sub(root, _C + "TaxTotal")
    sub(total, _B + "TaxAmount", amount(invoice.totals.vat), currencyID=cur)
    for row in invoice.vat_breakdown:
        subtotal = sub(total, _C + "TaxSubtotal")
        sub(subtotal, _B + "TaxableAmount", amount(row.taxable_amount), currencyID=cur)
        sub(subtotal, _B + "TaxAmount", amount(row.tax_amount), currencyID=cur)
        _tax_category(subtotal, "TaxCategory", row.category, row.rate, row.exemption_reason, row.exemption_code)
    if invoice.tax_currency and invoice.vat_in_tax_currency is not None:  # BT-111: a second TaxTotal, no subtotals
        sub(
            sub(root, _C + "TaxTotal"),
            _B + "TaxAmount",
            amount(invoice.vat_in_tax_currency),
            currencyID=invoice.tax_currency,
        )


def _monetary_total(root: etree._Element, invoice: Invoice) -> None:
    t, cur = invoice.totals, invoice.currency
    el = sub(root, _C + "LegalMonetaryTotal")
    sub(el, _B + "LineExtensionAmount", amount(t.line_net), currencyID=cur)
    sub(el, _B + "TaxExclusiveAmount", amount(t.tax_exclusive), currencyID=cur)
    sub(el, _B + "TaxInclusiveAmount", amount(t.tax_inclusive), currencyID=cur)
    if invoice.allowances_charges:
        sub(el, _B + "AllowanceTotalAmount", amount(t.allowances), currencyID=cur)
        sub(el, _B + "ChargeTotalAmount", amount(t.charges), currencyID=cur)
    if t.prepaid:
        sub(el, _B + "PrepaidAmount", amount(t.prepaid), currencyID=cur)
    if t.rounding:
        sub(el, _B + "PayableRoundingAmount", amount(t.rounding), currencyID=cur)
    sub(el, _B + "PayableAmount", amount(t.payable), currencyID=cur)


def _line(root: etree._Element, line: InvoiceLine, cur: str, credit: bool) -> None:
    el = sub(root, _C + ("CreditNoteLine" if credit else "InvoiceLine"))
    sub(el, _B + "ID", line.id)
    opt(el, _B + "Note", line.note)
    sub(el, _B + ("CreditedQuantity" if credit else "InvoicedQuantity"), number(line.quantity), unitCode=line.unit_code)
    sub(el, _B + "LineExtensionAmount", amount(line.net_amount), currencyID=cur)
    opt(el, _B + "AccountingCost", line.buyer_accounting_reference)
    if line.period_start or line.period_end:
        period = sub(el, _C + "InvoicePeriod")
        opt(period, _B + "StartDate", _d(line.period_start))
        opt(period, _B + "EndDate", _d(line.period_end))
    if line.order_line_reference:
        sub(sub(el, _C + "OrderLineReference"), _B + "LineID", line.order_line_reference)
    if line.object_id:
        ref = sub(el, _C + "DocumentReference")
        sub(ref, _B + "ID", line.object_id.value, schemeID=line.object_id.scheme)
        sub(ref, _B + "DocumentTypeCode", "130")
    for item in line.allowances_charges:
        _allowance_charge(el, item, cur, document_level=False)
    _item(el, line)
    price = sub(el, _C + "Price")
    sub(price, _B + "PriceAmount", number(line.net_price), currencyID=cur)
    if line.base_quantity is not None:
        sub(price, _B + "BaseQuantity", number(line.base_quantity), unitCode=line.base_quantity_unit)
    if line.gross_price is not None:
        discount = sub(price, _C + "AllowanceCharge")
        sub(discount, _B + "ChargeIndicator", "false")
        sub(discount, _B + "Amount", number(line.price_discount or 0), currencyID=cur)
        sub(discount, _B + "BaseAmount", number(line.gross_price), currencyID=cur)


def _item(parent: etree._Element, line: InvoiceLine) -> None:
    item = sub(parent, _C + "Item")
    opt(item, _B + "Description", line.description)
    sub(item, _B + "Name", line.item_name)
    if line.buyer_item_id:
        sub(sub(item, _C + "BuyersItemIdentification"), _B + "ID", line.buyer_item_id)
    if line.seller_item_id:
        sub(sub(item, _C + "SellersItemIdentification"), _B + "ID", line.seller_item_id)
    if line.standard_item_id:
        sub(
            sub(item, _C + "StandardItemIdentification"),
            _B + "ID",
            line.standard_item_id.value,
            schemeID=line.standard_item_id.scheme,
        )
    if line.origin_country:
        sub(sub(item, _C + "OriginCountry"), _B + "IdentificationCode", line.origin_country)
    for cls in line.classifications:
        sub(
            sub(item, _C + "CommodityClassification"),
            _B + "ItemClassificationCode",
            cls.value,
            listID=cls.scheme,
            listVersionID=cls.scheme_version,
        )
    _tax_category(item, "ClassifiedTaxCategory", line.vat_category, line.vat_rate)
    for name, value in line.attributes:
        prop = sub(item, _C + "AdditionalItemProperty")
        sub(prop, _B + "Name", name)
        sub(prop, _B + "Value", value)
