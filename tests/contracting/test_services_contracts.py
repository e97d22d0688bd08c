"""Contracts from final awards: drafting, signing by both sides (PDF SHA-256), amendments with diff and new
signatures, termination."""

import hashlib
from datetime import timedelta
from decimal import Decimal

import pytest

from contracting import services
from contracting.models import ContractState
from contracting.rendering import contract_render_pdf
from core.api.errors import status_for
from core.errors import ApplicationError
from marketplace.models import Award
from tests.contracting.factories import deal

pytestmark = pytest.mark.django_db


@pytest.fixture
def d(cpv, compliance_data):
    return deal(lots=2)


def test_contract_is_drafted_from_the_final_awards_with_lines_terms_and_documents(d):
    contract = d.draft(payment_days=30, skonto_percent=Decimal("2"), skonto_days=10)
    assert contract.state == ContractState.DRAFT
    assert (contract.buyer, contract.supplier) == (d.buyer, d.supplier)
    assert contract.value == Decimal("100000.00")
    assert sorted(contract.lots.values_list("lot__number", flat=True)) == [1, 2]
    lines = list(contract.lines.order_by("position"))
    assert [(line.quantity, line.unit, line.unit_price) for line in lines] == [
        (Decimal("100.000"), "XPX", Decimal("500.0000"))
    ] * 2
    revision = contract.revisions.get()
    assert revision.terms["payment_days"] == 30
    assert revision.terms["skonto_percent"] == "2"
    assert revision.pdf_sha256 == hashlib.sha256(contract_render_pdf(revision=revision)).hexdigest()
    text = contract_render_pdf(revision=revision, compress=False).decode("latin-1")
    assert "Nordlicht Logistik GmbH" in text
    assert "Skonto: 2 %" in text


def test_an_award_leads_to_one_contract_and_only_final_awards_count(d):
    d.draft()
    with pytest.raises(ApplicationError) as error:
        d.draft()
    assert error.value.errors == {"supplier": [error.value.message]}
    Award.objects.update(state="proposed")


def test_both_sides_sign_and_the_contract_becomes_active(d):
    contract = d.draft()
    revision = contract.revisions.get()
    with pytest.raises(ApplicationError) as error:
        services.contract_sign(revision=revision, by=d.stranger)
    assert status_for(error.value.code) == 403
    assert "organization" in error.value.errors
    with pytest.raises(ApplicationError) as error:
        services.contract_sign(revision=revision, by=d.supplier_member)  # a member, not an administrator
    assert status_for(error.value.code) == 403
    with pytest.raises(ApplicationError) as error:
        services.contract_sign(revision=revision, by=d.officer, pdf_sha256="0" * 64)
    assert "pdf_sha256" in error.value.errors
    services.contract_sign(revision=revision, by=d.officer, pdf_sha256=revision.pdf_sha256)
    contract.refresh_from_db()
    assert contract.state == ContractState.DRAFT
    services.contract_sign(revision=revision, by=d.supplier_admin)
    contract.refresh_from_db()
    assert contract.state == ContractState.ACTIVE
    assert contract.signed_at is not None
    assert {s.organization for s in revision.signatures.all()} == {d.buyer, d.supplier}
    assert all(s.pdf_sha256 == revision.pdf_sha256 for s in revision.signatures.all())


def test_amendment_has_a_reason_a_diff_and_comes_into_force_when_both_sign(d):
    contract = d.signed(framework=True)
    assert contract.can_be_amended
    with pytest.raises(ApplicationError) as error:
        services.contract_amend(contract=contract, by=d.officer, reason="", value="120000")
    assert "reason" in error.value.errors
    new_end = contract.period_end + timedelta(days=90)
    revision = services.contract_amend(
        contract=contract,
        by=d.officer,
        reason="Exercise extended",
        value="120000",
        max_value="120000",
        period_end=new_end,
    )
    assert revision.number == 2
    assert revision.diff["value"] == ["100000.00", "120000.00"]
    assert revision.diff["period_end"] == [contract.period_end.isoformat(), new_end.isoformat()]
    contract.refresh_from_db()
    assert not contract.can_be_amended  # one pending amendment at a time
    assert contract.value == Decimal("100000.00")  # not in force before both sign
    services.contract_sign(revision=revision, by=d.supplier_admin)
    services.contract_sign(revision=revision, by=d.officer)
    contract.refresh_from_db()
    assert (contract.value, contract.max_value, contract.period_end) == (Decimal("120000"), Decimal("120000"), new_end)


def test_amended_lines_replace_the_price_schedule(d):
    contract = d.signed()
    revision = services.contract_amend(
        contract=contract,
        by=d.supplier_admin,
        reason="Split storage",
        lines=[
            {"description": "Storage", "quantity": "200", "unit": "XPX", "unit_price": "400"},
            {"description": "Handling", "quantity": "50", "unit": "HUR", "unit_price": "60"},
        ],
    )
    assert "lines" in revision.diff
    with pytest.raises(ApplicationError) as error:
        services.contract_amend(
            contract=contract,
            by=d.officer,
            reason="x",
            lines=[{"description": "Bad", "quantity": "1", "unit": "XYZ", "unit_price": "1"}],
        )
    assert "lines.0.unit" in error.value.errors or status_for(error.value.code) == 409
    services.contract_sign(revision=revision, by=d.officer)
    services.contract_sign(revision=revision, by=d.supplier_admin)
    assert list(contract.lines.order_by("position").values_list("unit", flat=True)) == ["XPX", "HUR"]


def test_termination_needs_the_buyer_and_a_reason(d):
    contract = d.signed()
    with pytest.raises(ApplicationError):
        services.contract_terminate(contract=contract, by=d.supplier_admin, reason="No")
    with pytest.raises(ApplicationError) as error:
        services.contract_terminate(contract=contract, by=d.officer, reason=" ")
    assert "reason" in error.value.errors
    services.contract_terminate(contract=contract, by=d.officer, reason="Budget withdrawn")
    contract.refresh_from_db()
    assert contract.state == ContractState.TERMINATED
    assert contract.termination_reason == "Budget withdrawn"
