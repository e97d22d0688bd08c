"""Writes of the CPV suggester: training its layer on the platform's confirmed codes (run by Celery)."""

from __future__ import annotations

import logging

from django.db import transaction

from ..audit import audit_record
from ..models import CpvSuggesterModel
from . import store
from .engine import TrainedLayer
from .sources import confirmed_count, confirmed_examples

logger = logging.getLogger(__name__)

RETRAIN_EVERY = 50  # new confirmed codes since the last run that make a run due
KEEP_RUNS = 3


def cpv_suggester_train() -> CpvSuggesterModel | None:
    """Train the layer on every confirmed code now on the platform; None while there are too few.

    The fit runs outside the transaction (it takes seconds); the new row, the pruning of old rows and
    the audit entry are one transaction. Every process picks the new layer up within a minute.
    """
    examples = confirmed_examples()
    known = set(store.build_index().known) if examples else set()
    examples = [(text, code) for text, code in examples if code in known and text.strip()]
    if not TrainedLayer.can_train(examples):
        logger.info("CPV suggester: %d confirmed examples, not enough to train", len(examples))
        return None
    layer = TrainedLayer(examples)
    payload, digest = store.dump_layer(layer)
    with transaction.atomic():
        previous = CpvSuggesterModel.objects.only("example_count").first()
        row = CpvSuggesterModel.objects.create(
            example_count=layer.example_count, class_count=layer.class_count, payload=payload, digest=digest
        )
        stale = list(CpvSuggesterModel.objects.values_list("pk", flat=True)[KEEP_RUNS:])
        CpvSuggesterModel.objects.filter(pk__in=stale).delete()
        audit_record(
            actor=None,
            action="cpv_suggester.train",
            target=row,
            organization=None,
            changes={"example_count": [previous.example_count if previous else 0, row.example_count]},
        )
        transaction.on_commit(store.expire_layer)
    return row


def cpv_suggester_retrain_if_due(*, every: int = RETRAIN_EVERY) -> CpvSuggesterModel | None:
    """Train when `every` codes were confirmed since the last run (or enough exist and none ran yet)."""
    last = CpvSuggesterModel.objects.only("example_count").first()
    count = confirmed_count()
    if last is None or count - last.example_count >= every:
        return cpv_suggester_train()
    return None
