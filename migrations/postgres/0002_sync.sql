-- Device sync: bookkeeping tables, the change log, device roles and who may
-- touch what. The contract is docs/sync.md. The functions devices call (and
-- the change-log triggers) are in functions/, which the migration runner
-- applies after the numbered files; this file first created them too, so a
-- database migrated before they moved has the same functions, replaced by
-- functions/ on its next migration.
--
-- Security model: devices never touch a table. Each device logs in as its own
-- role (member of the NOLOGIN group kiosk_device), which may only EXECUTE the
-- device functions (granted in functions/). Those are SECURITY DEFINER (they
-- run as the owner) and begin by looking the caller up in sync.devices by
-- session_user.

CREATE SCHEMA IF NOT EXISTS sync;   -- migrate-hosted-db.ts creates it first, for schema_migrations
CREATE SCHEMA sync_admin;
REVOKE ALL ON SCHEMA sync FROM PUBLIC;
REVOKE ALL ON SCHEMA sync_admin FROM PUBLIC;

-- Roles are cluster-wide, so another database on the same server may have
-- created it already (or be creating it right now: hence the handler too).
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'kiosk_device') THEN
    BEGIN
      CREATE ROLE kiosk_device NOLOGIN;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN
      NULL;
    END;
  END IF;
END
$$;

-- ---------------------------------------------------------------------------
-- Bookkeeping tables
-- ---------------------------------------------------------------------------

-- Same definition as migrate-hosted-db.ts's bootstrap (which runs first).
CREATE TABLE IF NOT EXISTS sync.schema_migrations (
  version    integer PRIMARY KEY,
  name       text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sync.devices (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  role_name        text NOT NULL UNIQUE,
  name             text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  kind             text NOT NULL CHECK (kind IN ('kiosk', 'laptop')),
  -- The device's outbox id up to which every mutation has been applied or rejected.
  last_applied_seq bigint NOT NULL DEFAULT 0,
  created_at       timestamptz NOT NULL DEFAULT now(),
  revoked_at       timestamptz,
  last_seen_at     timestamptz
);

-- One entry per insert or update of a synced row, written by a trigger.
-- txid is the writing transaction's id: pull orders by (txid, id) and reads
-- only below the oldest running transaction (see sync.pull for why).
CREATE TABLE sync.changes (
  id         bigserial PRIMARY KEY,
  txid       xid8 NOT NULL DEFAULT pg_current_xact_id(),
  table_name text NOT NULL,
  row_id     uuid NOT NULL
);
CREATE INDEX changes_txid_id ON sync.changes (txid, id);

-- Mutations the server refused; the device's seq still advanced past them.
CREATE TABLE sync.rejections (
  id         bigserial PRIMARY KEY,
  device_id  uuid NOT NULL REFERENCES sync.devices (id),
  seq        bigint NOT NULL,
  table_name text,
  row_id     text,          -- text: a rejected mutation may carry a malformed id
  reason     text NOT NULL,
  row        jsonb,
  at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX rejections_device_seq ON sync.rejections (device_id, seq);

-- Content-addressed files (sha-256 hex), uploaded in chunks.
CREATE TABLE sync.files (
  hash       text PRIMARY KEY CHECK (hash ~ '^[0-9a-f]{64}$'),
  media_type text NOT NULL,
  size       bigint NOT NULL CHECK (size >= 0),
  received   bigint NOT NULL DEFAULT 0 CHECK (received >= 0 AND received <= size),
  complete   boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sync.file_chunks (
  hash     text NOT NULL REFERENCES sync.files (hash) ON DELETE CASCADE,
  "offset" bigint NOT NULL CHECK ("offset" >= 0),
  bytes    bytea NOT NULL,
  PRIMARY KEY (hash, "offset")
);

-- Who sends a feedback email: the primary key makes the first claim the only one.
CREATE TABLE sync.delivery_claims (
  feedback_id uuid PRIMARY KEY,
  device_id   uuid NOT NULL REFERENCES sync.devices (id),
  at          timestamptz NOT NULL DEFAULT now()
);

-- ---------------------------------------------------------------------------
-- Privileges
-- ---------------------------------------------------------------------------

-- Nothing in schema sync is for PUBLIC. Functions, which PUBLIC may execute
-- by default, are taken back from PUBLIC by the migration runner after it
-- applies functions/. (This file used to try ALTER DEFAULT PRIVILEGES IN
-- SCHEMA ... REVOKE EXECUTE, which records nothing: a per-schema default
-- cannot take back what the global default grants.)
REVOKE ALL ON ALL TABLES IN SCHEMA sync FROM PUBLIC;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA sync FROM PUBLIC;

GRANT USAGE ON SCHEMA sync TO kiosk_device;

-- The synced tables live in public. Nobody but the owner reads them: no
-- grants, and row level security without policies, in case the host grants
-- public tables to API roles by default (Supabase does, to anon and
-- authenticated). The owner, and so every sync function, bypasses RLS.
-- The list is written out: this runs before functions/ defines sync.synced_tables().
DO $$
DECLARE
  t text;
  api_role text;
BEGIN
  FOREACH t IN ARRAY ARRAY['candidates', 'recruiters', 'resumes', 'resume_feedback', 'interviews', 'interview_sessions',
                           'interview_messages', 'assessment_results', 'interview_decisions', 'integration_webhooks',
                           'integrity_events', 'ai_usage'] LOOP
    EXECUTE format('REVOKE ALL ON public.%I FROM PUBLIC', t);
    EXECUTE format('ALTER TABLE public.%I ENABLE ROW LEVEL SECURITY', t);
    FOR api_role IN SELECT rolname FROM pg_roles WHERE rolname IN ('anon', 'authenticated') LOOP
      EXECUTE format('REVOKE ALL ON public.%I FROM %I', t, api_role);
    END LOOP;
  END LOOP;
END
$$;
