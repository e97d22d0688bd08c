"""A contract revision as a PDF: the same revision always gives the same bytes, so its SHA-256 is what both
sides sign (the agreement signing of alliances, through the shared config/pdf.py)."""

from __future__ import annotations

from config.pdf import pdf_section, signed_document_start

from .models import ContractRevision
from .units import unit_name


def _money(amount: str, currency: str) -> str:
    return f"{amount} {currency}"


def _sections(terms: dict) -> list[tuple[str, str]]:
    currency = terms["currency"]
    members = terms["supplier"].get("members") or []
    parties = [f"- Buyer: {terms['buyer']['name']} ({terms['buyer']['country']})",
               f"- Supplier: {terms['supplier']['name']} ({terms['supplier']['country']})"]
    parties += [f"- Consortium member: {member['name']} ({member['role']})" for member in members]
    subject = [f"Tender: {terms['tender']['title']} (ALX tender {terms['tender']['id']})"]
    subject += [f"- Lot {lot['number']}: {lot['title']}" for lot in terms["lots"]]
    value = [f"Contract value: {_money(terms['value'], currency)}."]
    if terms.get("framework"):
        ceiling = []
        if terms.get("max_value"):
            ceiling.append(f"a total value of {_money(terms['max_value'], currency)}")
        if terms.get("max_quantity"):
            ceiling.append(f"a total quantity of {terms['max_quantity']}")
        value.append("This is a framework contract: the buyer calls off orders, which together never exceed "
                     + " and ".join(ceiling or ["the contract value"]) + ".")
    lines = ["| Line | Description | Quantity | Unit | Unit price | Amount |"]
    lines += [f"| {line['position']} | {line['description']} | {line['quantity']} | {line['unit']} "
              f"({unit_name(line['unit'])}) | {line['unit_price']} | {line['amount']} |" for line in terms["lines"]]
    period = [f"From {terms['period_start']} to {terms['period_end']}."]
    period += [f"- Delivery place: {place}" for place in terms["delivery_places"]]
    payment = [f"Payment within {terms['payment_days']} days of a correct invoice."]
    if terms.get("skonto_percent") and terms["skonto_percent"] not in ("0", "0.00"):
        payment.append(f"Skonto: {terms['skonto_percent']} % for payment within {terms['skonto_days']} days.")
    documents = [f"- {doc['name']} (SHA-256 {doc['sha256']})" for doc in terms["documents"]] or [
        "No tender documents."]
    return [("Parties", "\n".join(parties)), ("Subject", "\n\n".join([subject[0], "\n".join(subject[1:])])),
            ("Value", "\n\n".join(value)), ("Price schedule", "\n".join(lines)),
            ("Period and delivery places", "\n\n".join([period[0], "\n".join(period[1:])])),
            ("Payment terms", "\n\n".join(payment)), ("Tender documents (part of the contract)", "\n".join(documents))]


def contract_render_pdf(*, revision: ContractRevision, compress: bool = True) -> bytes:
    """The revision's frozen terms as a PDF; `compress=False` leaves the text readable for tests."""
    terms = revision.terms
    title = f"Contract C-{revision.contract_id}: {terms['title']}"
    subtitle = f"Revision {revision.number}" + (f" (amendment: {revision.reason})" if revision.reason else "")
    pdf = signed_document_start(title=title, subtitle=subtitle, footer=f"C-{revision.contract_id} r{revision.number}",
                                page_words="page {page} of {pages}", created_at=revision.created_at, language="en",
                                compress=compress)
    for number, (heading, text) in enumerate(_sections(terms), start=1):
        pdf_section(pdf, f"{number}. {heading}", text)
    return bytes(pdf.output())
