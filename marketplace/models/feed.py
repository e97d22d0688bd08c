"""The change feed's events and the OCDS releases as published: append-only rows followed by cursors."""

from django.db import models


class ChangeKind(models.TextChoices):
    PUBLISHED = "published", "published"
    UPDATED = "updated", "updated"
    CANCELLED = "cancelled", "cancelled"
    DELETED = "deleted", "deleted"
    # A contract of the tender's process, once it is public (signed by both sides): written with its OCDS release.
    CONTRACT_SIGNED = "contract_signed", "contract signed"
    CONTRACT_AMENDED = "contract_amended", "contract amended"
    CONTRACT_UPDATED = "contract_updated", "contract updated"
    CONTRACT_COMPLETED = "contract_completed", "contract completed"
    CONTRACT_TERMINATED = "contract_terminated", "contract terminated"


class ChangeEvent(models.Model):
    """One change of a published tender (its row, a lot or an award), written by database triggers
    (migration 0006) so that no write path can forget it; drafts never write one. A public contract's change is
    written with the OCDS release that publishes it (marketplace/services/ocds.py), by the same function, so the
    feed and the releases never disagree; it names the contract. At most one event per tender (or contract) and
    transaction: `txid` is the writing transaction's id (`pg_current_xact_id()`), and the feed orders by
    (`txid`, `id`) and reads only below the oldest transaction still running, so a transaction that commits
    late cannot be passed by a cursor (see marketplace/feed.py)."""

    txid = models.BigIntegerField()
    tender_id = models.BigIntegerField(help_text="no foreign key: the event outlives a deleted tender")
    contract_id = models.BigIntegerField(null=True, blank=True, help_text=(
        "the contract (contracting's id) a contract event is about; null for the tender's own events"))
    kind = models.CharField(max_length=24, choices=ChangeKind.choices)
    rank = models.PositiveSmallIntegerField(help_text="deleted > cancelled > published > updated, within a txid")
    occurred_at = models.DateTimeField()

    class Meta:
        # NULLS NOT DISTINCT: the tender's own events (no contract) stay one per transaction.
        constraints = [models.UniqueConstraint(fields=["txid", "tender_id", "contract_id"], nulls_distinct=False,
                                               name="change_event_once_per_txn")]
        indexes = [models.Index(fields=["txid", "id"], name="change_event_feed_idx"),
                   models.Index(fields=["occurred_at"], name="change_event_since_idx")]

    def __str__(self) -> str:
        return f"{self.kind} tender {self.tender_id}"


class OcdsRelease(models.Model):
    """An OCDS release exactly as ALX published it (tender, tenderUpdate, award, tenderCancellation…), kept so
    that records compile from the whole history. Written in the transaction of the change it describes;
    `txid` orders the release feed gap-free like the change feed."""

    tender = models.ForeignKey("marketplace.Tender", on_delete=models.SET_NULL, null=True, related_name="+")
    contract_id = models.BigIntegerField(null=True, blank=True, help_text=(
        "the contract (contracting's id) whose releases this is one of; null for the tender's own releases"))
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
                   models.Index(fields=["ocid", "id"], name="ocds_release_ocid_idx"),
                   models.Index(fields=["tender", "contract_id", "id"], name="ocds_release_stream_idx")]

    def __str__(self) -> str:
        return self.release_id
