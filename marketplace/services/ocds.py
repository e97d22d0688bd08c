"""OCDS releases as published: each change of a published tender, and of each public contract of its process,
stored once, in the transaction of the change, so that records compile from the whole history and the release
feed can be followed.

A process has one stream of releases per subject: the tender's own (`contract_id` null) and one per contract.
Contract releases are built by contracting (which marketplace cannot import) and handed to
`contract_release_publish`, which also writes the contract's change-feed event in the same transaction.
"""

from __future__ import annotations

import hashlib
import json
import uuid

from django.db import connection, transaction
from django.utils.dateparse import parse_datetime

from .. import ocds
from ..models import ChangeKind, OcdsRelease, Tender

# Fields that differ between two releases of the same content.
_VOLATILE = ("id", "date", "tag")
# Within one transaction the weightiest event of a contract wins, as the tender triggers do (migration 0006).
# The advisory-lock class of contract releases (any constant; the contract id is the second key).
_CONTRACT_LOCK = 0x0CD5
CONTRACT_EVENT_RANK = {
    ChangeKind.CONTRACT_UPDATED: 1,
    ChangeKind.CONTRACT_AMENDED: 2,
    ChangeKind.CONTRACT_SIGNED: 2,
    ChangeKind.CONTRACT_COMPLETED: 3,
    ChangeKind.CONTRACT_TERMINATED: 3,
}


def _digest(release: dict) -> str:
    content = {key: value for key, value in release.items() if key not in _VOLATILE}
    return hashlib.sha256(json.dumps(content, sort_keys=True, default=str).encode()).hexdigest()


def _last_of_stream(tender_id: int, contract_id: int | None) -> OcdsRelease | None:
    return (
        OcdsRelease.objects.filter(tender_id=tender_id, contract_id=contract_id)
        .order_by("-id")
        .only("digest", "data")
        .first()
    )


def _with_roles_of_other_streams(release: dict, *, tender_id: int, contract_id: int | None) -> dict:
    """OCDS merges a party's `roles` as a whole, so a release that names a party restates every role the other
    streams of the process give it (the buyer stays procuringEntity in a contract release, the supplier stays
    payee in a later tender release)."""
    others = (
        OcdsRelease.objects.filter(tender_id=tender_id).exclude(contract_id=contract_id)
        if contract_id
        else OcdsRelease.objects.filter(tender_id=tender_id, contract_id__isnull=False)
    )
    known: dict[str, list[str]] = {}
    for data in others.order_by("contract_id", "-id").distinct("contract_id").values_list("data", flat=True):
        for party in data.get("parties", []):
            held = known.setdefault(party["id"], [])
            held += [role for role in party.get("roles", []) if role not in held]
    for party in release.get("parties", []):
        party["roles"] = [
            *party.get("roles", []),
            *(role for role in known.get(party["id"], []) if role not in party.get("roles", [])),
        ]
    return release


def _store(*, tender_id: int, contract_id: int | None, release: dict, digest: str, tag: list[str]) -> OcdsRelease:
    release = _with_roles_of_other_streams(release, tender_id=tender_id, contract_id=contract_id)
    stored = OcdsRelease.objects.create(
        tender_id=tender_id,
        contract_id=contract_id,
        ocid=release["ocid"],
        release_id=uuid.uuid4().hex,
        date=parse_datetime(release["date"]),
        data={},
        digest=digest,
    )
    stored.release_id = f"{release['ocid']}-{stored.pk}"
    stored.data = {**release, "id": stored.release_id, "tag": tag}
    stored.save(update_fields=["release_id", "data"])
    return stored


@transaction.atomic
def tender_release_publish(*, tender: Tender) -> OcdsRelease | None:
    """Store the tender's current OCDS release unless it equals the last one stored (or the tender was never
    published). The first release of a process is tagged `tender`; a later one that changes the tender
    without a more specific tag, `tenderUpdate`. Callers hold the tender's row lock or write it, so two
    releases of one tender never race."""
    if not Tender.objects.filter(pk=tender.pk, published_at__isnull=False).exists():
        return None
    release = ocds.tender_release(tender=tender)
    digest = _digest(release)
    last = _last_of_stream(tender.pk, None)
    if last is not None and last.digest == digest:
        return None
    tag = ["tender"] if last is None else (["tenderUpdate"] if release["tag"] == ["tender"] else release["tag"])
    return _store(tender_id=tender.pk, contract_id=None, release=release, digest=digest, tag=tag)


def contract_release_last(*, tender_id: int, contract_id: int) -> dict | None:
    """The last release stored of one contract of the process, or None while the contract is not public."""
    last = _last_of_stream(tender_id, contract_id)
    return None if last is None else last.data


@transaction.atomic
def contract_release_publish(*, tender_id: int, contract_id: int, release: dict, kind: str) -> OcdsRelease | None:
    """Store a release of one contract of the tender's process (`release` carries its tag, built by contracting)
    unless its content equals the contract's last release, and write the contract's change-feed event of `kind`
    (a `ChangeKind.CONTRACT_*`) in the same transaction: the feed names a contract change exactly when a release
    publishes it. Callers publish only contracts that are public (signed by both sides). Releases of one contract
    are serialised by a transaction-scoped advisory lock, so two concurrent changes cannot both pass the digest
    check with the same content."""
    rank = CONTRACT_EVENT_RANK[ChangeKind(kind)]
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_CONTRACT_LOCK, contract_id])
    digest = _digest(release)
    last = _last_of_stream(tender_id, contract_id)
    if last is not None and last.digest == digest:
        return None
    stored = _store(
        tender_id=tender_id, contract_id=contract_id, release=release, digest=digest, tag=list(release["tag"])
    )
    with connection.cursor() as cursor:
        # The feed's one writer (migration 0012): at most one event per contract and transaction, the weightier kept.
        cursor.execute(
            "SELECT alx_change_record_of('contract', %s, %s, NULL, %s, %s::smallint)",
            [contract_id, tender_id, str(kind), rank],
        )
    return stored


def tender_releases(*, tender: Tender) -> list[dict]:
    """Every release of the tender's process as published (the tender's and its public contracts'), oldest
    first; a tender published before ALX kept its releases gets its current one stored first."""
    releases = list(OcdsRelease.objects.filter(tender_id=tender.pk).order_by("id").values_list("data", flat=True))
    if not releases and tender_release_publish(tender=tender) is not None:
        return tender_releases(tender=tender)
    return releases
