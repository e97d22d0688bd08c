"""Contract-amendment red flags (Prozorro ari-1-1 and sas24-3-4), registered by the contracting layer: raised
when an amendment comes into force (the Celery task queued on commit of the second signature), stored per lot
of the contract, audited, shown to the buyer's officers, admins and auditors, never to the supplier."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils.translation import override

from contracting import services
from contracting.integrity import contract_flags_recompute
from marketplace.integrity import selectors
from marketplace.integrity.models import RedFlag
from marketplace.integrity.registry import REGISTRY, definitions
from organizations.models import AuditEntry, Organization
from tests.contracting.factories import deal
from tests.organizations.factories import UserFactory, with_platform_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def d(cpv, compliance_data):
    return deal(lots=2)


def amend(d, contract, *, signed=True, **change):
    """An amendment proposed by the officer; with `signed` both sides sign it and the on-commit task runs."""
    contract.refresh_from_db()
    revision = services.contract_amend(contract=contract, by=d.officer, reason="Change of needs", **change)
    if signed:
        services.contract_sign(revision=revision, by=d.officer)
        services.contract_sign(revision=revision, by=d.supplier_admin)
    contract.refresh_from_db()
    return revision


def flags(d) -> dict[str, dict[int, dict]]:
    found: dict[str, dict[int, dict]] = {}
    for flag in RedFlag.objects.filter(tender=d.tender, code__in=["AMEND_3", "PRICE_EXT"]):
        found.setdefault(flag.code, {})[flag.lot_id] = flag.figures
    return found


def test_definitions_come_from_the_contracting_layer_with_their_source():
    codes = {definition.code for definition in definitions("contracting")}
    assert codes == {"AMEND_3", "PRICE_EXT"}
    assert REGISTRY["AMEND_3"].source == "Prozorro ari-1-1"
    assert REGISTRY["AMEND_3"].source_url.endswith("/rules/ari_1_1.py")
    assert REGISTRY["PRICE_EXT"].source_url.endswith("/rules/sas24_3_4.py")
    assert all(REGISTRY[code].exclusions for code in codes)


def test_third_signed_amendment_flags_every_lot_of_the_contract(d, django_capture_on_commit_callbacks):
    contract = d.signed()
    lots = set(contract.lots.values_list("lot_id", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        amend(d, contract, value="100500")
        amend(d, contract, value="100400")
    assert "AMEND_3" not in flags(d)
    with django_capture_on_commit_callbacks(execute=True):
        amend(d, contract, value="100600", signed=False)  # proposed only: not in force, does not count
    assert "AMEND_3" not in flags(d)
    revision = contract.revisions.get(signed_at__isnull=True)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.contract_sign(revision=revision, by=d.officer)
        services.contract_sign(revision=revision, by=d.supplier_admin)
    assert callbacks, "the second signature queues the recompute on commit"
    found = flags(d)["AMEND_3"]
    assert set(found) == lots
    assert found[min(lots)] == {"contract": f"C-{contract.pk}", "amendments": 3, "revisions": [2, 3, 4]}
    entries = AuditEntry.objects.filter(action="integrity.flags_changed", object_id=str(d.tender.pk))
    changes = [
        entry.changes[f"AMEND_3 lot {min(lots)}"] for entry in entries if f"AMEND_3 lot {min(lots)}" in entry.changes
    ]
    assert changes == [[None, found[min(lots)]]]


def test_price_rise_and_extension_in_different_amendments(d, django_capture_on_commit_callbacks):
    contract = d.signed()
    signed_end = contract.period_end
    with django_capture_on_commit_callbacks(execute=True):
        amend(d, contract, value="130000")
    assert "PRICE_EXT" not in flags(d)  # a price rise alone
    with django_capture_on_commit_callbacks(execute=True):
        amend(d, contract, period_end=signed_end + timedelta(days=120))
    figures = next(iter(flags(d)["PRICE_EXT"].values()))
    assert figures == {
        "contract": f"C-{contract.pk}",
        "price_rise_revisions": [2],
        "extension_revisions": [3],
        "value_signed": "100000.00",
        "value_now": "130000.00",
        "period_end_signed": signed_end.isoformat(),
        "period_end_now": (signed_end + timedelta(days=120)).isoformat(),
    }


def test_unit_price_rise_with_extension_in_one_amendment(d, django_capture_on_commit_callbacks):
    contract = d.signed()
    lines = [
        {
            "description": line.description,
            "quantity": str(line.quantity),
            "unit": line.unit,
            "unit_price": str(line.unit_price * Decimal("1.1")),
            "lot": line.lot_id,
        }
        for line in contract.lines.order_by("position")
    ]
    with django_capture_on_commit_callbacks(execute=True):
        amend(d, contract, lines=lines, period_end=contract.period_end + timedelta(days=30))
    figures = next(iter(flags(d)["PRICE_EXT"].values()))
    assert figures["price_rise_revisions"] == [2]
    assert figures["extension_revisions"] == [2]


def test_cheaper_extension_is_not_a_price_rise(d, django_capture_on_commit_callbacks):
    contract = d.signed()
    with django_capture_on_commit_callbacks(execute=True):
        amend(d, contract, value="90000", period_end=contract.period_end + timedelta(days=60))
    assert flags(d) == {}


def test_buyer_that_is_not_a_contracting_authority_is_excluded(d, django_capture_on_commit_callbacks):
    # Prozorro's rules skip the procuring-entity kind "other": a company's own subcontract notice.
    Organization.objects.filter(pk=d.buyer.pk).update(kind="company")
    contract = d.signed()
    with django_capture_on_commit_callbacks(execute=True):
        for value in ("100100", "100200", "100300"):
            amend(d, contract, value=value)
    assert flags(d) == {}


def test_terminated_contract_keeps_its_flags(d, django_capture_on_commit_callbacks):
    contract = d.signed()
    with django_capture_on_commit_callbacks(execute=True):
        amend(d, contract, value="120000", period_end=contract.period_end + timedelta(days=30))
    services.contract_terminate(contract=contract, by=d.officer, reason="Supplier insolvent")
    assert contract_flags_recompute(contract_id=contract.pk) == {"PRICE_EXT": 2}
    assert contract_flags_recompute(contract_id=10**9) == {}


def test_contract_flags_are_read_by_officers_and_auditors_never_by_the_supplier(d, django_capture_on_commit_callbacks):
    contract = d.signed()
    with django_capture_on_commit_callbacks(execute=True):
        amend(d, contract, value="120000", period_end=contract.period_end + timedelta(days=30))
    auditor = with_platform_role(UserFactory(), "auditor")
    assert selectors.flags_visible_to(user=d.officer).filter(code="PRICE_EXT").count() == 2
    assert selectors.flags_visible_to(user=auditor).filter(code="PRICE_EXT").exists()
    assert not selectors.flags_visible_to(user=d.supplier_admin).exists()
    client = Client()
    client.force_login(d.officer)
    page = client.get(f"/marketplace/integrity/tenders/{d.tender.pk}/").content.decode()
    assert "Price rise together with an extension" in page
    assert "Prozorro sas24-3-4" in page
    assert f"C-{contract.pk}" in page
    with override("de"):
        page = client.get(f"/marketplace/integrity/tenders/{d.tender.pk}/", HTTP_ACCEPT_LANGUAGE="de").content
    assert "Preiserhöhung zusammen mit einer Verlängerung" in page.decode()
    client.force_login(d.supplier_admin)
    assert client.get(f"/marketplace/integrity/tenders/{d.tender.pk}/").status_code == 404
    assert client.get("/api/v1/integrity/flags/").json()["results"] == []
