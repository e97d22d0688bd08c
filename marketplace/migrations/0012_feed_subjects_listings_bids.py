"""The change feed follows more than tenders: each event names its `subject` (tender, listing, bid, contract)
and, for an event not everyone may read, the one organization that may (`audience_id`). Listings (once published) and bid
withdrawals and deletions are written by triggers like the tender events of 0006."""

from django.db import migrations, models

TRIGGERS = """
CREATE FUNCTION alx_change_record_of(p_subject text, p_id bigint, p_tender bigint, p_audience bigint, p_kind text,
                                     p_rank smallint) RETURNS void LANGUAGE sql AS $$
  INSERT INTO marketplace_changeevent (txid, subject, subject_id, tender_id, audience_id, kind, rank, occurred_at)
  VALUES (alx_current_txid(), p_subject, p_id, p_tender, p_audience, p_kind, p_rank, now())
  ON CONFLICT ON CONSTRAINT change_event_once_per_subject_txn
  DO UPDATE SET kind = EXCLUDED.kind, rank = EXCLUDED.rank WHERE marketplace_changeevent.rank < EXCLUDED.rank
$$;

CREATE OR REPLACE FUNCTION alx_change_record(p_tender bigint, p_kind text, p_rank smallint) RETURNS void
LANGUAGE sql AS $$ SELECT alx_change_record_of('tender', p_tender, p_tender, NULL, p_kind, p_rank) $$;

-- A listing's events: once it was published (drafts write none); readable by everyone when the listing is
-- public, else by its provider only (badge holders and partners see the listing itself in the listings API).
-- Reindexing (search vector, matching arrays) is no change anyone follows.
CREATE FUNCTION alx_listing_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  audience bigint;
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.published_at IS NOT NULL THEN
      PERFORM alx_change_record_of('listing', OLD.id, NULL,
        CASE WHEN OLD.visibility = 'public' THEN NULL ELSE OLD.provider_id END, 'deleted', 4::smallint);
    END IF;
    RETURN NULL;
  END IF;
  IF NEW.published_at IS NULL THEN RETURN NULL; END IF;
  audience := CASE WHEN NEW.visibility = 'public' THEN NULL ELSE NEW.provider_id END;
  IF TG_OP = 'INSERT' OR OLD.published_at IS NULL THEN
    PERFORM alx_change_record_of('listing', NEW.id, NULL, audience, 'published', 2::smallint);
  ELSIF (to_jsonb(OLD) - 'search_vector' - 'matching_cpv_codes' - 'matching_cpv_groups' - 'updated_at')
        IS DISTINCT FROM
        (to_jsonb(NEW) - 'search_vector' - 'matching_cpv_codes' - 'matching_cpv_groups' - 'updated_at') THEN
    PERFORM alx_change_record_of('listing', NEW.id, NULL, audience, 'updated', 1::smallint);
  END IF;
  RETURN NULL;
END $$;

-- A bid's withdrawal or deletion (once submitted): for the bidding organization only, before and after the
-- opening, so the feed never tells anyone else that a sealed bid existed.
CREATE FUNCTION alx_bid_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.submitted_at IS NOT NULL THEN
      PERFORM alx_change_record_of('bid', OLD.id, OLD.tender_id, OLD.bidder_id, 'deleted', 4::smallint);
    END IF;
  ELSIF NEW.state = 'withdrawn' AND OLD.state <> 'withdrawn' THEN
    PERFORM alx_change_record_of('bid', NEW.id, NEW.tender_id, NEW.bidder_id, 'withdrawn', 3::smallint);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER alx_listing_changed AFTER INSERT OR UPDATE OR DELETE ON marketplace_capacitylisting
  FOR EACH ROW EXECUTE FUNCTION alx_listing_changed();
CREATE TRIGGER alx_bid_changed AFTER UPDATE OR DELETE ON marketplace_bid
  FOR EACH ROW EXECUTE FUNCTION alx_bid_changed();
"""

DROP_TRIGGERS = """
DROP TRIGGER alx_bid_changed ON marketplace_bid;
DROP TRIGGER alx_listing_changed ON marketplace_capacitylisting;
DROP FUNCTION alx_bid_changed(); DROP FUNCTION alx_listing_changed();
DELETE FROM marketplace_changeevent WHERE subject <> 'tender';
"""

# Run last when migrating back, once the columns and the constraint of 0006 are there again.
RESTORE_0006 = """
CREATE OR REPLACE FUNCTION alx_change_record(p_tender bigint, p_kind text, p_rank smallint) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO marketplace_changeevent (txid, tender_id, kind, rank, occurred_at)
  VALUES (alx_current_txid(), p_tender, p_kind, p_rank, now())
  ON CONFLICT ON CONSTRAINT change_event_once_per_txn DO UPDATE SET kind = EXCLUDED.kind, rank = EXCLUDED.rank
  WHERE marketplace_changeevent.rank < EXCLUDED.rank
$$;
DROP FUNCTION alx_change_record_of(text, bigint, bigint, bigint, text, smallint);
"""

KINDS = [("published", "published"), ("updated", "updated"), ("cancelled", "cancelled"), ("withdrawn", "withdrawn"),
         ("deleted", "deleted"), ("contract_signed", "contract signed"), ("contract_amended", "contract amended"),
         ("contract_updated", "contract updated"), ("contract_completed", "contract completed"),
         ("contract_terminated", "contract terminated")]
SUBJECTS = [("tender", "tender"), ("listing", "listing"), ("bid", "bid"), ("contract", "contract")]


class Migration(migrations.Migration):

    dependencies = [
        ('marketplace', '0011_listing_cpv_subtree_index'),
    ]

    operations = [
        migrations.RunSQL(migrations.RunSQL.noop, RESTORE_0006),
        migrations.AddField(
            model_name='changeevent',
            name='subject',
            field=models.CharField(choices=SUBJECTS, default='tender', max_length=16),
        ),
        migrations.AddField(
            model_name='changeevent',
            name='subject_id',
            field=models.BigIntegerField(null=True),
        ),
        migrations.RunSQL("UPDATE marketplace_changeevent SET subject_id = tender_id", migrations.RunSQL.noop),
        # Contract events (0010) name their contract as the subject now.
        migrations.RunSQL("UPDATE marketplace_changeevent SET subject = 'contract', subject_id = contract_id "
                          "WHERE contract_id IS NOT NULL", migrations.RunSQL.noop),
        migrations.AlterField(
            model_name='changeevent',
            name='subject_id',
            field=models.BigIntegerField(help_text='the id of the tender, listing, bid or contract; no foreign '
                                                   'key: the event outlives a deleted one'),
        ),
        migrations.AddField(
            model_name='changeevent',
            name='audience_id',
            field=models.BigIntegerField(blank=True, null=True, help_text=(
                'the one organization that may read this event; empty: everyone')),
        ),
        migrations.AlterField(
            model_name='changeevent',
            name='tender_id',
            field=models.BigIntegerField(blank=True, null=True,
                                         help_text="the tender of a tender's, a bid's or a contract's event (no foreign key)"),
        ),
        migrations.AlterField(
            model_name='changeevent',
            name='kind',
            field=models.CharField(choices=KINDS, max_length=24),
        ),
        migrations.AlterField(
            model_name='changeevent',
            name='rank',
            field=models.PositiveSmallIntegerField(
                help_text='deleted > cancelled, withdrawn > published > updated, within a subject and txid'),
        ),
        migrations.RemoveConstraint(
            model_name='changeevent',
            name='change_event_once_per_txn',
        ),
        migrations.RemoveField(
            model_name='changeevent',
            name='contract_id',
        ),
        migrations.AddConstraint(
            model_name='changeevent',
            constraint=models.UniqueConstraint(fields=('txid', 'subject', 'subject_id'),
                                               name='change_event_once_per_subject_txn'),
        ),
        migrations.RunSQL(TRIGGERS, DROP_TRIGGERS),
    ]
