-- One-code enrolment (docs/sync.md, "Enrolment codes"; the tables and the
-- kiosk_enrolment role are in 0013_enrolment_codes.sql and
-- 0015_enrolment_tries.sql). IT issues a code as the owner (hosted-db
-- enrol-device); a device logs in as kiosk_enrolment and CALLs
-- sync.enrol_with_code for a device role of its own, whose password only
-- the device knows.

-- Crockford's base32: no I, L, O or U, so a code read aloud or from paper is not mistyped.
CREATE OR REPLACE FUNCTION sync.enrolment_alphabet() RETURNS text
LANGUAGE sql IMMUTABLE
AS $$ SELECT '0123456789ABCDEFGHJKMNPQRSTVWXYZ'::text $$;

-- Five tries that were not the code lock it.
CREATE OR REPLACE FUNCTION sync.enrolment_max_tries() RETURNS integer
LANGUAGE sql IMMUTABLE
AS $$ SELECT 5 $$;

-- pgcrypto's crypt(): a new bcrypt hash of p_code (cost 10, about 0.1 s)
-- when p_setting is NULL, else p_code hashed with the salt and cost of
-- p_setting, which equals p_setting when p_code is the code it was made
-- from. pgcrypto's schema is looked up (sync.pgcrypto_schema).
CREATE OR REPLACE FUNCTION sync.enrolment_crypt(p_code text, p_setting text) RETURNS text
LANGUAGE plpgsql VOLATILE
SET search_path = pg_catalog
AS $$
DECLARE
  v_schema name := sync.pgcrypto_schema('enrolment codes');
  v_result text;
BEGIN
  IF p_setting IS NULL THEN
    EXECUTE format('SELECT %1$I.crypt($1, %1$I.gen_salt(''bf'', 10))', v_schema) INTO v_result USING p_code;
  ELSE
    EXECUTE format('SELECT %I.crypt($1, $2)', v_schema) INTO v_result USING p_code, p_setting;
  END IF;
  RETURN v_result;
END
$$;

-- A bcrypt setting of cost 10 that no code was hashed with: a try at a
-- code nobody issued is hashed with it, so that it takes as long as a try
-- at an issued one and the time taken does not tell which codes exist.
CREATE OR REPLACE FUNCTION sync.enrolment_decoy_setting() RETURNS text
LANGUAGE sql IMMUTABLE
AS $$ SELECT '$2a$10$KioskEnrolmentDecoySal'::text $$;

-- A SCRAM-SHA-256 verifier as Postgres stores one (RFC 5803: iterations,
-- salt, StoredKey and ServerKey). Anything else given as a role's PASSWORD
-- would be taken as the password itself, so only this shape is accepted.
CREATE OR REPLACE FUNCTION sync.is_scram_verifier(p text) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog
AS $$
DECLARE
  v_parts text[] := regexp_match(p, '^SCRAM-SHA-256\$([0-9]{4,7}):([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2}):([A-Za-z0-9+/]+={0,2})$');
BEGIN
  RETURN v_parts IS NOT NULL
    AND v_parts[1]::integer BETWEEN 4096 AND 1000000
    AND length(decode(v_parts[2], 'base64')) BETWEEN 16 AND 64
    AND length(decode(v_parts[3], 'base64')) = 32
    AND length(decode(v_parts[4], 'base64')) = 32;
EXCEPTION WHEN invalid_parameter_value THEN
  -- Base64 that does not decode.
  RETURN false;
END
$$;

-- kiosk_enrolment may log in while, and only while, a code is open
-- (unused, not locked, not expired). A new code (p_issued, its expiry)
-- moves the role's VALID UNTIL out to it if it is earlier; a redeemed one
-- (p_issued NULL) brings it in to the latest expiry among this database's
-- open codes, or a time long past when none is open. NULL (IT lifted the
-- limit by hand) is left alone. Roles are cluster-wide: on a server with
-- several hosted databases, a redemption sees only its own database's
-- codes, and may close the login before another database's code expires.
CREATE OR REPLACE FUNCTION sync.enrolment_fit_login(p_issued timestamptz) RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, public, sync
AS $$
DECLARE
  v_current timestamptz;
  v_until timestamptz;
BEGIN
  -- Issuing and redeeming take turns here, so neither sets the window from a list that misses the other's code.
  PERFORM pg_advisory_xact_lock(727100091);
  SELECT rolvaliduntil INTO v_current FROM pg_roles WHERE rolname = 'kiosk_enrolment';
  IF v_current IS NULL THEN
    RETURN;
  END IF;
  IF p_issued IS NOT NULL THEN
    v_until := greatest(v_current, p_issued);
  ELSE
    SELECT max(expires_at) INTO v_until FROM sync.enrolment_codes
     WHERE used_at IS NULL AND failed_tries < sync.enrolment_max_tries() AND expires_at > clock_timestamp();
    v_until := coalesce(v_until, '2000-01-01 00:00:00+00'::timestamptz);
  END IF;
  IF v_until IS DISTINCT FROM v_current THEN
    EXECUTE format('ALTER ROLE kiosk_enrolment VALID UNTIL %L', v_until);
  END IF;
END
$$;

-- A new code for one device of p_kind, named p_name (NULL: the device names
-- itself), open for p_expires_in on the database's clock. Returns the code,
-- once: only its bcrypt hash is kept.
CREATE OR REPLACE FUNCTION sync_admin.issue_enrolment(p_kind text, p_name text, p_expires_in interval) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, sync
AS $$
DECLARE
  v_alphabet text := sync.enrolment_alphabet();
  v_code text;
  v_bytes bytea;
  v_expires timestamptz;
BEGIN
  IF p_kind IS NULL OR p_kind NOT IN ('kiosk', 'laptop') THEN
    PERFORM sync.bad_request(format('A device is a kiosk or a laptop, not %s.', coalesce(p_kind, 'null')));
  END IF;
  IF p_name IS NOT NULL AND length(btrim(p_name)) NOT BETWEEN 1 AND 200 THEN
    PERFORM sync.bad_request('A device needs a name of 1 to 200 characters.');
  END IF;
  IF p_expires_in IS NULL OR p_expires_in < interval '1 minute' OR p_expires_in > interval '7 days' THEN
    PERFORM sync.bad_request('An enrolment code lasts from 1 minute to 7 days.');
  END IF;
  v_expires := clock_timestamp() + p_expires_in;
  -- Old codes go after 30 days: long enough to answer "was it used, and by which device?".
  DELETE FROM sync.enrolment_codes WHERE expires_at < clock_timestamp() - interval '30 days';
  LOOP
    -- The first 6 bytes of a v4 uuid are all random, from the server's strong source; 256 is a multiple of 32, so each character is uniform.
    v_bytes := substring(uuid_send(gen_random_uuid()) FROM 1 FOR 6) || substring(uuid_send(gen_random_uuid()) FROM 1 FOR 6);
    v_code := '';
    FOR i IN 0..9 LOOP
      v_code := v_code || substr(v_alphabet, (get_byte(v_bytes, i) % 32) + 1, 1);
    END LOOP;
    -- Each code needs its own first 4 characters (tries are counted by them); a clash draws again.
    EXIT WHEN NOT EXISTS (SELECT 1 FROM sync.enrolment_codes WHERE id = left(v_code, 4));
  END LOOP;
  INSERT INTO sync.enrolment_codes (id, code_crypt, kind, device_name, expires_at)
  VALUES (left(v_code, 4), sync.enrolment_crypt(v_code, NULL), p_kind, nullif(btrim(p_name), ''), v_expires);
  PERFORM sync.enrolment_fit_login(v_expires);
  RETURN jsonb_build_object('code', v_code, 'kind', p_kind, 'name', nullif(btrim(p_name), ''), 'expiresAt', sync.iso(v_expires));
END
$$;

-- The first half of a try (sync.enrol_with_code): checks what the device
-- sends (KS004 before anything is counted), judges the code, and writes
-- the verdict with the try counted as failed, which sync.enrolment_finish
-- takes back for the right code. Answers only a token. The verdict is
-- told by sync.enrolment_finish once this transaction has committed: a
-- caller who rolls back learns nothing, and one who commits has spent a
-- try. A try at an issued code writes the same rows, takes the same locks
-- and hashes once whatever the verdict, so nothing the trying transaction
-- can see (its locks, its transaction id, its time) tells a right code
-- from a wrong one. The first 4 characters only say which code a try is
-- for: that a code with them is open may show (a try at one waits for
-- another's lock), and gives a guesser no more than 5 tries at 30 bits.
CREATE OR REPLACE FUNCTION sync.enrolment_try(p_code text, p_role_name text, p_password_verifier text, p_public_key text, p_device_name text) RETURNS uuid
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, sync
AS $$
DECLARE
  v_token uuid := gen_random_uuid();
  v_entry sync.enrolment_codes;
  v_matches boolean;
BEGIN
  IF NOT sync.is_signing_public_key(p_public_key) THEN
    PERFORM sync.bad_request('A signing key must be an Ed25519 public key (SPKI DER, base64).');
  END IF;
  IF length(btrim(coalesce(p_device_name, ''))) NOT BETWEEN 1 AND 200 THEN
    PERFORM sync.bad_request('A device name has 1 to 200 characters.');
  END IF;
  PERFORM sync.check_device_role_name(p_role_name);
  IF NOT coalesce(sync.is_scram_verifier(p_password_verifier), false) THEN
    PERFORM sync.bad_request('A device password is sent as its SCRAM-SHA-256 verifier, never as itself.');
  END IF;
  IF p_code IS NULL OR p_code !~ '^[0-9A-HJKMNP-TV-Z]{10}$' THEN
    RETURN v_token;
  END IF;
  -- A try is finished within a second of being made; one left unfinished is of no use after 10 minutes.
  DELETE FROM sync.enrolment_tries WHERE tried_at < clock_timestamp() - interval '10 minutes';
  SELECT * INTO v_entry FROM sync.enrolment_codes WHERE id = left(p_code, 4) FOR UPDATE;
  IF NOT FOUND THEN
    PERFORM sync.enrolment_crypt(p_code, sync.enrolment_decoy_setting());
    RETURN v_token;
  END IF;
  v_matches := sync.enrolment_crypt(p_code, coalesce(v_entry.code_crypt, sync.enrolment_decoy_setting())) = v_entry.code_crypt;
  UPDATE sync.enrolment_codes SET failed_tries = least(failed_tries + 1, 1000000) WHERE id = v_entry.id;
  INSERT INTO sync.enrolment_tries (token, code_id, tried_in, tried_at, verdict, role_name, password_verifier, public_key, device_name)
  VALUES (v_token, v_entry.id, pg_current_xact_id(), clock_timestamp(),
          CASE WHEN NOT coalesce(v_matches, false) THEN 'wrong'
               WHEN v_entry.failed_tries >= sync.enrolment_max_tries() THEN 'locked'
               ELSE 'right' END,
          p_role_name, p_password_verifier, p_public_key, btrim(p_device_name));
  RETURN v_token;
END
$$;

-- The second half: the verdict of the committed try p_token, and for the
-- right code of an open code, the device. A refusal is a value: {ok: false,
-- reason: invalid | locked | used | expired}; only the right code hears
-- locked, used or expired. Success is {ok: true, deviceId, roleName, name,
-- kind}: the device's own role, with the verifier the device sent as its
-- password and its public key registered for its proof of configuration.
CREATE OR REPLACE FUNCTION sync.enrolment_finish(p_token uuid) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, sync
AS $$
DECLARE
  v_try sync.enrolment_tries;
  v_entry sync.enrolment_codes;
  v_name text;
  v_device_id uuid;
BEGIN
  SELECT * INTO v_try FROM sync.enrolment_tries WHERE token = p_token AND tried_at >= clock_timestamp() - interval '10 minutes' FOR UPDATE;
  -- A try its own transaction has not committed yet answers as no try at
  -- all: telling it apart would tell the verdict of a try that may never count.
  IF NOT FOUND OR pg_xact_status(v_try.tried_in) IS DISTINCT FROM 'committed' THEN
    RETURN jsonb_build_object('ok', false, 'reason', 'invalid');
  END IF;
  DELETE FROM sync.enrolment_tries WHERE token = p_token;
  IF v_try.verdict = 'wrong' THEN
    RETURN jsonb_build_object('ok', false, 'reason', 'invalid');
  END IF;
  IF v_try.verdict = 'locked' THEN
    RETURN jsonb_build_object('ok', false, 'reason', 'locked');
  END IF;
  SELECT * INTO v_entry FROM sync.enrolment_codes WHERE id = v_try.code_id FOR UPDATE;
  -- The right code is not a failed try: its count comes back.
  UPDATE sync.enrolment_codes SET failed_tries = greatest(failed_tries - 1, 0) WHERE id = v_entry.id;
  IF v_entry.used_at IS NOT NULL THEN
    RETURN jsonb_build_object('ok', false, 'reason', 'used', 'usedAt', sync.iso(v_entry.used_at));
  END IF;
  -- The clock, not the transaction's start (now()): a session that opened
  -- a transaction while the code was open must not redeem it after it expired.
  IF v_entry.expires_at <= clock_timestamp() THEN
    RETURN jsonb_build_object('ok', false, 'reason', 'expired', 'expiredAt', sync.iso(v_entry.expires_at));
  END IF;
  v_name := coalesce(v_entry.device_name, v_try.device_name);
  v_device_id := sync_admin.add_device(v_name, v_entry.kind, v_try.role_name, v_try.password_verifier);
  UPDATE sync.devices SET signing_public_key = v_try.public_key, signing_key_registered_at = clock_timestamp() WHERE id = v_device_id;
  UPDATE sync.enrolment_codes SET used_at = clock_timestamp(), device_id = v_device_id WHERE id = v_entry.id;
  PERFORM sync.enrolment_fit_login(NULL);
  RETURN jsonb_build_object('ok', true, 'deviceId', v_device_id, 'roleName', v_try.role_name, 'name', v_name, 'kind', v_entry.kind);
END
$$;

-- What a device calls, outside any transaction of its own: the try, a
-- COMMIT that makes it count, then its verdict. Inside a caller's
-- transaction block the COMMIT is refused ("invalid transaction
-- termination", 2D000) and so is the whole call. SECURITY INVOKER and no
-- SET clause, since a procedure with either may not COMMIT (CREATE
-- PROCEDURE); it runs as kiosk_enrolment and calls only what that role may
-- call anyway.
CREATE OR REPLACE PROCEDURE sync.enrol_with_code(p_code text, p_role_name text, p_password_verifier text, p_public_key text, p_device_name text, INOUT reply jsonb DEFAULT NULL)
LANGUAGE plpgsql
AS $$
DECLARE
  v_token uuid;
BEGIN
  v_token := sync.enrolment_try(p_code, p_role_name, p_password_verifier, p_public_key, p_device_name);
  COMMIT;
  reply := sync.enrolment_finish(v_token);
END
$$;

GRANT EXECUTE ON FUNCTION sync.enrolment_try(text, text, text, text, text) TO kiosk_enrolment;
GRANT EXECUTE ON FUNCTION sync.enrolment_finish(uuid) TO kiosk_enrolment;
GRANT EXECUTE ON PROCEDURE sync.enrol_with_code(text, text, text, text, text, jsonb) TO kiosk_enrolment;
