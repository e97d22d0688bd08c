"""The change feed's events, written by triggers on tenders, lots and awards, and the stored OCDS releases."""

import django.db.models.deletion
from django.db import migrations, models

TXID_FUNCTION = """
CREATE FUNCTION alx_current_txid() RETURNS bigint LANGUAGE sql VOLATILE AS
$$ SELECT pg_current_xact_id()::text::bigint $$;
"""

# One event per tender and transaction, the weightiest kind winning; drafts (never published) write none.
TRIGGERS = """
CREATE FUNCTION alx_change_record(p_tender bigint, p_kind text, p_rank smallint) RETURNS void LANGUAGE sql AS $$
  INSERT INTO marketplace_changeevent (txid, tender_id, kind, rank, occurred_at)
  VALUES (alx_current_txid(), p_tender, p_kind, p_rank, now())
  ON CONFLICT ON CONSTRAINT change_event_once_per_txn DO UPDATE SET kind = EXCLUDED.kind, rank = EXCLUDED.rank
  WHERE marketplace_changeevent.rank < EXCLUDED.rank
$$;

CREATE FUNCTION alx_tender_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.published_at IS NOT NULL THEN PERFORM alx_change_record(OLD.id, 'deleted', 4::smallint); END IF;
    RETURN NULL;
  END IF;
  IF NEW.published_at IS NULL THEN RETURN NULL; END IF;
  IF TG_OP = 'INSERT' THEN
    PERFORM alx_change_record(NEW.id, 'published', 2::smallint);
  ELSIF OLD IS NOT DISTINCT FROM NEW THEN
    RETURN NULL;
  ELSIF OLD.published_at IS NULL THEN
    PERFORM alx_change_record(NEW.id, 'published', 2::smallint);
  ELSIF NEW.state = 'cancelled' AND OLD.state <> 'cancelled' THEN
    PERFORM alx_change_record(NEW.id, 'cancelled', 3::smallint);
  ELSE
    PERFORM alx_change_record(NEW.id, 'updated', 1::smallint);
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION alx_tender_part_changed(p_tender bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM marketplace_tender WHERE id = p_tender AND published_at IS NOT NULL) THEN
    PERFORM alx_change_record(p_tender, 'updated', 1::smallint);
  END IF;
END $$;

CREATE FUNCTION alx_lot_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN PERFORM alx_tender_part_changed(OLD.tender_id);
  ELSIF TG_OP = 'INSERT' OR OLD IS DISTINCT FROM NEW THEN PERFORM alx_tender_part_changed(NEW.tender_id);
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION alx_award_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE lot_of bigint;
BEGIN
  IF TG_OP = 'DELETE' THEN lot_of := OLD.lot_id;
  ELSIF TG_OP = 'INSERT' OR OLD IS DISTINCT FROM NEW THEN lot_of := NEW.lot_id;
  ELSE RETURN NULL;
  END IF;
  PERFORM alx_tender_part_changed((SELECT tender_id FROM marketplace_lot WHERE id = lot_of));
  RETURN NULL;
END $$;

CREATE TRIGGER alx_tender_changed AFTER INSERT OR UPDATE OR DELETE ON marketplace_tender
  FOR EACH ROW EXECUTE FUNCTION alx_tender_changed();
CREATE TRIGGER alx_lot_changed AFTER INSERT OR UPDATE OR DELETE ON marketplace_lot
  FOR EACH ROW EXECUTE FUNCTION alx_lot_changed();
CREATE TRIGGER alx_award_changed AFTER INSERT OR UPDATE OR DELETE ON marketplace_award
  FOR EACH ROW EXECUTE FUNCTION alx_award_changed();
"""

DROP_TRIGGERS = """
DROP TRIGGER alx_award_changed ON marketplace_award;
DROP TRIGGER alx_lot_changed ON marketplace_lot;
DROP TRIGGER alx_tender_changed ON marketplace_tender;
DROP FUNCTION alx_award_changed(); DROP FUNCTION alx_lot_changed(); DROP FUNCTION alx_tender_part_changed(bigint);
DROP FUNCTION alx_tender_changed(); DROP FUNCTION alx_change_record(bigint, text, smallint);
"""


class Migration(migrations.Migration):

    dependencies = [
        ('marketplace', '0005_matchrun_heartbeat'),
    ]

    operations = [
        migrations.RunSQL(TXID_FUNCTION, "DROP FUNCTION alx_current_txid();"),
        migrations.CreateModel(
            name='ChangeEvent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('txid', models.BigIntegerField()),
                ('tender_id', models.BigIntegerField(help_text='no foreign key: the event outlives a deleted tender')),
                ('kind', models.CharField(choices=[('published', 'published'), ('updated', 'updated'), ('cancelled', 'cancelled'), ('deleted', 'deleted')], max_length=16)),
                ('rank', models.PositiveSmallIntegerField(help_text='deleted > cancelled > published > updated, within a txid')),
                ('occurred_at', models.DateTimeField()),
            ],
            options={
                'indexes': [models.Index(fields=['txid', 'id'], name='change_event_feed_idx'), models.Index(fields=['occurred_at'], name='change_event_since_idx')],
                'constraints': [models.UniqueConstraint(fields=('txid', 'tender_id'), name='change_event_once_per_txn')],
            },
        ),
        migrations.CreateModel(
            name='OcdsRelease',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('ocid', models.CharField(db_index=True, max_length=64)),
                ('release_id', models.CharField(max_length=128, unique=True)),
                ('date', models.DateTimeField()),
                ('data', models.JSONField()),
                ('digest', models.CharField(help_text='SHA-256 of the content without id, date and tag', max_length=64)),
                ('txid', models.BigIntegerField(db_default=models.Func(function='alx_current_txid', output_field=models.BigIntegerField()))),
                ('tender', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='marketplace.tender')),
            ],
            options={
                'ordering': ['txid', 'id'],
                'indexes': [models.Index(fields=['txid', 'id'], name='ocds_release_feed_idx'), models.Index(fields=['ocid', 'id'], name='ocds_release_ocid_idx')],
            },
        ),
        migrations.RunSQL(TRIGGERS, DROP_TRIGGERS),
    ]
