-- The audit trail of every AI output (issue 18, point 3; SQLite's
-- 0011_audit_entries.sql, the same table): audit_entries, one row per model call,
-- finished assessment or retention prune, hash-chained per device
-- (src-main/audit/chain.ts says how). A device-written synced table like
-- consent_records: laptops pull every row (staff view an interview's trail),
-- a kiosk the rows it originated.
--
-- device_id is text, as kiosk_id is: the install that wrote the chain, not a
-- row of sync.devices. payload is text, not jsonb: it is the canonical JSON
-- the entry's hash covers, and jsonb would re-order and re-space it.
-- interview_id has no foreign key, as on SQLite: erasing an interview must
-- not reach into the trail, which holds only hashes, ids and counts.
--
-- Append-only: a trigger (functions/87_audit_entries.sql, where functions
-- and triggers live) refuses any UPDATE that changes what an entry says
-- (sync.push re-applying the same row only bumps its bookkeeping, which is
-- allowed), so a device cannot rewrite history the server already holds;
-- sync.push reports the refusal as a rejection naming the trigger.
--
-- This file moves sync.schema_version() to 10: an app built for 9
-- does not know the table and would be refused its rows.

CREATE TABLE audit_entries (
  id               uuid PRIMARY KEY,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  row_version      integer NOT NULL DEFAULT 1,
  deleted_at       timestamptz,
  device_id        text NOT NULL,
  sequence         integer NOT NULL,
  kind             text NOT NULL,
  interview_id     uuid,
  payload          text NOT NULL,
  prev_hash        text NOT NULL,
  entry_hash       text NOT NULL,
  origin_device_id uuid,
  CONSTRAINT audit_entries_sequence_check CHECK (sequence >= 1),
  CONSTRAINT audit_entries_kind_check CHECK (length(kind) BETWEEN 1 AND 32),
  CONSTRAINT audit_entries_hashes_check CHECK (length(prev_hash) = 64 AND length(entry_hash) = 64),
  CONSTRAINT audit_entries_row_version_check CHECK (row_version >= 1)
);
CREATE UNIQUE INDEX idx_audit_entries_device_sequence ON audit_entries (device_id, sequence);
CREATE INDEX idx_audit_entries_interview ON audit_entries (interview_id);
CREATE INDEX idx_audit_entries_created_at ON audit_entries (created_at);

-- As 0002 does for every synced table: nobody but the owner (and so the
-- SECURITY DEFINER sync functions) reads or writes it.
REVOKE ALL ON public.audit_entries FROM PUBLIC;
ALTER TABLE public.audit_entries ENABLE ROW LEVEL SECURITY;
DO $$
DECLARE
  api_role text;
BEGIN
  FOR api_role IN SELECT rolname FROM pg_roles WHERE rolname IN ('anon', 'authenticated') LOOP
    EXECUTE format('REVOKE ALL ON public.audit_entries FROM %I', api_role);
  END LOOP;
END
$$;
