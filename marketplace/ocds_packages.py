"""OCDS release packages and record packages (with the release compiled by the merge rules), and the release
schema with the lots and bids extensions applied: the containers marketplace/ocds.py and contracting/ocds.py fill."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import ocdsmerge
from django.utils import timezone

SCHEMA_DIR = Path(__file__).resolve().parent / "data" / "ocds"
OCDS_VERSION = "1.1"
PUBLISHER = {"name": "ALX — Allied Logistics Exchange"}
EXTENSIONS = [
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/v1.1.5/extension.json",
    "https://raw.githubusercontent.com/open-contracting-extensions/ocds_bid_extension/v1.1.5/extension.json",
]


def _iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _package_head(*, uri: str, dates: list[str]) -> dict[str, Any]:
    """Generated on demand, so the package is dated by the latest change it contains."""
    return {
        "uri": uri,
        "version": OCDS_VERSION,
        "extensions": list(EXTENSIONS),
        "publisher": dict(PUBLISHER),
        "publishedDate": max(dates) if dates else _iso(timezone.now()),
    }


def release_package(*, releases: list[dict], uri: str) -> dict[str, Any]:
    """A release package of the given releases (at least one, as the schema requires)."""
    if not releases:
        raise ValueError("A release package needs at least one release.")
    return {**_package_head(uri=uri, dates=[r["date"] for r in releases]), "releases": releases}


def release_schema() -> dict[str, Any]:
    """The core release schema with the lots and bids extensions applied (JSON Merge Patch, RFC 7386)."""
    return copy.deepcopy(_release_schema())


@cache
def _release_schema() -> dict[str, Any]:
    schema = json.loads((SCHEMA_DIR / "release-schema.json").read_text(encoding="utf-8"))
    for extension in ("lots", "bids"):
        schema = merge_patch(
            schema,
            json.loads((SCHEMA_DIR / "extensions" / extension / "release-schema.json").read_text(encoding="utf-8")),
        )
    return schema


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7386 JSON Merge Patch: objects merge recursively, null deletes, anything else replaces."""
    if not isinstance(patch, dict):
        return patch
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


@cache
def _merger() -> ocdsmerge.Merger:
    return ocdsmerge.Merger(schema=release_schema())


def compiled_release(*, releases: list[dict]) -> dict[str, Any]:
    """The compiled release of one process's releases (oldest first), by the OCDS merge rules (ocdsmerge)."""
    return _merger().create_compiled_release(copy.deepcopy(releases))


def record_package(*, releases: list[dict], uri: str) -> dict[str, Any]:
    """The record of one process: every release as it was published (oldest first) and the release compiled
    from them. Raises ValueError without releases."""
    if not releases:
        raise ValueError("A record needs at least one release.")
    record = {"ocid": releases[0]["ocid"], "releases": releases, "compiledRelease": compiled_release(releases=releases)}
    return {**_package_head(uri=uri, dates=[r["date"] for r in releases]), "records": [record]}
