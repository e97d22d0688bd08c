"""Data of the alliances app: alliances and members, workspace, clause library and agreements."""

from .agreements import Agreement, AgreementVersion, BackgroundIp, ClauseTemplate, ClauseTopic, Signature
from .alliances import (
    ALLIANCE_TRANSITIONS,
    CLOSED_ALLIANCE_STATES,
    Alliance,
    AllianceInvitation,
    AllianceKind,
    AllianceMember,
    AllianceState,
    ContactRequest,
    InvitationState,
    MemberRole,
    PartnerAnnouncement,
)
from .workspace import Message, SharedDocument, Task, TaskState, Thread

__all__ = [
    "ALLIANCE_TRANSITIONS",
    "CLOSED_ALLIANCE_STATES",
    "Agreement",
    "AgreementVersion",
    "Alliance",
    "AllianceInvitation",
    "AllianceKind",
    "AllianceMember",
    "AllianceState",
    "BackgroundIp",
    "ClauseTemplate",
    "ClauseTopic",
    "ContactRequest",
    "InvitationState",
    "MemberRole",
    "Message",
    "PartnerAnnouncement",
    "SharedDocument",
    "Signature",
    "Task",
    "TaskState",
    "Thread",
]
