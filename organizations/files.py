"""Checking uploaded files for every app: allowed types, size limit, SHA-256 — with clear messages."""

from __future__ import annotations

import hashlib

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from config.errors import ApplicationError

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


def check_upload(upload: UploadedFile, *, max_bytes: int, allowed: dict[str, str] = DOCUMENT_TYPES,
                 field: str = "file") -> tuple[str, str]:
    """The file's clean name and content type; ApplicationError if its type, size or emptiness is wrong."""
    name = (upload.name or "").replace("\\", "/").rsplit("/", 1)[-1]
    extension = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    if extension not in allowed:
        message = _("Files of type “%(ext)s” are not accepted. Upload one of: %(types)s.") % {
            "ext": extension or name, "types": ", ".join(sorted(allowed))}
        raise ApplicationError(message, errors={field: [message]}, code="file_type")
    if upload.size > max_bytes:
        message = _("The file is %(size).1f MB; the limit is %(limit)d MB.") % {
            "size": upload.size / 1024 / 1024, "limit": max_bytes // 1024 // 1024}
        raise ApplicationError(message, errors={field: [message]}, code="file_too_large", status=413)
    if upload.size == 0:
        raise ApplicationError(_("The file is empty."), errors={field: [_("The file is empty.")]})
    return name, allowed[extension]


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
