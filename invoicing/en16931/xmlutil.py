"""Shared XML helpers of the writers and parsers: number formats, element builders, the safe parser."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _
from lxml import etree

from core.errors import ApplicationError

UBL_INVOICE = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
UBL_CREDIT_NOTE = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
RSM = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
RAM = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
UDT = "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"
QDT = "urn:un:unece:uncefact:data:standard:QualifiedDataType:100"

# The largest document the platform takes: a 20-line invoice is ~40 kB; 10 MB leaves room for big ones.
MAX_XML_BYTES = 10 * 1024 * 1024


class InvoiceXMLError(ApplicationError):
    """An inbound document is not a readable EN 16931 invoice; `errors` names the element concerned."""

    def __init__(self, message: str, *, element: str = "document") -> None:
        super().__init__(message, errors={element: [message]}, code="invalid_invoice_xml")


def amount(value: Decimal) -> str:
    """Amounts as the syntaxes want them: two decimals, no exponent."""
    return f"{value.quantize(Decimal('0.01')):f}"


def number(value: Decimal) -> str:
    """Quantities, prices and rates as given, without exponent (1E+1 is not an xs:decimal)."""
    return f"{value:f}"


def sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    """Append a child element; attributes with empty values are left out."""
    child = etree.SubElement(parent, tag, {k: v for k, v in attrs.items() if v})
    if text is not None:
        child.text = text
    return child


def opt(parent: etree._Element, tag: str, text: str | None, **attrs: str) -> etree._Element | None:
    """Append a child only when it has text (an optional business term)."""
    if not text:
        return None
    return sub(parent, tag, text, **attrs)


def safe_parser() -> etree.XMLParser:
    """An lxml parser for documents from outside: no entities, no DTD, no network, no huge trees."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def parse_untrusted(data: bytes) -> etree._Element:
    """Parse inbound XML, refusing a DOCTYPE (the carrier of entity expansion and external entities)."""
    if not data or not data.strip():
        raise InvoiceXMLError(_("The document is empty."))
    if len(data) > MAX_XML_BYTES:
        raise InvoiceXMLError(_("The document is larger than 10 MB."))
    try:
        tree = etree.fromstring(data, safe_parser()).getroottree()
    except etree.XMLSyntaxError as exc:
        raise InvoiceXMLError(_("The document is not well-formed XML: %(reason)s") % {"reason": exc.msg}) from exc
    if tree.docinfo.doctype:
        raise InvoiceXMLError(_("The document declares a DOCTYPE; invoices with DTDs or entities are refused."))
    return tree.getroot()
