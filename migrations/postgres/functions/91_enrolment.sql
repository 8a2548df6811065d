-- One-code enrolment (docs/sync.md, "Enrolment codes"; the table and the
-- kiosk_enrolment role are in 0013_enrolment_codes.sql). IT issues a code
-- as the owner (hosted-db enrol-device); a device logs in as
-- kiosk_enrolment and redeems it for a device role of its own.

-- Crockford's base32: no I, L, O or U, so a code read aloud or from paper is not mistyped.
CREATE OR REPLACE FUNCTION sync.enrolment_alphabet() RETURNS text
LANGUAGE sql IMMUTABLE
AS $$ SELECT '0123456789ABCDEFGHJKMNPQRSTVWXYZ'::text $$;

CREATE OR REPLACE FUNCTION sync.enrolment_code_hash(p_code text) RETURNS bytea
LANGUAGE sql IMMUTABLE
AS $$ SELECT sha256(convert_to('teamified-enrolment:' || p_code, 'UTF8')) $$;

-- A new code for one device of p_kind, named p_name (NULL: the device names
-- itself), open for p_expires_in on the database's clock. Returns the code,
-- once: only its hash is kept.
CREATE OR REPLACE FUNCTION sync_admin.issue_enrolment(p_kind text, p_name text, p_expires_in interval) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, sync
AS $$
DECLARE
  v_alphabet text := sync.enrolment_alphabet();
  v_code text;
  v_bytes bytea;
  v_expires timestamptz;
  v_valid_until timestamptz;
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
  v_expires := now() + p_expires_in;
  -- Old codes go after 30 days: long enough to answer "was it used, and by which device?".
  DELETE FROM sync.enrolment_codes WHERE expires_at < now() - interval '30 days';
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
  INSERT INTO sync.enrolment_codes (id, code_hash, kind, device_name, expires_at)
  VALUES (left(v_code, 4), sync.enrolment_code_hash(v_code), p_kind, nullif(btrim(p_name), ''), v_expires);
  -- kiosk_enrolment may log in until the last open code expires (NULL is "no limit": left alone).
  SELECT rolvaliduntil INTO v_valid_until FROM pg_roles WHERE rolname = 'kiosk_enrolment';
  IF v_valid_until IS NOT NULL AND v_valid_until < v_expires THEN
    EXECUTE format('ALTER ROLE kiosk_enrolment VALID UNTIL %L', v_expires);
  END IF;
  RETURN jsonb_build_object('code', v_code, 'kind', p_kind, 'name', nullif(btrim(p_name), ''), 'expiresAt', sync.iso(v_expires));
END
$$;

-- Redeems a code for a new device: its role and password (returned to this
-- caller only), with p_public_key registered as its signing key for the
-- proof of configuration. A refusal is a value, not an error, so that the
-- failed try it counts is committed: {ok: false, reason: invalid | expired
-- | used | locked}. Malformed arguments (a bug, not a person's mistake) are
-- KS004.
CREATE OR REPLACE FUNCTION sync.redeem_enrolment(p_code text, p_public_key text, p_device_name text) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, sync
AS $$
DECLARE
  v_entry sync.enrolment_codes;
  v_name text;
  v_device jsonb;
  v_max_tries constant integer := 5;
BEGIN
  IF NOT sync.is_signing_public_key(p_public_key) THEN
    PERFORM sync.bad_request('A signing key must be an Ed25519 public key (SPKI DER, base64).');
  END IF;
  IF p_device_name IS NOT NULL AND length(btrim(p_device_name)) NOT BETWEEN 1 AND 200 THEN
    PERFORM sync.bad_request('A device name has 1 to 200 characters.');
  END IF;
  IF p_code IS NULL OR p_code !~ '^[0-9A-HJKMNP-TV-Z]{10}$' THEN
    RETURN jsonb_build_object('ok', false, 'reason', 'invalid');
  END IF;
  SELECT * INTO v_entry FROM sync.enrolment_codes WHERE id = left(p_code, 4) FOR UPDATE;
  IF NOT FOUND THEN
    RETURN jsonb_build_object('ok', false, 'reason', 'invalid');
  END IF;
  -- Locked stays locked, even for the right code: five wrong tries mean someone may be guessing.
  IF v_entry.failed_tries >= v_max_tries THEN
    RETURN jsonb_build_object('ok', false, 'reason', 'locked');
  END IF;
  IF v_entry.code_hash <> sync.enrolment_code_hash(p_code) THEN
    UPDATE sync.enrolment_codes SET failed_tries = failed_tries + 1 WHERE id = v_entry.id RETURNING * INTO v_entry;
    RETURN jsonb_build_object('ok', false, 'reason', CASE WHEN v_entry.failed_tries >= v_max_tries THEN 'locked' ELSE 'invalid' END);
  END IF;
  IF v_entry.used_at IS NOT NULL THEN
    RETURN jsonb_build_object('ok', false, 'reason', 'used', 'usedAt', sync.iso(v_entry.used_at));
  END IF;
  IF v_entry.expires_at <= now() THEN
    RETURN jsonb_build_object('ok', false, 'reason', 'expired', 'expiredAt', sync.iso(v_entry.expires_at));
  END IF;
  v_name := coalesce(v_entry.device_name, btrim(p_device_name));
  IF v_name IS NULL THEN
    PERFORM sync.bad_request('This code does not name the device: give the device a name.');
  END IF;
  v_device := sync_admin.create_device(v_name, v_entry.kind);
  UPDATE sync.devices SET signing_public_key = p_public_key, signing_key_registered_at = now() WHERE id = (v_device ->> 'deviceId')::uuid;
  UPDATE sync.enrolment_codes SET used_at = now(), device_id = (v_device ->> 'deviceId')::uuid WHERE id = v_entry.id;
  RETURN jsonb_build_object('ok', true, 'name', v_name, 'kind', v_entry.kind) || v_device;
END
$$;

GRANT EXECUTE ON FUNCTION sync.redeem_enrolment(text, text, text) TO kiosk_enrolment;
