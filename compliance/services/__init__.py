"""Writes of the compliance app: assessments and evidence, reviews and badges, sharing and licences."""

from .assessments import (
    EVIDENCE_MAX_BYTES,
    EVIDENCE_TYPES,
    assessment_answer,
    assessment_start,
    assessment_submit,
    evidence_upload,
)
from .badges import badge_revoke, badge_suspend, badges_expire, expiry_reminders_send
from .reviews import review_comment_add, review_decide, review_release, review_take
from .sharing import licence_add, share_grant, share_revoke

__all__ = [
    "EVIDENCE_MAX_BYTES",
    "EVIDENCE_TYPES",
    "assessment_answer",
    "assessment_start",
    "assessment_submit",
    "badge_revoke",
    "badge_suspend",
    "badges_expire",
    "evidence_upload",
    "expiry_reminders_send",
    "licence_add",
    "review_comment_add",
    "review_decide",
    "review_release",
    "review_take",
    "share_grant",
    "share_revoke",
]
