-- Proctors (issue 17; SQLite's 0006_proctor_sittings.sql, the same schema):
-- a fourth staff role, a proctor's kiosk PIN on their recruiters row, and a
-- new synced table, proctor_sittings: one candidate's proctored sitting at
-- one kiosk (identity check, role, pauses, the proctor's notes, the
-- interview taken in it).
--
-- recruiters: the role CHECK is replaced by one that also allows 'proctor'
-- (a wider CHECK: every stored row passes it), and pin_hash is added, NULL
-- for existing rows (no proctor has a PIN yet; a bcrypt hash like
-- password_hash). Neither rewrites the table or fires its row trigger, so no
-- recruiter is sent to devices again. push and pull read the column list
-- from pg_attribute (sync.column_list, sync.row_select_list), so they carry
-- pin_hash as it is. A kiosk changes a recruiter it did not create only in
-- the sign-in columns, and now also in pin_hash when the stored and the
-- incoming role are both 'proctor' (sync.only_sign_in_columns_differ in
-- functions/40_push.sql, changed with this file: proctors set their PIN at
-- the kiosk where they open sittings). The runner re-applies every function
-- file after this migration, in the same transaction, so every database at
-- version 6 has that rule and it needs no version of its own.
--
-- proctor_sittings: the same columns, CHECKs (by name) and foreign keys as
-- on SQLite (schema-drift.test.ts), Postgres types as in 0001: uuid ids and
-- references, timestamptz times, jsonb JSON, and the server-only
-- origin_device_id. kiosk_id is text, as SQLite has it: the install that
-- held the sitting, not a row of ours (nor of sync.devices, which a device
-- may leave). It is locked down as 0002 locks down every synced table, and
-- functions/10_synced_tables.sql names it in sync.synced_tables(), which
-- gives it its change trigger when the runner re-applies that file after
-- this one (in the same transaction).
--
-- This file moves sync.schema_version() to 6, which keeps an app built for 5
-- out: it knows neither the table nor the role, and its recruiters rows lack
-- pin_hash, so a proctor's PIN would be pushed back as NULL.

ALTER TABLE recruiters DROP CONSTRAINT recruiters_role_check;
ALTER TABLE recruiters ADD CONSTRAINT recruiters_role_check CHECK (role IN ('recruiter', 'admin', 'viewer', 'proctor'));
ALTER TABLE recruiters ADD COLUMN pin_hash text;

CREATE TABLE proctor_sittings (
  id                    uuid PRIMARY KEY,
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now(),
  row_version           integer NOT NULL DEFAULT 1,
  deleted_at            timestamptz,
  kiosk_id              text NOT NULL,
  candidate_id          uuid NOT NULL REFERENCES candidates (id),
  opened_by             uuid NOT NULL REFERENCES recruiters (id),
  role_type             text NOT NULL,
  identity_check        text NOT NULL,
  identity_confirmed_at timestamptz NOT NULL,
  accommodations        jsonb NOT NULL,
  status                text NOT NULL DEFAULT 'open',
  opened_at             timestamptz NOT NULL,
  paused_at             timestamptz,
  paused_ms             integer NOT NULL DEFAULT 0,
  lock_reason           text,
  interview_id          uuid REFERENCES interviews (id),
  notes                 jsonb NOT NULL,
  ended_at              timestamptz,
  ended_by              uuid REFERENCES recruiters (id),
  end_reason            text,
  origin_device_id      uuid,
  CONSTRAINT proctor_sittings_role_type_check CHECK (role_type IN ('react', 'python', 'javascript', 'fullstack')),
  CONSTRAINT proctor_sittings_status_check CHECK (status IN ('open', 'paused', 'ended')),
  CONSTRAINT proctor_sittings_end_reason_check CHECK (end_reason IN ('proctor', 'interview-submitted')),
  CONSTRAINT proctor_sittings_paused_ms_check CHECK (paused_ms >= 0),
  CONSTRAINT proctor_sittings_identity_check_check CHECK (length(identity_check) BETWEEN 2 AND 200),
  CONSTRAINT proctor_sittings_row_version_check CHECK (row_version >= 1)
);
CREATE INDEX idx_proctor_sittings_kiosk_status ON proctor_sittings (kiosk_id, status);
CREATE INDEX idx_proctor_sittings_candidate ON proctor_sittings (candidate_id);
CREATE INDEX idx_proctor_sittings_interview ON proctor_sittings (interview_id);

-- As 0002 does for every synced table: nobody but the owner (and so the
-- SECURITY DEFINER sync functions) reads or writes it, not even the API
-- roles a host such as Supabase grants public tables to by default.
REVOKE ALL ON public.proctor_sittings FROM PUBLIC;
ALTER TABLE public.proctor_sittings ENABLE ROW LEVEL SECURITY;
DO $$
DECLARE
  api_role text;
BEGIN
  FOR api_role IN SELECT rolname FROM pg_roles WHERE rolname IN ('anon', 'authenticated') LOOP
    EXECUTE format('REVOKE ALL ON public.proctor_sittings FROM %I', api_role);
  END LOOP;
END
$$;
