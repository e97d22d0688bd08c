"""Browser pages of the alliances app: the hub, the alliance page with its workspace and agreement, partner
search with due diligence, contacts and announcements.

Views read through the selectors (only members see an alliance's workspace) and write through the services; a
domain error re-renders the form with the message on its field, or comes back as a message."""

from .agreement import agreement_page, clause_change, sign, version_diff, version_html, version_pdf
from .alliance import alliance_detail, dissolve, invite, leave, members_set
from .hub import alliance_create, index, invitation_answer, kinds
from .partners import (
    announcements,
    contact_reveal,
    contacts,
    partner_contact,
    partner_detail,
    partner_invite,
    partner_search,
)
from .workspace import document_download, document_upload, message_post, task_add, task_toggle, thread_start, workspace

__all__ = [
    "agreement_page",
    "alliance_create",
    "alliance_detail",
    "announcements",
    "clause_change",
    "contact_reveal",
    "contacts",
    "dissolve",
    "document_download",
    "document_upload",
    "index",
    "invitation_answer",
    "invite",
    "kinds",
    "leave",
    "members_set",
    "message_post",
    "partner_contact",
    "partner_detail",
    "partner_invite",
    "partner_search",
    "sign",
    "task_add",
    "task_toggle",
    "thread_start",
    "version_diff",
    "version_html",
    "version_pdf",
    "workspace",
]
