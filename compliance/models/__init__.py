"""Data of the compliance app: frameworks, assessments and evidence, reviews, badges, sharing, export control."""

from .assessments import (
    OPEN_STATES,
    Answer,
    AnswerStatus,
    Assessment,
    AssessmentState,
    Evidence,
    QuestionAnswer,
)
from .badges import Badge, BadgeKind, BadgeLevel, ReadinessShare
from .export_control import BarredCountry, DestinationCategory, DestinationRule, Licence
from .frameworks import Choice, Framework, Question, QuestionKind, Requirement
from .reviews import REVIEW_ASSESSMENT, AssessmentUserObjectPermission, Review, ReviewComment, ReviewDecision

__all__ = [
    "OPEN_STATES",
    "REVIEW_ASSESSMENT",
    "Answer",
    "AnswerStatus",
    "Assessment",
    "AssessmentState",
    "AssessmentUserObjectPermission",
    "Badge",
    "BadgeKind",
    "BadgeLevel",
    "BarredCountry",
    "Choice",
    "DestinationCategory",
    "DestinationRule",
    "Evidence",
    "Framework",
    "Licence",
    "Question",
    "QuestionAnswer",
    "QuestionKind",
    "ReadinessShare",
    "Requirement",
    "Review",
    "ReviewComment",
    "ReviewDecision",
]
