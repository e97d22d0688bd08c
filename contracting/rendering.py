"""A contract revision as a PDF: the same revision always gives the same bytes, so its SHA-256 is what both
sides sign (the agreement signing of alliances, through the shared core/pdf.py).

The text is in the contract's language, fixed when it was drawn up and frozen in each revision's terms, never in
the reader's: a German officer and an English-speaking supplier download the same bytes and sign the same hash.
Revisions frozen before contracts had a language are English."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _

from core.pdf import pdf_section, signed_document_start

from .models import ContractRevision
from .units import unit_name


def _number(text: str, language: str) -> str:
    """Decimal comma in German; no thousands separators (the frozen strings keep every digit)."""
    return text.replace(".", ",") if language == "de" and text else text


def _day(iso: str, language: str) -> str:
    if language != "de":
        return iso
    year, month, day = iso.split("-")
    return f"{day}.{month}.{year}"


def _sections(terms: dict, language: str) -> list[tuple[str, str]]:
    currency = terms["currency"]

    def money(amount: str) -> str:
        return f"{_number(amount, language)} {currency}"

    members = terms["supplier"].get("members") or []
    parties = [
        _("- Buyer: %(name)s (%(country)s)") % terms["buyer"],
        _("- Supplier: %(name)s (%(country)s)") % terms["supplier"],
    ]
    parties += [_("- Consortium member: %(name)s (%(role)s)") % member for member in members]
    subject = [_("Tender: %(title)s (ALX tender %(id)s)") % terms["tender"]]
    subject += [_("- Lot %(number)s: %(title)s") % lot for lot in terms["lots"]]
    value = [_("Contract value: %(value)s.") % {"value": money(terms["value"])}]
    if terms.get("framework"):
        ceiling = []
        if terms.get("max_value"):
            ceiling.append(_("a total value of %(value)s") % {"value": money(terms["max_value"])})
        if terms.get("max_quantity"):
            ceiling.append(
                _("a total quantity of %(quantity)s") % {"quantity": _number(terms["max_quantity"], language)}
            )
        value.append(
            _("This is a framework contract: the buyer calls off orders, which together never exceed %(ceiling)s.")
            % {
                "ceiling": _("%(first)s and %(second)s") % {"first": ceiling[0], "second": ceiling[1]}
                if len(ceiling) == 2
                else (ceiling or [_("the contract value")])[0]
            }
        )
    lines = [
        "| " + " | ".join([_("Line"), _("Description"), _("Quantity"), _("Unit"), _("Unit price"), _("Amount")]) + " |"
    ]
    lines += [
        f"| {line['position']} | {line['description']} | {_number(line['quantity'], language)} "
        f"| {line['unit']} ({unit_name(line['unit'])}) | {_number(line['unit_price'], language)} "
        f"| {_number(line['amount'], language)} |"
        for line in terms["lines"]
    ]
    period = [
        _("From %(start)s to %(end)s.")
        % {"start": _day(terms["period_start"], language), "end": _day(terms["period_end"], language)}
    ]
    period += [_("- Delivery place: %(place)s") % {"place": place} for place in terms["delivery_places"]]
    payment = [_("Payment within %(days)s days of a correct invoice.") % {"days": terms["payment_days"]}]
    if terms.get("skonto_percent") and terms["skonto_percent"] not in ("0", "0.00"):
        payment.append(
            _("Skonto: %(percent)s %% for payment within %(days)s days.")
            % {"percent": _number(terms["skonto_percent"], language), "days": terms["skonto_days"]}
        )
    documents = [f"- {doc['name']} (SHA-256 {doc['sha256']})" for doc in terms["documents"]] or [
        _("No tender documents.")
    ]
    return [
        (_("Parties"), "\n".join(parties)),
        (_("Subject"), "\n\n".join([subject[0], "\n".join(subject[1:])])),
        (_("Value"), "\n\n".join(value)),
        (_("Price schedule"), "\n".join(lines)),
        (_("Period and delivery places"), "\n\n".join([period[0], "\n".join(period[1:])])),
        (_("Payment terms"), "\n\n".join(payment)),
        (_("Tender documents (part of the contract)"), "\n".join(documents)),
    ]


def contract_render_pdf(*, revision: ContractRevision, compress: bool = True) -> bytes:
    """The revision's frozen terms as a PDF in the contract's language; `compress=False` leaves the text readable
    for tests."""
    terms = revision.terms
    language = terms.get("language", "en")
    with translation.override(language):
        title = _("Contract C-%(id)s: %(title)s") % {"id": revision.contract_id, "title": terms["title"]}
        subtitle = (
            _("Revision %(number)s (amendment: %(reason)s)") if revision.reason else _("Revision %(number)s")
        ) % {"number": revision.number, "reason": revision.reason}
        pdf = signed_document_start(
            title=title,
            subtitle=subtitle,
            footer=f"C-{revision.contract_id} r{revision.number}",
            page_words=_("page {page} of {pages}"),
            created_at=revision.created_at,
            language=language,
            compress=compress,
        )
        for number, (heading, text) in enumerate(_sections(terms, language), start=1):
            pdf_section(pdf, f"{number}. {heading}", text)
        return bytes(pdf.output())
