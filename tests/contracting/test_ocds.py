"""Contracts as OCDS 1.1: the contract release (contract, amendments, deliveries as implementation milestones)
validates offline against the OCDS 1.1.5 release-package schema in /work/shared/data/ocds (with the lots and bids
extensions the package declares) and shares the tender's ocid."""

import pytest
from django.utils import timezone

from contracting import services
from contracting.ocds import contract_release_package
from marketplace.models import ChangeEvent, OcdsRelease
from marketplace.ocds import ocid_for, party_id
from tests.contracting.factories import deal, photo
from tests.marketplace.test_ocds import errors as ocds_errors

pytestmark = pytest.mark.django_db


def test_contract_release_with_amendment_and_delivery_milestones_validates(cpv, compliance_data, client_for):
    d = deal()
    contract = d.signed(framework=True)
    revision = services.contract_amend(
        contract=contract, by=d.officer, reason="More storage", value="60000", max_value="60000"
    )
    services.contract_sign(revision=revision, by=d.officer)
    services.contract_sign(revision=revision, by=d.supplier_admin)
    order = d.confirmed_order(contract)
    delivery = d.delivery(order, quantity="4")
    services.proof_record(
        delivery=delivery,
        by=d.supplier_member,
        receiver_name="Weber",
        received_at=timezone.now(),
        place="Munster",
        upload=photo(),
    )
    d.delivery(order, quantity="6")
    package = client_for(d.buyer_member).get(f"/api/v1/contracting/contracts/{contract.pk}/ocds/").json()
    # the standard's schema with both extensions, every object closed to fields OCDS does not define
    assert not ocds_errors("release-package", package)
    release = package["releases"][0]
    assert release["ocid"] == ocid_for(tender=d.tender)
    assert release["tag"] == ["contract", "contractAmendment", "implementation"]
    body = release["contracts"][0]
    assert body["status"] == "active"
    assert body["value"] == {"amount": 60000, "currency": "EUR"}
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


def _record(client, tender) -> dict:
    return client.get(f"/api/v1/marketplace/tenders/{tender.pk}/ocds-record/").json()


def _release_feed(client) -> list[dict]:
    releases, url = [], "/api/v1/marketplace/ocds-releases/?page_size=50"
    while (page := client.get(url).json())["package"] is not None:
        releases += page["package"]["releases"]
        url = page["next"]
    return releases


def test_a_draft_contract_is_not_public_until_both_sides_signed(cpv, compliance_data, client_for):
    d = deal()
    contract = d.draft()
    services.contract_sign(revision=contract.revisions.get(), by=d.officer)  # one side only
    public = client_for(d.stranger)
    record = _record(public, d.tender)
    assert not ocds_errors("record-package", record)
    assert "contracts" not in record["records"][0]["compiledRelease"]
    assert not any("contracts" in release for release in _release_feed(public))
    assert not OcdsRelease.objects.filter(contract_id=contract.pk).exists()
    assert not ChangeEvent.objects.filter(subject="contract", subject_id=contract.pk).exists()
    services.contract_terminate(contract=contract, by=d.officer, reason="Supplier withdrew")
    assert not OcdsRelease.objects.filter(contract_id=contract.pk).exists()  # a draft never signed stays private


def test_the_tenders_record_has_the_signed_contract_its_amendment_and_deliveries(cpv, compliance_data, client_for):
    d = deal()
    contract = d.signed(framework=True)
    revision = services.contract_amend(
        contract=contract, by=d.officer, reason="More storage", value="60000", max_value="60000"
    )
    public = client_for(d.stranger)  # open data: anyone signed in, not only the parties
    pending = _record(public, d.tender)["records"][0]["compiledRelease"]["contracts"][0]
    assert "amendments" not in pending
    assert pending["value"]["amount"] == 50000
    services.contract_sign(revision=revision, by=d.officer)
    services.contract_sign(revision=revision, by=d.supplier_admin)
    order = d.confirmed_order(contract)
    delivery = d.delivery(order, quantity="4")
    services.proof_record(
        delivery=delivery,
        by=d.supplier_member,
        receiver_name="Weber",
        received_at=timezone.now(),
        place="Munster",
        upload=photo(),
    )
    record = _record(public, d.tender)
    assert not ocds_errors("record-package", record)  # OCDS 1.1.5, lots and bids extensions, closed objects
    [entry] = record["records"]
    tags = [release["tag"] for release in entry["releases"]]
    assert tags[0] == ["tender"]
    assert ["contract"] in tags
    assert ["contractAmendment"] in tags
    assert tags[-2:] == [["implementation"], ["implementationUpdate"]]
    compiled = entry["compiledRelease"]
    [body] = compiled["contracts"]
    assert body["id"] == f"contract-{contract.pk}"
    assert body["status"] == "active"
    assert body["value"] == {"amount": 60000, "currency": "EUR"}
    assert [a["rationale"] for a in body["amendments"]] == ["More storage"]
    assert [(m["id"], m["status"]) for m in body["implementation"]["milestones"]] == [
        (f"delivery-{delivery.pk}", "met")
    ]
    assert {doc["documentType"] for doc in body["documents"]} == {"contractSigned"}
    buyer = next(p for p in compiled["parties"] if p["id"] == party_id(organization=d.buyer))
    assert set(buyer["roles"]) == {"buyer", "procuringEntity"}  # the contract release keeps the tender's roles
    supplier = next(p for p in compiled["parties"] if p["id"] == party_id(organization=d.supplier))
    assert {"tenderer", "supplier"} <= set(supplier["roles"])
    ours = [r for r in _release_feed(public) if r["ocid"] == ocid_for(tender=d.tender)]
    assert ours == entry["releases"]  # the release feed carries the same releases


def test_a_termination_is_published_with_its_reason(cpv, compliance_data, client_for):
    d = deal()
    contract = d.signed()
    services.contract_terminate(contract=contract, by=d.officer, reason="Unit relocated")
    release = _record(client_for(d.stranger), d.tender)["records"][0]["releases"][-1]
    assert release["tag"] == ["contractTermination"]
    assert release["contracts"][0]["status"] == "terminated"
    assert release["contracts"][0]["description"] == "Terminated: Unit relocated"
    events = ChangeEvent.objects.filter(subject="contract", subject_id=contract.pk).order_by("id")
    # one test transaction: the weightiest event of it wins (test_ocds_feed commits)
    assert list(events.values_list("kind", flat=True)) == ["contract_terminated"]


def test_a_bulk_batch_that_delivers_publishes_one_implementation_release(cpv, compliance_data, client_for):
    d = deal()
    contract = d.signed()
    order = d.confirmed_order(contract)
    first, second = d.delivery(order, quantity="4"), d.delivery(order, quantity="6")
    before = OcdsRelease.objects.filter(contract_id=contract.pk).count()
    moment = timezone.now().isoformat()
    services.tracking_ingest(
        by=d.supplier_member,
        events=[
            {"delivery": delivery.pk, "external_id": f"tm-{delivery.pk}", "kind": "delivered", "occurred_at": moment}
            for delivery in (first, second)
        ],
    )
    assert OcdsRelease.objects.filter(contract_id=contract.pk).count() == before + 1
    in_transit = [{"delivery": first.pk, "external_id": "tm-late", "kind": "in_transit", "occurred_at": moment}]
    services.tracking_ingest(by=d.supplier_member, events=in_transit)  # says nothing new to OCDS: no release
    assert OcdsRelease.objects.filter(contract_id=contract.pk).count() == before + 1
    record = client_for(d.stranger).get(f"/api/v1/marketplace/tenders/{d.tender.pk}/ocds-record/").json()
    milestones = record["records"][0]["compiledRelease"]["contracts"][0]["implementation"]["milestones"]
    assert [m["status"] for m in milestones] == ["met", "met"]
