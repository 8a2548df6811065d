-- Which tables sync, and the change log every write to them lands in
-- (docs/sync.md, "Tables"). Adding a synced table: create it (and lock it
-- down, as 0002_sync.sql does for the first twelve, 0006 for
-- proctor_sittings, 0007 for the configuration proof's three, 0008 for
-- consent_records, 0009 for self_identifications, 0010 for audit_entries and
-- 0014 for the webhook tables)
-- in a numbered migration, then add it here; re-applying this file gives it
-- its trigger.

CREATE OR REPLACE FUNCTION sync.synced_tables() RETURNS text[]
LANGUAGE sql IMMUTABLE
SET search_path = pg_catalog, public, sync
AS $$
  SELECT ARRAY['candidates', 'recruiters', 'resumes', 'resume_feedback', 'interviews', 'interview_sessions',
               'interview_messages', 'assessment_results', 'interview_decisions', 'integration_webhooks',
               'integrity_events', 'ai_usage', 'proctor_sittings', 'interview_configurations',
               'configuration_attestations', 'approved_configurations', 'consent_records',
               'self_identifications', 'audit_entries',
               'erasure_requests', 'erasure_confirmations',
               'webhook_events', 'webhook_deliveries', 'webhook_attempts']
$$;

-- Synced tables only the hosted database writes (its own functions, after
-- checks a device could skip if it could push rows): devices receive them,
-- and sync.push refuses them.
CREATE OR REPLACE FUNCTION sync.server_written_tables() RETURNS text[]
LANGUAGE sql IMMUTABLE
SET search_path = pg_catalog, public, sync
AS $$
  SELECT ARRAY['configuration_attestations', 'approved_configurations']
$$;

-- sync.changes keeps one entry per row, its latest change: a write moves the
-- row's entry to the end (this transaction's txid, a new id). A device's
-- cursor is always below a running transaction's txid (sync.pull reads only
-- below the oldest one), so every device still gets the row's newest version
-- exactly once more, and the log grows with the data, not with its history.
CREATE OR REPLACE FUNCTION sync.record_change() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, sync
AS $$
BEGIN
  INSERT INTO sync.changes (table_name, row_id) VALUES (TG_TABLE_NAME, NEW.id)
  ON CONFLICT (table_name, row_id)
  DO UPDATE SET txid = pg_current_xact_id(), id = nextval('sync.changes_id_seq');
  RETURN NULL;
END
$$;

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY sync.synced_tables() LOOP
    EXECUTE format('CREATE OR REPLACE TRIGGER %I AFTER INSERT OR UPDATE ON public.%I FOR EACH ROW EXECUTE FUNCTION sync.record_change()',
                   t || '_record_change', t);
  END LOOP;
END
$$;
