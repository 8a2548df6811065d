-- One-code enrolment, hardened after review (issue 20, point 2; README
-- "Enrolling a device with a code (IT)"; docs/sync.md, "Enrolment codes").
--
-- A wrong try used to be counted inside the caller's own transaction, so a
-- caller who rolled it back (or used a savepoint) could guess without
-- limit. Now a try is written with its verdict and committed before the
-- verdict is told (functions/91_enrolment.sql): sync.enrolment_try writes
-- it, sync.enrolment_finish answers only for a try whose transaction has
-- committed, and the procedure sync.enrol_with_code does both with a COMMIT
-- between them.
--
-- This file moves sync.schema_version() to 15.

-- bcrypt (crypt with gen_salt('bf')) for the codes. In a schema of its own,
-- where no other role may reach it; a server that has it already (Supabase
-- installs it in "extensions") keeps it where it is: the functions look it up.
CREATE SCHEMA IF NOT EXISTS pgcrypto;
REVOKE ALL ON SCHEMA pgcrypto FROM PUBLIC;
CREATE EXTENSION IF NOT EXISTS pgcrypto SCHEMA pgcrypto;

DROP FUNCTION IF EXISTS sync.redeem_enrolment(text, text, text);
DROP FUNCTION IF EXISTS sync.enrolment_code_hash(text);

-- Codes were kept as an unsalted SHA-256, which the first 4 characters in
-- clear left 30 bits to search. Now a bcrypt of the whole code (cost 10,
-- about 0.1 s per try on the server). Codes still open were issued under
-- the old hash, which nothing checks any more: they close, and IT issues
-- new ones. A used code keeps its record of which device it enrolled.
DELETE FROM sync.enrolment_codes WHERE used_at IS NULL;
ALTER TABLE sync.enrolment_codes DROP COLUMN code_hash;
-- NULL only for the codes used before this file, whose hash is gone: any try at one is wrong.
ALTER TABLE sync.enrolment_codes ADD COLUMN code_crypt text
  CONSTRAINT enrolment_codes_crypt_is_bcrypt CHECK (code_crypt ~ '^\$2[abxy]\$[0-9]{2}\$[./A-Za-z0-9]{53}$');
ALTER TABLE sync.enrolment_codes ADD CONSTRAINT enrolment_codes_open_has_crypt CHECK (code_crypt IS NOT NULL OR used_at IS NOT NULL);

-- One row per try at an issued code, right or wrong alike (the same rows
-- and locks whatever the verdict, so the trying transaction cannot tell
-- them apart), until sync.enrolment_finish reads it or it is 10 minutes old.
-- It carries what the device sent, so that the finish cannot be asked about
-- another code or for another device than the try was.
CREATE TABLE sync.enrolment_tries (
  token             uuid PRIMARY KEY,
  code_id           text NOT NULL REFERENCES sync.enrolment_codes (id) ON DELETE CASCADE,
  -- The transaction that wrote the try: its verdict is told only once that has committed.
  tried_in          xid8 NOT NULL,
  tried_at          timestamptz NOT NULL,
  verdict           text NOT NULL CHECK (verdict IN ('right', 'wrong', 'locked')),
  role_name         text NOT NULL,
  password_verifier text NOT NULL,
  public_key        text NOT NULL,
  device_name       text NOT NULL
);
CREATE INDEX enrolment_tries_tried_at ON sync.enrolment_tries (tried_at);
REVOKE ALL ON sync.enrolment_tries FROM PUBLIC;

-- kiosk_enrolment's password is public, so its sessions are kept few and
-- short: a handful of devices enrol at once, each in well under a second,
-- and a try takes about 0.1 s of the server's time. The timeouts are only
-- defaults (a session may SET them): what really bounds a held-open
-- transaction is that expiry is read from the clock, not the transaction's
-- start, and that a try counts once committed.
DO $$
DECLARE
  v_settings constant text[] := ARRAY['statement_timeout=15s', 'lock_timeout=5s', 'idle_in_transaction_session_timeout=5s'];
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'kiosk_enrolment' AND rolconnlimit = 5 AND coalesce(rolconfig, '{}') @> v_settings) THEN
    RETURN;
  END IF;
  BEGIN
    ALTER ROLE kiosk_enrolment CONNECTION LIMIT 5;
    ALTER ROLE kiosk_enrolment SET statement_timeout = '15s';
    ALTER ROLE kiosk_enrolment SET lock_timeout = '5s';
    ALTER ROLE kiosk_enrolment SET idle_in_transaction_session_timeout = '5s';
  EXCEPTION WHEN internal_error OR unique_violation THEN
    -- Roles are cluster-wide: another database's migration on this server
    -- changed the role at the same moment ("tuple concurrently updated").
    -- It committed the same settings, or this run fails after all.
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'kiosk_enrolment' AND rolconnlimit = 5 AND coalesce(rolconfig, '{}') @> v_settings) THEN
      RAISE;
    END IF;
  END;
END
$$;
