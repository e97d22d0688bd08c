"""The parties of an EN 16931 invoice: seller and buyer (BG-4, BG-7) with addresses and contacts, payee (BG-10) and
tax representative (BG-11). Frozen dataclasses, part of the semantic model in model.py."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Identifier:
    """An identifier with its optional scheme (ISO 6523 ICD, EAS, or a classification's list id)."""

    value: str
    scheme: str = ""
    scheme_version: str = ""  # only BT-158's list version uses it


@dataclass(frozen=True)
class Address:
    """BG-5 seller, BG-8 buyer, BG-15 deliver-to postal address."""

    line1: str = ""  # BT-35 / BT-50 / BT-75
    line2: str = ""  # BT-36 / BT-51 / BT-76
    line3: str = ""  # BT-162 / BT-163 / BT-165
    city: str = ""  # BT-37 / BT-52 / BT-77
    postcode: str = ""  # BT-38 / BT-53 / BT-78
    subdivision: str = ""  # BT-39 / BT-54 / BT-79
    country_code: str = ""  # BT-40 / BT-55 / BT-80 (ISO 3166-1 alpha-2)


@dataclass(frozen=True)
class Contact:
    """BG-6 seller contact, BG-9 buyer contact."""

    name: str = ""  # BT-41 / BT-56
    telephone: str = ""  # BT-42 / BT-57
    email: str = ""  # BT-43 / BT-58


@dataclass(frozen=True)
class Party:
    """BG-4 seller or BG-7 buyer."""

    name: str  # BT-27 / BT-44 (registration name)
    address: Address = field(default_factory=Address)  # BG-5 / BG-8
    trading_name: str = ""  # BT-28 / BT-45
    identifiers: tuple[Identifier, ...] = ()  # BT-29 / BT-46
    legal_registration_id: Identifier | None = None  # BT-30 / BT-47
    vat_id: str = ""  # BT-31 / BT-48
    tax_registration_id: str = ""  # BT-32 (seller's national tax number, German "Steuernummer")
    additional_legal_info: str = ""  # BT-33
    electronic_address: Identifier | None = None  # BT-34 / BT-49 (scheme: EAS code, e.g. EM for e-mail)
    contact: Contact | None = None  # BG-6 / BG-9


@dataclass(frozen=True)
class Payee:
    """BG-10 the payee, when it is not the seller (a factoring company, a consortium's lead)."""

    name: str  # BT-59
    identifier: Identifier | None = None  # BT-60
    legal_registration_id: Identifier | None = None  # BT-61


@dataclass(frozen=True)
class TaxRepresentative:
    """BG-11 the seller's VAT representative."""

    name: str  # BT-62
    vat_id: str  # BT-63
    address: Address = field(default_factory=Address)  # BG-12 (BT-64..BT-69, BT-164)
