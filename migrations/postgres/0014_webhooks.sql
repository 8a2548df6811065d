-- Webhooks to employers' hiring systems (issue 21; SQLite's 0014_webhooks.sql,
-- the same tables). integration_webhooks gains what a subscription needs
-- beyond the specification's DDL; webhook_secret keeps only the secret's
-- fingerprint: the secret is derived on the delivering device from a key in
-- its keychain and never reaches this database.
--
-- webhook_events: what happened, written on the device where it happened
-- (a kiosk's completed interview, a laptop's decision) in the same
-- transaction, so the delivering device, a laptop that pulls every row,
-- sees each event once it syncs. webhook_deliveries and webhook_attempts:
-- the delivery log, written by the delivering device, read by admins on any
-- laptop. Device-written synced tables: a laptop pulls every row, a kiosk
-- the rows it originated.
--
-- No foreign keys between them: events arrive from many devices in any
-- order, and a delivery's subscription may be deleted while its log stays.
--
-- sync.webhook_claims: which device sends an event to a subscription, for
-- when two might (functions/80_server_clock.sql, sync.claim_webhook_delivery),
-- as sync.delivery_claims does for feedback emails.
--
-- This file moves sync.schema_version() to 14: an app built for 13 does not
-- know the tables or the new columns and would be refused its rows.

ALTER TABLE integration_webhooks
  ADD COLUMN name                  text NOT NULL DEFAULT '',
  ADD COLUMN secret_generation     integer NOT NULL DEFAULT 1,
  ADD COLUMN previous_secret_until timestamptz,
  ADD COLUMN delivering_device_id  text,
  ADD COLUMN failing_since         timestamptz,
  ADD COLUMN disabled_reason       text,
  ADD COLUMN created_by            uuid;

CREATE TABLE webhook_events (
  id               uuid PRIMARY KEY,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  row_version      integer NOT NULL DEFAULT 1,
  deleted_at       timestamptz,
  type             text NOT NULL,
  occurred_at      timestamptz NOT NULL,
  candidate_id     uuid,
  payload          text NOT NULL,
  origin_device_id uuid,
  CONSTRAINT webhook_events_type_check CHECK (length(type) BETWEEN 1 AND 64),
  CONSTRAINT webhook_events_row_version_check CHECK (row_version >= 1)
);
CREATE INDEX idx_webhook_events_occurred_at ON webhook_events (occurred_at);
CREATE INDEX idx_webhook_events_candidate ON webhook_events (candidate_id);

CREATE TABLE webhook_deliveries (
  id               uuid PRIMARY KEY,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  row_version      integer NOT NULL DEFAULT 1,
  deleted_at       timestamptz,
  subscription_id  uuid NOT NULL,
  event_id         uuid NOT NULL,
  status           text NOT NULL DEFAULT 'pending',
  attempts         integer NOT NULL DEFAULT 0,
  first_attempt_at timestamptz,
  last_attempt_at  timestamptz,
  next_attempt_at  timestamptz,
  delivered_at     timestamptz,
  last_error       text,
  requested_by     uuid,
  origin_device_id uuid,
  CONSTRAINT webhook_deliveries_status_check CHECK (status IN ('pending', 'delivered', 'failed')),
  CONSTRAINT webhook_deliveries_attempts_check CHECK (attempts >= 0),
  CONSTRAINT webhook_deliveries_row_version_check CHECK (row_version >= 1)
);
CREATE INDEX idx_webhook_deliveries_subscription ON webhook_deliveries (subscription_id, created_at);
CREATE INDEX idx_webhook_deliveries_event ON webhook_deliveries (event_id);

CREATE TABLE webhook_attempts (
  id               uuid PRIMARY KEY,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  row_version      integer NOT NULL DEFAULT 1,
  deleted_at       timestamptz,
  delivery_id      uuid NOT NULL,
  attempt          integer NOT NULL,
  attempted_at     timestamptz NOT NULL,
  outcome          text NOT NULL,
  status_code      integer,
  latency_ms       integer NOT NULL,
  reply            text NOT NULL DEFAULT '',
  error            text,
  origin_device_id uuid,
  CONSTRAINT webhook_attempts_outcome_check CHECK (outcome IN ('delivered', 'retry', 'failed', 'gone')),
  CONSTRAINT webhook_attempts_reply_check CHECK (length(reply) <= 512),
  CONSTRAINT webhook_attempts_row_version_check CHECK (row_version >= 1)
);
CREATE INDEX idx_webhook_attempts_delivery ON webhook_attempts (delivery_id, attempt);

-- As 0002 does for every synced table: nobody but the owner (and so the
-- SECURITY DEFINER sync functions) reads or writes them.
DO $$
DECLARE
  t text;
  api_role text;
BEGIN
  FOREACH t IN ARRAY ARRAY['webhook_events', 'webhook_deliveries', 'webhook_attempts'] LOOP
    EXECUTE format('REVOKE ALL ON public.%I FROM PUBLIC', t);
    EXECUTE format('ALTER TABLE public.%I ENABLE ROW LEVEL SECURITY', t);
    FOR api_role IN SELECT rolname FROM pg_roles WHERE rolname IN ('anon', 'authenticated') LOOP
      EXECUTE format('REVOKE ALL ON public.%I FROM %I', t, api_role);
    END LOOP;
  END LOOP;
END
$$;

CREATE TABLE sync.webhook_claims (
  subscription_id uuid NOT NULL,
  event_id        uuid NOT NULL,
  device_id       uuid NOT NULL REFERENCES sync.devices (id),
  at              timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (subscription_id, event_id)
);
REVOKE ALL ON sync.webhook_claims FROM PUBLIC;
