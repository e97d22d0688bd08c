"""Contract templates and agreements of alliances: the clause library, generation with the alliance's data,
clause-by-clause changes in versions, diffs, HTML and PDF rendering, and signing."""

from .diff import agreement_diff
from .library import clause_library_load, clause_library_read, templates_for
from .rendering import agreement_render_html, agreement_render_pdf
from .services import (
    agreement_generate,
    agreement_refresh,
    agreement_sign,
    background_ip_add,
    clause_propose,
)

__all__ = [
    "agreement_diff",
    "agreement_generate",
    "agreement_refresh",
    "agreement_render_html",
    "agreement_render_pdf",
    "agreement_sign",
    "background_ip_add",
    "clause_library_load",
    "clause_library_read",
    "clause_propose",
    "templates_for",
]
