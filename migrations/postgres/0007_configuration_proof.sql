-- Proof of configuration (issue 17; SQLite's 0007_configuration_proof.sql,
-- the same synced tables). docs/sync.md, "Proof of configuration".
--
-- interview_configurations: what a kiosk records when an interview starts
-- (the canonical summary of the settings, app version and lockdown that
-- govern the sitting, and its SHA-256). A device-written synced table like
-- any other.
--
-- configuration_attestations and approved_configurations: synced tables that
-- only the hosted database writes (sync.attest_configurations and
-- sync_admin.approve_configuration, in functions/75_configuration_proof.sql);
-- sync.push refuses them from devices (sync.server_written_tables() in
-- functions/10_synced_tables.sql). Laptops pull them as every synced row;
-- a kiosk receives only the attestations of its own interviews (the rows'
-- origin_device_id is the kiosk), and no approvals (their origin is no device).
--
-- sync.devices gains the device's Ed25519 public key, registered once by the
-- device itself; only sync_admin.reset_device_key clears it. Challenges are
-- server bookkeeping: never synced, never read by a device.
--
-- This file moves sync.schema_version() to 7: an app built for 6 knows none
-- of these tables and would be refused their rows.

CREATE TABLE interview_configurations (
  id                uuid PRIMARY KEY,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  row_version       integer NOT NULL DEFAULT 1,
  deleted_at        timestamptz,
  interview_id      uuid NOT NULL REFERENCES interviews (id) ON DELETE CASCADE,
  configuration_key text NOT NULL,
  configuration     jsonb NOT NULL,
  origin_device_id  uuid,
  CONSTRAINT interview_configurations_key_check CHECK (length(configuration_key) = 64),
  CONSTRAINT interview_configurations_row_version_check CHECK (row_version >= 1)
);
CREATE UNIQUE INDEX idx_interview_configurations_interview ON interview_configurations (interview_id);

CREATE TABLE configuration_attestations (
  id                uuid PRIMARY KEY,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  row_version       integer NOT NULL DEFAULT 1,
  deleted_at        timestamptz,
  interview_id      uuid NOT NULL REFERENCES interviews (id) ON DELETE CASCADE,
  device_id         uuid NOT NULL,
  configuration_key text NOT NULL,
  challenge         text NOT NULL,
  signature         text NOT NULL,
  public_key        text NOT NULL,
  attested_at       timestamptz NOT NULL,
  origin_device_id  uuid,
  CONSTRAINT configuration_attestations_key_check CHECK (length(configuration_key) = 64),
  CONSTRAINT configuration_attestations_row_version_check CHECK (row_version >= 1)
);
CREATE UNIQUE INDEX idx_configuration_attestations_interview ON configuration_attestations (interview_id);

CREATE TABLE approved_configurations (
  id                uuid PRIMARY KEY,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  row_version       integer NOT NULL DEFAULT 1,
  deleted_at        timestamptz,
  configuration_key text NOT NULL,
  configuration     jsonb NOT NULL,
  note              text NOT NULL DEFAULT '',
  approved_at       timestamptz NOT NULL,
  origin_device_id  uuid,
  CONSTRAINT approved_configurations_key_check CHECK (length(configuration_key) = 64),
  CONSTRAINT approved_configurations_note_check CHECK (length(note) <= 500),
  CONSTRAINT approved_configurations_row_version_check CHECK (row_version >= 1)
);
CREATE INDEX idx_approved_configurations_key ON approved_configurations (configuration_key);
-- One live approval per key: approving it again keeps the first.
CREATE UNIQUE INDEX approved_configurations_one_live_key ON approved_configurations (configuration_key) WHERE deleted_at IS NULL;

-- As 0002 does for every synced table.
DO $$
DECLARE
  t text;
  api_role text;
BEGIN
  FOREACH t IN ARRAY ARRAY['interview_configurations', 'configuration_attestations', 'approved_configurations'] LOOP
    EXECUTE format('REVOKE ALL ON public.%I FROM PUBLIC', t);
    EXECUTE format('ALTER TABLE public.%I ENABLE ROW LEVEL SECURITY', t);
    FOR api_role IN SELECT rolname FROM pg_roles WHERE rolname IN ('anon', 'authenticated') LOOP
      EXECUTE format('REVOKE ALL ON public.%I FROM %I', t, api_role);
    END LOOP;
  END LOOP;
END
$$;

-- SPKI DER of an Ed25519 key, base64 (60 characters); NULL until the device registers one.
ALTER TABLE sync.devices ADD COLUMN signing_public_key text;
ALTER TABLE sync.devices ADD COLUMN signing_key_registered_at timestamptz;

-- Single-use: used_at is set by the attestation that spends it.
CREATE TABLE sync.attestation_challenges (
  challenge  text PRIMARY KEY,
  device_id  uuid NOT NULL REFERENCES sync.devices (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at    timestamptz
);
CREATE INDEX attestation_challenges_device ON sync.attestation_challenges (device_id, expires_at);
REVOKE ALL ON sync.attestation_challenges FROM PUBLIC;
