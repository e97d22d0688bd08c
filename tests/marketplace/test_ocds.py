"""OCDS export: packages validate offline against OCDS 1.1.5 with the lots and bids extensions; bids stay sealed."""

import copy
import json
from datetime import timedelta
from decimal import Decimal
from functools import cache

import ocdsmerge
import pytest
from django.utils import timezone
from jsonschema import Draft4Validator
from referencing import Registry
from referencing.jsonschema import DRAFT4

from marketplace import ocds, services
from marketplace.models import Tender
from tests.marketplace import libcove
from tests.marketplace.factories import (
    buyer_with_officer,
    pass_deadline,
    published_tender,
    sme_with_member,
    submitted_bid,
    tender_data,
)

pytestmark = pytest.mark.django_db

BASE = "https://standard.open-contracting.org/schema/1__1__5/"
URI = "https://alx.example.eu/api/ocds/"


# The two extensions as the data README names them (the bid extension's repository is singular).
EXTENSION_URLS = [
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/v1.1.5/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_bid_extension/v1.1.5/extension.json",
]


def _load(name: str) -> dict:
    return json.loads((ocds.SCHEMA_DIR / name).read_text(encoding="utf-8"))


def _closed(schema):
    """The schema with every object closed (additionalProperties false where it says nothing), so a field the
    standard does not define fails validation instead of passing unnoticed."""
    if isinstance(schema, list):
        return [_closed(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    closed = {key: _closed(value) for key, value in schema.items()}
    if "properties" in closed and "additionalProperties" not in closed:
        closed["additionalProperties"] = False
    return closed


@cache
def _validators() -> dict[str, Draft4Validator]:
    schemas = {
        "release": _closed(ocds.release_schema()),
        "release-package": _load("release-package-schema.json"),
        "record-package": _load("record-package-schema.json"),
    }
    registry = Registry().with_resources((schema["id"], DRAFT4.create_resource(schema)) for schema in schemas.values())
    assert set(registry) == {f"{BASE}{name}-schema.json" for name in schemas}
    return {
        name: Draft4Validator(schema, registry=registry, format_checker=Draft4Validator.FORMAT_CHECKER)
        for name, schema in schemas.items()
    }


def errors(kind: str, document: dict) -> list[str]:
    """Validation errors of the document as it would travel (through JSON), so Decimals or datetimes fail too."""
    as_json = json.loads(json.dumps(document))
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in _validators()[kind].iter_errors(as_json)]


@pytest.fixture
def buyer(compliance_data):
    return buyer_with_officer()


@pytest.fixture
def in_evaluation(buyer):
    """Two lots; the first SME bids on both, the second undercuts it on lot 1, a third withdraws its bid;
    lot 1's award is proposed."""
    org, officer = buyer
    tender = published_tender(org, officer)
    first, first_member = sme_with_member()
    second, second_member = sme_with_member()
    submitted_bid(tender, first, first_member, prices=(Decimal("1000"), Decimal("2000.50")))
    submitted_bid(tender, second, second_member, prices=(Decimal("900"),))
    third, third_member = sme_with_member()
    services.bid_withdraw(bid=submitted_bid(tender, third, third_member, prices=(Decimal("1"),)), by=third_member)
    tender = pass_deadline(tender)
    lot1, lot2 = tender.lots.order_by("number")
    services.award_propose(lot=lot1, by=officer)
    return tender, officer, first, second, lot2


def _party(release: dict, organization) -> dict:
    return next(p for p in release["parties"] if p["id"] == ocds.party_id(organization=organization))


def test_release_package_validates_with_lots_bids_and_a_proposed_award(in_evaluation):
    tender, _officer, first, second, _lot2 = in_evaluation
    release = ocds.tender_release(tender=tender)
    package = ocds.release_package(releases=[release], uri=URI)
    assert errors("release-package", package) == []
    assert package["extensions"] == EXTENSION_URLS
    assert package["version"] == "1.1"
    assert package["publisher"]["name"] == "ALX — Allied Logistics Exchange"
    assert release["tag"] == ["award"]
    assert release["language"] == "en"
    assert release["ocid"] == f"ocds-alx000-{tender.pk}"
    body = release["tender"]
    assert body["status"] == "active"
    assert body["procurementMethod"] == "open"
    assert body["mainProcurementCategory"] == "services"  # CPV 63120000
    assert "classification" not in body  # not an OCDS 1.1.5 tender field: the CPV codes sit on the items
    assert [item["classification"]["id"] for item in body["items"]] == [
        lot.cpv_id for lot in tender.lots.order_by("number")
    ]
    main = {"scheme": "CPV", "id": "63120000", "description": tender.main_cpv.title}
    assert all(item.get("additionalClassifications", [main]) == [main] for item in body["items"])
    assert [lot["id"] for lot in body["lots"]] == ["lot-1", "lot-2"]
    assert [item["relatedLot"] for item in body["items"]] == ["lot-1", "lot-2"]
    assert body["numberOfTenderers"] == 2
    bids = {bid["tenderers"][0]["id"]: bid for bid in release["bids"]["details"]}
    assert bids[ocds.party_id(organization=first)]["value"] == {"amount": 3000.5, "currency": "EUR"}
    assert bids[ocds.party_id(organization=first)]["relatedLots"] == ["lot-1", "lot-2"]
    assert [bid["status"] for bid in release["bids"]["details"]] == ["valid", "valid", "withdrawn"]
    assert "value" not in release["bids"]["details"][2]  # a withdrawn bid's price is never opened
    [award] = release["awards"]
    assert award["status"] == "pending"
    assert award["relatedLots"] == ["lot-1"]
    assert award["suppliers"] == [{"id": ocds.party_id(organization=second), "name": second.legal_name}]
    assert award["value"] == {"amount": 900, "currency": "EUR"}
    assert _party(release, tender.buyer)["roles"] == ["buyer", "procuringEntity"]
    assert _party(release, second)["roles"] == ["tenderer", "supplier"]
    assert _party(release, first)["roles"] == ["tenderer"]


def test_bids_are_sealed_before_the_deadline_and_until_opened(buyer):
    org, officer = buyer
    tender = published_tender(org, officer)
    sme, member = sme_with_member()
    submitted_bid(tender, sme, member)
    services.tender_update(tender=tender, by=officer, description="More detail", reason="Clarified the scope")
    release = ocds.tender_release(tender=tender)
    assert errors("release-package", ocds.release_package(releases=[release], uri=URI)) == []
    assert "bids" not in release
    assert "awards" not in release
    assert "numberOfTenderers" not in release["tender"]
    assert "tenderers" not in release["tender"]
    assert [p["roles"] for p in release["parties"]] == [["buyer", "procuringEntity"]]
    assert sme.legal_name not in json.dumps(release)
    assert release["tag"] == ["tenderUpdate"]
    assert release["tender"]["amendments"][0]["rationale"] == "Clarified the scope"
    # The deadline passed by the clock but the bids were not opened yet: still sealed.
    past = timezone.now() - timedelta(minutes=1)
    Tender.objects.filter(pk=tender.pk).update(enquiry_deadline=past, submission_deadline=past, opening_at=past)
    assert sme.legal_name not in json.dumps(ocds.tender_release(tender=tender))


def test_record_keeps_every_release_and_compiles_them_like_ocdsmerge(in_evaluation):
    tender, officer, first, second, lot2 = in_evaluation
    services.award_propose(lot=lot2, by=officer)
    services.awards_finalise(now=timezone.now() + timedelta(days=30))
    tender.refresh_from_db()
    assert tender.state == "awarded"
    releases = services.tender_releases(tender=tender)
    package = ocds.record_package(releases=releases, uri=URI)
    assert errors("record-package", package) == []
    for release in releases:
        assert errors("release-package", ocds.release_package(releases=[release], uri=URI)) == [], release["tag"]
    [record] = package["records"]
    tags = [release["tag"] for release in record["releases"]]
    assert tags[0] == ["tender"]
    assert ["tenderUpdate"] in tags
    assert tags[-1] == ["award"]
    assert len({release["id"] for release in record["releases"]}) == len(tags)
    assert record["releases"][0]["tender"]["status"] == "active"
    assert "awards" not in record["releases"][0]
    assert record["ocid"] == record["compiledRelease"]["ocid"] == ocds.ocid_for(tender=tender)
    compiled = record["compiledRelease"]
    assert compiled["tag"] == ["compiled"]
    assert compiled == ocdsmerge.Merger(schema=ocds.release_schema()).create_compiled_release(record["releases"])
    assert compiled["tender"]["status"] == "complete"
    awards = {award["relatedLots"][0]: award for award in compiled["awards"]}
    assert {a["status"] for a in awards.values()} == {"active"}
    assert awards["lot-1"]["suppliers"][0]["id"] == ocds.party_id(organization=second)
    assert awards["lot-2"]["suppliers"][0]["id"] == ocds.party_id(organization=first)
    assert "supplier" in _party(compiled, second)["roles"]
    assert "supplier" in _party(compiled, first)["roles"]
    assert {lot["status"] for lot in compiled["tender"]["lots"]} == {"complete"}
    assert services.tender_releases(tender=tender) == releases  # reading publishes nothing new


def test_draft_tenders_are_refused(buyer):
    org, officer = buyer
    draft = services.tender_create(buyer=org, by=officer, **tender_data())
    with pytest.raises(ValueError, match="Draft tenders are not published"):
        ocds.tender_release(tender=draft)
    assert services.tender_releases(tender=draft) == []
    with pytest.raises(ValueError, match="at least one release"):
        ocds.record_package(releases=[], uri=URI)


def test_cancelled_tender_keeps_bids_sealed(buyer):
    org, officer = buyer
    tender = published_tender(org, officer)
    sme, member = sme_with_member()
    submitted_bid(tender, sme, member)
    services.tender_cancel(tender=tender, reason="Budget withdrawn", by=officer)
    release = ocds.tender_release(tender=tender)
    assert errors("release-package", ocds.release_package(releases=[release], uri=URI)) == []
    assert release["tag"] == ["tenderCancellation"]
    assert release["tender"]["status"] == "cancelled"
    assert "bids" not in release


def test_ocid_prefix_comes_from_the_setting(buyer, settings):
    settings.OCDS_OCID_PREFIX = "ocds-zz9test"
    tender = published_tender(*buyer)
    release = ocds.tender_release(tender=tender)
    assert release["ocid"] == f"ocds-zz9test-{tender.pk}"
    assert release["id"].startswith(release["ocid"])


def test_validation_fails_on_broken_releases(in_evaluation):
    """Guard against vacuous passes: core codes, extension codes (so the patches are applied) and types."""
    release = ocds.tender_release(tender=in_evaluation[0])
    assert errors("release-package", ocds.release_package(releases=[release], uri=URI)) == []
    breakages = {
        "tender.status": lambda r: r["tender"].__setitem__("status", "open"),
        "lot status (lots extension)": lambda r: r["tender"]["lots"][0].__setitem__("status", "open"),
        "bid status (bids extension)": lambda r: r["bids"]["details"][0].__setitem__("status", "accepted"),
        "bid without id (bids extension)": lambda r: r["bids"]["details"][0].pop("id"),
        "tag": lambda r: r.__setitem__("tag", ["tenderOpened"]),
        "amount as text": lambda r: r["awards"][0]["value"].__setitem__("amount", "900"),
        "missing ocid": lambda r: r.pop("ocid"),
        "tender.classification (not OCDS 1.1.5)": lambda r: r["tender"].__setitem__("classification", {}),
        "unknown field on a bid": lambda r: r["bids"]["details"][0].__setitem__("price", 1),
    }
    for name, breaks in breakages.items():
        broken = copy.deepcopy(release)
        breaks(broken)
        assert errors("release-package", ocds.release_package(releases=[broken], uri=URI)), name
    record = {"ocid": release["ocid"], "releases": [release], "compiledRelease": copy.deepcopy(release)}
    record["compiledRelease"]["awards"][0]["status"] = "won"
    package = {**ocds.release_package(releases=[release], uri=URI), "records": [record]}
    del package["releases"]
    assert errors("record-package", package)


def test_release_feed_lists_every_release_once_and_the_record_compiles_from_them(in_evaluation, client_for):
    tender, officer, _first, _second, _lot2 = in_evaluation
    client = client_for(officer)
    releases, url = [], "/api/v1/marketplace/ocds-releases/?page_size=2"
    while True:
        page = client.get(url).json()
        url = page["next"]
        if page["package"] is None:
            break
        assert errors("release-package", page["package"]) == []
        assert page["package"]["extensions"] == EXTENSION_URLS
        releases += page["package"]["releases"]
    assert client.get(url).json() == {**page, "package": None}  # an empty page still leads on
    ours = [release for release in releases if release["ocid"] == ocds.ocid_for(tender=tender)]
    assert len({release["id"] for release in releases}) == len(releases)
    record = client.get(f"/api/v1/marketplace/tenders/{tender.pk}/ocds-record/").json()
    assert errors("record-package", record) == []
    assert record["records"][0]["releases"] == ours
    assert record["records"][0]["compiledRelease"] == ocdsmerge.Merger(
        schema=ocds.release_schema()
    ).create_compiled_release(ours)
    latest = client.get(f"/api/v1/marketplace/tenders/{tender.pk}/ocds/").json()
    assert latest["releases"] == ours[-1:]


def _reviewed(package: dict, tmp_path) -> dict:
    report = libcove.review(json.loads(json.dumps(package)), tmp_path)
    extensions = report["extensions"]
    return {
        "invalid extensions": extensions["invalid_extension"],
        "extensions read": sorted(extension["url"] for extension in extensions["extensions"]),
        "validation errors": report["validation_errors"],
        "additional fields": report["additional_fields"],
        "extended": extensions["is_extended_schema"],
    }


def test_the_official_validator_finds_no_invalid_extension_no_extra_field_and_no_error(in_evaluation, tmp_path):
    """libcoveocds (the Data Review Tool's library) with the standard and both extensions served locally: the
    declared extension URLs resolve, bids and lots are checked against them, and nothing is undocumented."""
    tender, officer, _first, _second, lot2 = in_evaluation
    clean = {
        "invalid extensions": {},
        "extensions read": sorted(EXTENSION_URLS),
        "validation errors": [],
        "additional fields": [],
        "extended": True,
    }
    assert _reviewed(ocds.release_package(releases=[ocds.tender_release(tender=tender)], uri=URI), tmp_path) == clean
    services.award_propose(lot=lot2, by=officer)
    services.awards_finalise(now=timezone.now() + timedelta(days=30))
    releases = services.tender_releases(tender=Tender.objects.get(pk=tender.pk))
    assert _reviewed(ocds.release_package(releases=releases, uri=URI), tmp_path) == clean
    assert _reviewed(ocds.record_package(releases=releases, uri=URI), tmp_path) == clean


def test_the_official_validator_reports_an_extra_field_and_a_broken_value(in_evaluation, tmp_path):
    """The check above can fail: a field no schema defines and a value of the wrong type are reported."""
    tender, *_rest = in_evaluation
    release = ocds.tender_release(tender=tender)
    release["tender"]["colour"] = "green"
    release["bids"]["details"][0]["value"]["amount"] = "a lot"
    report = _reviewed(ocds.release_package(releases=[release], uri=URI), tmp_path)
    extra = [f"{field['path']}/{field['field']}" for field in report["additional fields"]]
    assert extra == ["/releases/tender/colour"]
    assert [error["path"] for error in report["validation errors"]] == ["releases/0/bids/details/0/value/amount"]
