"""Contracts as OCDS 1.1: the contract release (contract, amendments, deliveries as implementation milestones)
validates offline against the OCDS 1.1.5 release-package schema in /work/shared/data/ocds (with the lots and bids
extensions the package declares) and shares the tender's ocid."""


import pytest
from django.utils import timezone

from contracting import services
from contracting.ocds import contract_release_package
from marketplace.ocds import ocid_for
from tests.contracting.factories import deal, photo
from tests.marketplace.test_ocds import errors as ocds_errors

pytestmark = pytest.mark.django_db


def test_contract_release_with_amendment_and_delivery_milestones_validates(cpv, compliance_data, client_for):
    d = deal()
    contract = d.signed(framework=True)
    revision = services.contract_amend(contract=contract, by=d.officer, reason="More storage", value="60000",
                                       max_value="60000")
    services.contract_sign(revision=revision, by=d.officer)
    services.contract_sign(revision=revision, by=d.supplier_admin)
    order = d.confirmed_order(contract)
    delivery = d.delivery(order, quantity="4")
    services.proof_record(delivery=delivery, by=d.supplier_member, receiver_name="Weber", received_at=timezone.now(),
                          place="Munster", upload=photo())
    d.delivery(order, quantity="6")
    package = client_for(d.buyer_member).get(f"/api/v1/contracting/contracts/{contract.pk}/ocds/").json()
    # the standard's schema with both extensions, every object closed to fields OCDS does not define
    assert not ocds_errors("release-package", package)
    release = package["releases"][0]
    assert release["ocid"] == ocid_for(tender=d.tender)
    assert release["tag"] == ["contract", "contractAmendment", "implementation"]
    body = release["contracts"][0]
    assert body["status"] == "active" and body["value"] == {"amount": 60000, "currency": "EUR"}
    assert body["amendments"][0]["rationale"] == "More storage"
    milestones = body["implementation"]["milestones"]
    assert [(m["type"], m["status"]) for m in milestones] == [("delivery", "met"), ("delivery", "scheduled")]
    assert {p["roles"][0] for p in release["parties"]} == {"buyer", "supplier"}


def test_the_ocds_endpoint_is_for_the_parties_only(cpv, compliance_data, client_for):
    d = deal()
    contract = d.signed()
    assert client_for(d.stranger).get(f"/api/v1/contracting/contracts/{contract.pk}/ocds/").status_code == 404
    package = contract_release_package(contract=contract)
    assert not ocds_errors("release-package", package)
