"""Writes of the alliances app."""

from ..membership import alliance_activate, ensure_lead_admin, ensure_member_admin
from .alliances import (
    alliance_create,
    alliance_dissolve,
    alliance_invite,
    alliance_is_member,
    alliance_leave,
    invitation_answer,
    members_set,
)
from .contact import announcement_create, contact_details_reveal, contact_request_send
from .workspace import document_upload, message_post, task_add, task_set_state, thread_start

__all__ = [
    "alliance_activate",
    "alliance_create",
    "alliance_dissolve",
    "alliance_invite",
    "alliance_is_member",
    "alliance_leave",
    "announcement_create",
    "contact_details_reveal",
    "contact_request_send",
    "document_upload",
    "ensure_lead_admin",
    "ensure_member_admin",
    "invitation_answer",
    "members_set",
    "message_post",
    "task_add",
    "task_set_state",
    "thread_start",
]
