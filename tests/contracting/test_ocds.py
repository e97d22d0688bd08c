"""Contracts as OCDS 1.1: the contract release (contract, amendments, deliveries as implementation milestones)
validates offline against the OCDS 1.1.5 release-package schema in /work/shared/data/ocds (with the lots and bids
extensions the package declares) and shares the tender's ocid."""

import json
from functools import cache
from pathlib import Path

import pytest
from django.utils import timezone
from jsonschema import Draft4Validator
from referencing import Registry
from referencing.jsonschema import DRAFT4

from contracting import services
from contracting.ocds import contract_release_package
from marketplace.ocds import SCHEMA_DIR, ocid_for
from tests.contracting.factories import deal, photo
from tests.marketplace.test_ocds import merge_patch

pytestmark = pytest.mark.django_db
SHARED = Path("/work/shared/data/ocds")


@cache
def _validator() -> Draft4Validator:
    folder = SHARED if (SHARED / "release-schema.json").exists() else SCHEMA_DIR

    def load(name):
        return json.loads((folder / name).read_text(encoding="utf-8"))

    release = load("release-schema.json")
    for extension in ("lots", "bids"):
        release = merge_patch(release, load(f"extensions/{extension}/release-schema.json"))
    package = load("release-package-schema.json")
    registry = Registry().with_resources((s["id"], DRAFT4.create_resource(s)) for s in (release, package))
    return Draft4Validator(package, registry=registry, format_checker=Draft4Validator.FORMAT_CHECKER)


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
    errors = sorted(_validator().iter_errors(package), key=str)
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
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
    assert not list(_validator().iter_errors(package))
