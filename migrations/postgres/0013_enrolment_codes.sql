-- One-code enrolment (issue 20, point 2; README "Enrolling a device with a
-- code (IT)"; docs/sync.md, "Enrolment codes"). IT issues a short code with
-- hosted-db enrol-device; the device logs in as kiosk_enrolment, whose only
-- right is to call sync.redeem_enrolment (functions/91_enrolment.sql), and
-- receives its own device role and password in reply.
--
-- kiosk_enrolment's password is published with the app (it is not a
-- secret): what guards enrolment is the code. The role may log in only
-- while a code is open: it starts expired, and issuing a code moves its
-- VALID UNTIL to that code's expiry. Roles are cluster-wide, so another
-- database on the same server may have created it already.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'kiosk_enrolment') THEN
    BEGIN
      CREATE ROLE kiosk_enrolment LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOINHERIT
        PASSWORD 'enrol-with-a-code' VALID UNTIL '2000-01-01 00:00:00+00';
    EXCEPTION WHEN duplicate_object OR unique_violation THEN
      NULL;
    END;
  END IF;
END
$$;
GRANT USAGE ON SCHEMA sync TO kiosk_enrolment;

-- A code is 10 characters of Crockford's base32 (no I, L, O or U): the
-- first 4 say which code a try is for, so a wrong try is counted against
-- that code (5 lock it) and a guess cannot keep trying. Only the SHA-256 of
-- the whole code is kept, so a backup or a look at the table does not give
-- a usable code. Server bookkeeping: never synced, never read by a device.
CREATE TABLE sync.enrolment_codes (
  id           text PRIMARY KEY CHECK (id ~ '^[0-9A-HJKMNP-TV-Z]{4}$'),
  code_hash    bytea NOT NULL CHECK (length(code_hash) = 32),
  kind         text NOT NULL CHECK (kind IN ('kiosk', 'laptop')),
  -- NULL: the device names itself when it redeems the code.
  device_name  text CHECK (device_name IS NULL OR length(device_name) BETWEEN 1 AND 200),
  created_at   timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL,
  failed_tries integer NOT NULL DEFAULT 0 CHECK (failed_tries >= 0),
  used_at      timestamptz,
  device_id    uuid REFERENCES sync.devices (id),
  CONSTRAINT enrolment_codes_used_by_device CHECK ((used_at IS NULL) = (device_id IS NULL))
);
REVOKE ALL ON sync.enrolment_codes FROM PUBLIC;

-- This file moves sync.schema_version() to 13.
