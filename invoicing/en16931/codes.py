"""Code lists of EN 16931 that the model and the syntaxes share (UNTDID 5305, 1001, 4461, the specification ids)."""

from __future__ import annotations

from enum import StrEnum

# BT-24: the specification identifier. XRechnung 3.0 is a CIUS of EN 16931; Factur-X EN 16931 uses the bare norm.
XRECHNUNG_3 = "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0"
EN16931 = "urn:cen.eu:en16931:2017"
# BT-23: the business process; the Peppol billing process is the one XRechnung senders use.
PEPPOL_BILLING = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"


class VatCategory(StrEnum):
    """UNTDID 5305 subset EN 16931 allows for BT-95, BT-102, BT-118, BT-151."""

    STANDARD = "S"
    ZERO = "Z"
    EXEMPT = "E"
    REVERSE_CHARGE = "AE"
    INTRA_COMMUNITY = "K"
    EXPORT = "G"
    NOT_SUBJECT = "O"
    CANARY_IGIC = "L"
    CEUTA_IPSI = "M"

    @property
    def charges_vat(self) -> bool:
        """Only these categories carry a VAT amount; every other one is 0 by BR-Z/E/AE/IC/G/O-09."""
        return self in {VatCategory.STANDARD, VatCategory.CANARY_IGIC, VatCategory.CEUTA_IPSI}

    @property
    def has_rate(self) -> bool:
        """BR-O-05: 'not subject to VAT' carries no rate at all; every other category does (possibly 0)."""
        return self is not VatCategory.NOT_SUBJECT


class InvoiceTypeCode(StrEnum):
    """UNTDID 1001 codes XRechnung 3.0 accepts for BT-3 (BR-DE-17)."""

    PARTIAL = "326"
    COMMERCIAL = "380"
    CREDIT_NOTE = "381"
    CORRECTED = "384"
    SELF_BILLED = "389"
    PARTIAL_CONSTRUCTION = "875"
    PARTIAL_FINAL_CONSTRUCTION = "876"
    FINAL_CONSTRUCTION = "877"


# UBL writes credit notes under their own root; these UNTDID 1001 codes are credit notes.
CREDIT_NOTE_CODES = frozenset({"81", "83", "381", "396", "532"})

# Default exemption texts (BT-120) and VATEX codes (BT-121) for the categories that need one.
DEFAULT_EXEMPTIONS = {
    VatCategory.REVERSE_CHARGE: ("VATEX-EU-AE", "Reverse charge"),
    VatCategory.INTRA_COMMUNITY: ("VATEX-EU-IC", "Intra-Community supply"),
    VatCategory.EXPORT: ("VATEX-EU-G", "Export outside the EU"),
    VatCategory.NOT_SUBJECT: ("VATEX-EU-O", "Not subject to VAT"),
}

# UNCL 4461 payment means (BT-81) the platform writes; others are read and written through unchanged.
SEPA_CREDIT_TRANSFER = "58"
CREDIT_TRANSFER = "30"
SEPA_DIRECT_DEBIT = "59"
