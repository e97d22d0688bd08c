"""The change feed's events and the OCDS releases as published: append-only rows followed by cursors."""

from django.db import models


class ChangeKind(models.TextChoices):
    PUBLISHED = "published", "published"
    UPDATED = "updated", "updated"
    CANCELLED = "cancelled", "cancelled"
    DELETED = "deleted", "deleted"


class ChangeEvent(models.Model):
    """One change of a published tender (its row, a lot or an award), written by database triggers
    (migration 0005) so that no write path can forget it; drafts never write one. At most one event per tender
    and transaction: `txid` is the writing transaction's id (`pg_current_xact_id()`), and the feed orders by
    (`txid`, `id`) and reads only below the oldest transaction still running, so a transaction that commits
    late cannot be passed by a cursor (see marketplace/feed.py)."""

    txid = models.BigIntegerField()
    tender_id = models.BigIntegerField(help_text="no foreign key: the event outlives a deleted tender")
    kind = models.CharField(max_length=16, choices=ChangeKind.choices)
    rank = models.PositiveSmallIntegerField(help_text="deleted > cancelled > published > updated, within a txid")
    occurred_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["txid", "tender_id"], name="change_event_once_per_txn")]
        indexes = [models.Index(fields=["txid", "id"], name="change_event_feed_idx"),
                   models.Index(fields=["occurred_at"], name="change_event_since_idx")]

    def __str__(self) -> str:
        return f"{self.kind} tender {self.tender_id}"


class OcdsRelease(models.Model):
    """An OCDS release exactly as ALX published it (tender, tenderUpdate, award, tenderCancellation…), kept so
    that records compile from the whole history. Written in the transaction of the change it describes;
    `txid` orders the release feed gap-free like the change feed."""

    tender = models.ForeignKey("marketplace.Tender", on_delete=models.SET_NULL, null=True, related_name="+")
    ocid = models.CharField(max_length=64, db_index=True)
    release_id = models.CharField(max_length=128, unique=True)
    date = models.DateTimeField()
    data = models.JSONField()
    digest = models.CharField(max_length=64, help_text="SHA-256 of the content without id, date and tag")
    txid = models.BigIntegerField(db_default=models.Func(function="alx_current_txid",
                                                         output_field=models.BigIntegerField()))

    class Meta:
        ordering = ["txid", "id"]
        indexes = [models.Index(fields=["txid", "id"], name="ocds_release_feed_idx"),
                   models.Index(fields=["ocid", "id"], name="ocds_release_ocid_idx")]

    def __str__(self) -> str:
        return self.release_id
