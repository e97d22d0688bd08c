"""OCDS releases as published: each change of a published tender stored once, in the transaction of the
change, so that records compile from the whole history and the release feed can be followed."""

from __future__ import annotations

import hashlib
import json
import uuid

from django.db import transaction
from django.utils.dateparse import parse_datetime

from .. import ocds
from ..models import OcdsRelease, Tender

# Fields that differ between two releases of the same content.
_VOLATILE = ("id", "date", "tag")


def _digest(release: dict) -> str:
    content = {key: value for key, value in release.items() if key not in _VOLATILE}
    return hashlib.sha256(json.dumps(content, sort_keys=True, default=str).encode()).hexdigest()


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
    last = OcdsRelease.objects.filter(ocid=release["ocid"]).order_by("-id").only("digest").first()
    if last is not None and last.digest == digest:
        return None
    tag = ["tender"] if last is None else (["tenderUpdate"] if release["tag"] == ["tender"] else release["tag"])
    stored = OcdsRelease.objects.create(tender_id=tender.pk, ocid=release["ocid"], release_id=uuid.uuid4().hex,
                                        date=parse_datetime(release["date"]), data={}, digest=digest)
    stored.release_id = f"{release['ocid']}-{stored.pk}"
    stored.data = {**release, "id": stored.release_id, "tag": tag}
    stored.save(update_fields=["release_id", "data"])
    return stored


def tender_releases(*, tender: Tender) -> list[dict]:
    """Every release of the tender as published, oldest first; a tender published before ALX kept its releases
    gets its current one stored first."""
    releases = list(OcdsRelease.objects.filter(tender_id=tender.pk).order_by("id").values_list("data", flat=True))
    if not releases and tender_release_publish(tender=tender) is not None:
        return tender_releases(tender=tender)
    return releases
