"""Serializers of the marketplace API, one module per concept; every name stays importable from here."""

from .bids import (
    BidSerializer,
    BidWriteSerializer,
    OfferSerializer,
    RankedOfferSerializer,
    ScoreSerializer,
    SubcontractorSerializer,
)
from .common import DocumentSerializer, DocumentUploadSerializer, ReasonSerializer
from .fields import MAX_CPV_CODES, AttributesField, CpvListField
from .listings import ListingSerializer
from .tenders import (
    AnswerSerializer,
    AwardSerializer,
    CommitteeSerializer,
    CommitteeWriteSerializer,
    CriterionSerializer,
    LotSerializer,
    QuestionSerializer,
    TenderSerializer,
    TenderWriteSerializer,
)

__all__ = [
    "MAX_CPV_CODES",
    "AnswerSerializer",
    "AttributesField",
    "AwardSerializer",
    "BidSerializer",
    "BidWriteSerializer",
    "CommitteeSerializer",
    "CommitteeWriteSerializer",
    "CpvListField",
    "CriterionSerializer",
    "DocumentSerializer",
    "DocumentUploadSerializer",
    "ListingSerializer",
    "LotSerializer",
    "OfferSerializer",
    "QuestionSerializer",
    "RankedOfferSerializer",
    "ReasonSerializer",
    "ScoreSerializer",
    "SubcontractorSerializer",
    "TenderSerializer",
    "TenderWriteSerializer",
]
