"""Helpers of the two parsers: read text, decimals, dates and codes from an untrusted tree with clear errors."""

from __future__ import annotations

import base64
import binascii
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from lxml import etree

from .codes import VatCategory
from .model import ZERO, VatExemption
from .xmlutil import InvoiceXMLError


class Reader:
    """Finds elements by a prefixed path relative to a node, in one syntax's namespaces."""

    def __init__(self, namespaces: dict[str, str]) -> None:
        self.ns = namespaces

    def all(self, node: etree._Element, path: str) -> list[etree._Element]:
        return node.findall(path, self.ns)

    def one(self, node: etree._Element | None, path: str) -> etree._Element | None:
        return None if node is None else node.find(path, self.ns)

    def text(self, node: etree._Element | None, path: str) -> str:
        el = self.one(node, path)
        return (el.text or "").strip() if el is not None else ""

    def attr(self, node: etree._Element | None, path: str, name: str) -> str:
        el = self.one(node, path)
        return (el.get(name) or "").strip() if el is not None else ""

    def required(self, node: etree._Element, path: str) -> str:
        value = self.text(node, path)
        if not value:
            raise missing(path)
        return value

    def decimal(self, node: etree._Element | None, path: str, *, required: bool = False) -> Decimal | None:
        raw = self.required(node, path) if required else self.text(node, path)
        return to_decimal(raw, path) if raw else None

    def ymd(self, node: etree._Element | None, path: str, *, required: bool = False) -> date | None:
        """UBL's xs:date (2026-11-30)."""
        raw = self.required(node, path) if required else self.text(node, path)
        return to_date(raw, "%Y-%m-%d", path) if raw else None


def missing(path: str) -> InvoiceXMLError:
    return InvoiceXMLError(
        _("The required element %(path)s is missing or empty.") % {"path": _short(path)}, element=_short(path)
    )


def _short(path: str) -> str:
    """The element path without namespace prefixes, as the error's field name."""
    return "/".join(step.split(":")[-1] for step in path.split("/") if step not in (".", ""))


def to_decimal(raw: str, path: str) -> Decimal:
    try:
        value = Decimal(raw)
    except InvalidOperation as exc:
        raise InvoiceXMLError(
            _("%(path)s is not a number: %(value)s") % {"path": _short(path), "value": raw[:40]}, element=_short(path)
        ) from exc
    if not value.is_finite():
        raise InvoiceXMLError(
            _("%(path)s is not a number: %(value)s") % {"path": _short(path), "value": raw[:40]}, element=_short(path)
        )
    return value


def to_date(raw: str, pattern: str, path: str) -> date:
    try:
        return datetime.strptime(raw, pattern).date()
    except ValueError as exc:
        raise InvoiceXMLError(
            _("%(path)s is not a date: %(value)s") % {"path": _short(path), "value": raw[:40]}, element=_short(path)
        ) from exc


def binary(raw: str, path: str) -> bytes:
    """A base64 attachment (BT-125)."""
    try:
        return base64.b64decode("".join(raw.split()), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise InvoiceXMLError(
            _("%(path)s is not valid base64.") % {"path": _short(path)}, element=_short(path)
        ) from exc


def category(raw: str, path: str) -> VatCategory:
    try:
        return VatCategory(raw.strip())
    except ValueError as exc:
        raise InvoiceXMLError(
            _("%(path)s: %(value)s is not a VAT category code of EN 16931 (S, Z, E, AE, K, G, O, L, M).")
            % {"path": _short(path), "value": raw[:10]},
            element=_short(path),
        ) from exc


def rate_or_none(raw: Decimal | None, cat: VatCategory) -> Decimal | None:
    """Category O has no rate; a rate on another category defaults to 0 when left out (as BR-Z-05 etc. read it)."""
    if raw is None and cat.has_rate:
        return ZERO
    return raw


def exemptions_from(rows: list[tuple[VatCategory, str, str]]) -> tuple[VatExemption, ...]:
    """One exemption per category from the VAT breakdown's BT-120/BT-121 (first one wins)."""
    seen: dict[VatCategory, VatExemption] = {}
    for cat, reason, code in rows:
        if (reason or code) and cat not in seen:
            seen[cat] = VatExemption(cat, reason, code)
    return tuple(seen.values())
