"""How an EN 16931 invoice is paid: payment terms (BT-20) with XRechnung's Skonto lines, and payment instructions
(BG-16) with credit transfers. Frozen dataclasses, part of the semantic model in model.py."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .amounts import CENT, money


@dataclass(frozen=True)
class Skonto:
    """One early-payment discount, written as XRechnung's '#SKONTO#TAGE=n#PROZENT=n.nn#' line in BT-20."""

    days: int
    percent: Decimal
    base_amount: Decimal | None = None  # BASISBETRAG: when only part of BT-115 is discounted

    def line(self) -> str:
        text = f"#SKONTO#TAGE={self.days}#PROZENT={self.percent.quantize(CENT)}#"
        if self.base_amount is not None:
            text += f"BASISBETRAG={money(self.base_amount)}#"
        return text


_SKONTO = re.compile(r"^#SKONTO#TAGE=(\d+)#PROZENT=(\d+\.\d{2})#(?:BASISBETRAG=(-?\d+\.\d{2})#)?$")


@dataclass(frozen=True)
class PaymentTerms:
    """BT-20 payment terms: free text plus Skonto lines in XRechnung's syntax."""

    text: str = ""
    skonto: tuple[Skonto, ...] = ()

    @property
    def note(self) -> str:
        """BT-20 as written: the text, then each Skonto line ending in a line break (BR-DE-18 wants both)."""
        lines = [self.text] if self.text else []
        lines += [s.line() for s in self.skonto]
        return "\n".join(lines) + ("\n" if self.skonto else "")

    @classmethod
    def from_note(cls, note: str) -> PaymentTerms:
        text_lines, skonto = [], []
        for raw in note.splitlines():
            match = _SKONTO.match(raw.strip())
            if match:
                base = match.group(3)
                skonto.append(
                    Skonto(int(match.group(1)), Decimal(match.group(2)), Decimal(base) if base is not None else None)
                )
            else:
                text_lines.append(raw)
        return cls(text="\n".join(text_lines).strip("\n"), skonto=tuple(skonto))


@dataclass(frozen=True)
class CreditTransfer:
    """BG-17 an account to pay to."""

    iban: str  # BT-84 (IBAN for SEPA, or another account id)
    account_name: str = ""  # BT-85
    bic: str = ""  # BT-86


@dataclass(frozen=True)
class PaymentInstructions:
    """BG-16 payment instructions, with BG-17 credit transfers, BG-18 card, BG-19 direct debit."""

    means_code: str = "58"  # BT-81 (UNCL 4461: 58 SEPA credit transfer, 30 credit transfer, 59 direct debit)
    means_text: str = ""  # BT-82
    remittance_information: str = ""  # BT-83
    transfers: tuple[CreditTransfer, ...] = ()  # BG-17
    card_number: str = ""  # BT-87 (the last digits only, never a full card number)
    card_holder: str = ""  # BT-88
    mandate_reference: str = ""  # BT-89
    creditor_id: str = ""  # BT-90
    debited_account: str = ""  # BT-91
