"""Browser pages of the compliance app, split by who uses them."""

from .assessments import (
    assessment_detail,
    assessment_export,
    assessment_start,
    assessment_submit,
    evidence_download,
    evidence_upload,
    index,
    requirement_answer,
    share_grant,
    share_revoke,
)
from .reviews import readiness, review_comment, review_decide, review_detail, review_queue, review_release, review_take

__all__ = [
    "assessment_detail",
    "assessment_export",
    "assessment_start",
    "assessment_submit",
    "evidence_download",
    "evidence_upload",
    "index",
    "readiness",
    "requirement_answer",
    "review_comment",
    "review_decide",
    "review_detail",
    "review_queue",
    "review_release",
    "review_take",
    "share_grant",
    "share_revoke",
]
