"""Checking uploaded files for every app: allowed types, size limit, content, SHA-256 — with clear messages.

The extension alone says nothing: an `.exe` or an HTML page renamed to `.pdf` must not pass. The content's
magic bytes (read with the `filetype` library) must match the type the extension promises; text types must
not look like any binary format.
"""

from __future__ import annotations

import hashlib

import filetype
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from core.errors import ApplicationError

DOCUMENT_TYPES = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".txt": "text/plain",
    ".csv": "text/csv",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".odt": "application/vnd.oasis.opendocument.text",
}


def check_upload(
    upload: UploadedFile, *, max_bytes: int, allowed: dict[str, str] = DOCUMENT_TYPES, field: str = "file"
) -> tuple[str, str]:
    """The file's clean name and content type; ApplicationError if its type, size or emptiness is wrong."""
    name = (upload.name or "").replace("\\", "/").rsplit("/", 1)[-1]
    extension = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    if extension not in allowed:
        message = _("Files of type “%(ext)s” are not accepted. Upload one of: %(types)s.") % {
            "ext": extension or name,
            "types": ", ".join(sorted(allowed)),
        }
        raise ApplicationError(message, errors={field: [message]}, code="file_type")
    if upload.size > max_bytes:
        message = _("The file is %(size).1f MB; the limit is %(limit)d MB.") % {
            "size": upload.size / 1024 / 1024,
            "limit": max_bytes // 1024 // 1024,
        }
        raise ApplicationError(message, errors={field: [message]}, code="file_too_large")
    if upload.size == 0:
        raise ApplicationError(_("The file is empty."), errors={field: [_("The file is empty.")]})
    if not content_matches(upload, allowed[extension]):
        message = _("The file's content is not a “%(ext)s” file; its extension does not match what it contains.") % {
            "ext": extension
        }
        raise ApplicationError(message, errors={field: [message]}, code="file_content_mismatch")
    return name, allowed[extension]


TEXT_TYPES = {"text/plain", "text/csv"}
SNIFF_BYTES = 64 * 1024


def content_matches(upload: UploadedFile, content_type: str) -> bool:
    """Whether the file's first bytes are of `content_type` (text: no NUL byte and no known binary format)."""
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    guessed = filetype.guess_mime(head)
    if content_type in TEXT_TYPES:
        return guessed is None and b"\x00" not in head
    return guessed == content_type


def sha256_of(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def private_download(stored, *, filename: str, content_type: str):
    """Stream a private file as an attachment, never kept by shared caches; a file gone from disk is a 404.
    Callers decide who may download; this only sends."""
    from django.http import FileResponse, Http404

    try:
        handle = stored.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    return response
