"""The change feed's events and the OCDS releases as published: append-only rows followed by cursors."""

from django.db import models


class ChangeKind(models.TextChoices):
    PUBLISHED = "published", "published"
    UPDATED = "updated", "updated"
    CANCELLED = "cancelled", "cancelled"
    WITHDRAWN = "withdrawn", "withdrawn"
    DELETED = "deleted", "deleted"
    # A contract of the tender's process, once it is public (signed by both sides): written with its OCDS release.
    CONTRACT_SIGNED = "contract_signed", "contract signed"
    CONTRACT_AMENDED = "contract_amended", "contract amended"
    CONTRACT_UPDATED = "contract_updated", "contract updated"
    CONTRACT_COMPLETED = "contract_completed", "contract completed"
    CONTRACT_TERMINATED = "contract_terminated", "contract terminated"


class ChangeSubject(models.TextChoices):
    TENDER = "tender", "tender"
    LISTING = "listing", "listing"
    BID = "bid", "bid"
    CONTRACT = "contract", "contract"


class ChangeEvent(models.Model):
    """One change of a published tender (its row, a lot or an award), of a published capacity listing, or a
    bid's withdrawal or deletion, written by database triggers (migrations 0006 and 0012) so that no write path
    can forget it; drafts never write one. A public contract's change is written with the OCDS release that
    publishes it (marketplace/services/ocds.py), by the same function, so the feed and the releases never
    disagree. An event with an `audience_id` may be read by that organization only (a restricted listing's
    provider, a bid's bidder). At most one event per subject and transaction: `txid` is the writing
    transaction's id (`pg_current_xact_id()`), and the feed orders by (`txid`, `id`) and reads only below the
    oldest transaction still running, so a transaction that commits late cannot be passed by a cursor (see
    marketplace/feed.py)."""

    txid = models.BigIntegerField()
    subject = models.CharField(max_length=16, choices=ChangeSubject.choices, default=ChangeSubject.TENDER)
    subject_id = models.BigIntegerField(
        help_text="the id of the tender, listing, bid or contract; no foreign key: the event outlives a deleted one"
    )
    tender_id = models.BigIntegerField(
        null=True, blank=True, help_text=("the tender of a tender's, a bid's or a contract's event (no foreign key)")
    )
    audience_id = models.BigIntegerField(
        null=True, blank=True, help_text=("the one organization that may read this event; empty: everyone")
    )
    kind = models.CharField(max_length=24, choices=ChangeKind.choices)
    rank = models.PositiveSmallIntegerField(
        help_text="deleted > cancelled, withdrawn > published > updated, within a subject and txid"
    )
    occurred_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["txid", "subject", "subject_id"], name="change_event_once_per_subject_txn")
        ]
        indexes = [
            models.Index(fields=["txid", "id"], name="change_event_feed_idx"),
            models.Index(fields=["occurred_at"], name="change_event_since_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.subject} {self.subject_id}"

    @property
    def contract_id(self) -> int | None:
        """The contract a contract event is about (the API's `contract_id`); None for every other event."""
        return self.subject_id if self.subject == ChangeSubject.CONTRACT else None


class OcdsRelease(models.Model):
    """An OCDS release exactly as ALX published it (tender, tenderUpdate, award, tenderCancellation…), kept so
    that records compile from the whole history. Written in the transaction of the change it describes;
    `txid` orders the release feed gap-free like the change feed."""

    tender = models.ForeignKey("marketplace.Tender", on_delete=models.SET_NULL, null=True, related_name="+")
    contract_id = models.BigIntegerField(
        null=True,
        blank=True,
        help_text=("the contract (contracting's id) whose releases this is one of; null for the tender's own releases"),
    )
    ocid = models.CharField(max_length=64, db_index=True)
    release_id = models.CharField(max_length=128, unique=True)
    date = models.DateTimeField()
    data = models.JSONField()
    digest = models.CharField(max_length=64, help_text="SHA-256 of the content without id, date and tag")
    txid = models.BigIntegerField(
        db_default=models.Func(function="alx_current_txid", output_field=models.BigIntegerField())
    )

    class Meta:
        ordering = ["txid", "id"]
        indexes = [
            models.Index(fields=["txid", "id"], name="ocds_release_feed_idx"),
            models.Index(fields=["ocid", "id"], name="ocds_release_ocid_idx"),
            models.Index(fields=["tender", "contract_id", "id"], name="ocds_release_stream_idx"),
        ]

    def __str__(self) -> str:
        return self.release_id
