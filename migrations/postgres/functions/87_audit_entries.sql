-- The AI audit trail on the hosted database (0010_audit_entries.sql makes
-- the table; src-main/audit/chain.ts says how entries are chained).

-- Append-only: what an entry says never changes once stored. sync.push
-- applying the same row again only moves its bookkeeping (row_version,
-- updated_at), which passes; a changed payload, hash, sequence or a
-- tombstone is refused. Class 23 (integrity constraint), so sync.push
-- records it as that row's rejection, as it does a CHECK.
CREATE OR REPLACE FUNCTION sync.audit_entry_unchanged() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, public, sync
AS $$
BEGIN
  IF (NEW.device_id, NEW.sequence, NEW.kind, NEW.interview_id, NEW.payload, NEW.prev_hash, NEW.entry_hash, NEW.deleted_at)
     IS DISTINCT FROM
     (OLD.device_id, OLD.sequence, OLD.kind, OLD.interview_id, OLD.payload, OLD.prev_hash, OLD.entry_hash, OLD.deleted_at) THEN
    RAISE EXCEPTION 'audit_entries_append_only: audit entry % (device %, sequence %) cannot be changed; audit entries are only ever added',
      OLD.id, OLD.device_id, OLD.sequence
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END
$$;

CREATE OR REPLACE TRIGGER audit_entries_append_only BEFORE UPDATE ON public.audit_entries
  FOR EACH ROW EXECUTE FUNCTION sync.audit_entry_unchanged();

-- Retention follows the device: when a device's retention_prune anchor
-- arrives (it names the last sequence the device removed), the hosted copies
-- of that device's entries up to it go too, with their change-log rows, so
-- the trail is kept for the period IT set on every copy. Verification starts
-- after the anchor, so nothing it checks is removed. An anchor that names a
-- sequence at or after its own is not one (chain.ts ignores it too).
CREATE OR REPLACE FUNCTION sync.audit_prune_followed() RETURNS trigger
LANGUAGE plpgsql
SET search_path = pg_catalog, public, sync
AS $$
DECLARE
  v_through bigint;
BEGIN
  IF NEW.kind <> 'retention_prune' THEN
    RETURN NULL;
  END IF;
  v_through := CASE WHEN (NEW.payload::jsonb ->> 'throughSequence') ~ '^[0-9]{1,18}$' THEN (NEW.payload::jsonb ->> 'throughSequence')::bigint END;
  IF v_through IS NULL OR v_through >= NEW.sequence THEN
    RETURN NULL;
  END IF;
  WITH gone AS (
    DELETE FROM public.audit_entries WHERE device_id = NEW.device_id AND sequence <= v_through RETURNING id
  )
  DELETE FROM sync.changes c USING gone WHERE c.table_name = 'audit_entries' AND c.row_id = gone.id;
  RETURN NULL;
END
$$;

CREATE OR REPLACE TRIGGER audit_entries_follow_prune AFTER INSERT ON public.audit_entries
  FOR EACH ROW EXECUTE FUNCTION sync.audit_prune_followed();
