"""libcoveocds, the library behind the official OCDS Data Review Tool, run offline over ALX's packages.

The machines reach neither standard.open-contracting.org nor GitHub, so the real library gets the same files
from marketplace/data/ocds (copied from the standard 1.1.5 and the two extensions at v1.1.5): the standard as
the bytes of a ZIP laid out like the standard's repository (libcoveocds' `standard_zip`), and the extensions'
own URLs (`…raw.githubusercontent.com/open-contracting-extensions/…/extension.json`, exactly as the packages
declare them, and the repository archives that ocdsextensionregistry downloads for them,
`https://github.com/open-contracting-extensions/<repository>/archive/v1.1.5.zip`) answered by a transport
adapter mounted, for those two prefixes only, on ocdsextensionregistry's session. The record package schema
refers to the versioned release schema by its standard.open-contracting.org URL, which jsonref (libcoveocds
dereferences with it) fetches with requests: for the review, jsonref's `requests` is a session with the same
adapter mounted for the standard's schema URLs. Any other URL still goes to the network, and fails here, so
nothing is silently skipped."""

from __future__ import annotations

import io
import zipfile
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import jsonref
import requests
from libcoveocds.api import ocds_json_output
from libcoveocds.config import LibCoveOCDSConfig
from ocdsextensionregistry import util as registry_util
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict

from marketplace import ocds

EXTENSIONS = "https://raw.githubusercontent.com/open-contracting-extensions/"
ARCHIVES = "https://github.com/open-contracting-extensions/"
FOLDERS = {"ocds_lots_extension": "lots", "ocds_bid_extension": "bids"}
VERSION = "v1.1.5"
STANDARD = "https://standard.open-contracting.org/schema/1__1__5/"
STANDARD_FILES = (
    "release-schema.json",
    "release-package-schema.json",
    "record-package-schema.json",
    "versioned-release-validation-schema.json",
)


@cache
def standard_zip() -> bytes:
    """The standard's schema directory as the ZIP of its repository at 1__1__5 (a top folder, then schema/)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("standard-1__1__5/", "")
        for name in STANDARD_FILES:
            archive.write(ocds.SCHEMA_DIR / name, f"standard-1__1__5/schema/{name}")
        for path in sorted((ocds.SCHEMA_DIR / "codelists").glob("*.csv")):
            archive.write(path, f"standard-1__1__5/schema/codelists/{path.name}")
    return buffer.getvalue()


@cache
def extension_archive(repository: str) -> bytes:
    """The extension's files as GitHub's archive of the tag (a top folder `<repository>-1.1.5/`)."""
    buffer, top = io.BytesIO(), f"{repository}-{VERSION[1:]}/"
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(top, "")
        folder = ocds.SCHEMA_DIR / "extensions" / FOLDERS[repository]
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            archive.write(path, top + path.relative_to(folder).as_posix())
    return buffer.getvalue()


def _local(url: str) -> bytes | None:
    if url.startswith(STANDARD):
        name = url.removeprefix(STANDARD)
        return (ocds.SCHEMA_DIR / name).read_bytes() if name in STANDARD_FILES else None
    if url.startswith(ARCHIVES):
        repository, _, rest = url.removeprefix(ARCHIVES).partition("/")
        return extension_archive(repository) if repository in FOLDERS and rest == f"archive/{VERSION}.zip" else None
    repository, version, rest = ([*url.removeprefix(EXTENSIONS).split("/", 2), "", ""])[:3]
    file = ocds.SCHEMA_DIR / "extensions" / FOLDERS.get(repository, "-") / rest
    return file.read_bytes() if repository in FOLDERS and version == VERSION and file.is_file() else None


class LocalExtensions(BaseAdapter):
    """Answers the two extensions' URLs from marketplace/data/ocds/extensions, and 404 for any other file
    there, as GitHub would."""

    def send(self, request, **kwargs):
        content = _local(str(request.url))
        response = requests.Response()
        found = content is not None
        response.status_code, response.reason = (200, "OK") if found else (404, "Not Found")
        response._content = content if found else b"404: Not Found"
        response.headers = CaseInsensitiveDict({"Content-Type": "text/plain; charset=utf-8"})
        response.encoding, response.url, response.request = "utf-8", str(request.url), request
        return response

    def close(self):
        pass


@contextmanager
def local_extensions():
    session, standard, plain_requests = registry_util.session, requests.Session(), jsonref.requests
    standard.mount(STANDARD, LocalExtensions())
    for prefix in (EXTENSIONS, ARCHIVES):
        session.mount(prefix, LocalExtensions())
    jsonref.requests = standard
    try:
        with session.cache_disabled():
            yield
    finally:
        jsonref.requests = plain_requests
        standard.close()
        for prefix in (EXTENSIONS, ARCHIVES):
            session.adapters.pop(prefix, None)


def review(package: dict, output_dir: Path) -> dict:
    """libcoveocds' API report on a release or record package (as JSON would carry it)."""
    config = LibCoveOCDSConfig()
    config.config.update(context="api", standard_zip=standard_zip())
    with local_extensions():
        return ocds_json_output(str(output_dir), json_data=package, lib_cove_ocds_config=config)
