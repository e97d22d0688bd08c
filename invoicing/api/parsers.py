"""Request parsers that hand the raw body on: the e-invoice parsers read it themselves, safely."""

from __future__ import annotations

from rest_framework.parsers import BaseParser

from ..en16931.pdf import MAX_PDF_BYTES


class RawBodyParser(BaseParser):
    """The body as bytes, at most MAX_PDF_BYTES (the XML reader has its own, lower limit)."""

    def parse(self, stream, media_type=None, parser_context=None) -> bytes:
        return stream.read(MAX_PDF_BYTES + 1) if stream is not None else b""


class XMLBodyParser(RawBodyParser):
    media_type = "application/xml"


class TextXMLBodyParser(RawBodyParser):
    media_type = "text/xml"


class PDFBodyParser(RawBodyParser):
    media_type = "application/pdf"
