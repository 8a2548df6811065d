-- Proof of configuration (docs/sync.md, "Proof of configuration"): a device
-- registers its Ed25519 public key once, asks for a fresh challenge, and
-- sends its signature over each interview's configuration key; IT approves
-- configurations and resets a device's key. Postgres cannot check an Ed25519
-- signature (pgcrypto has none), so the server checks everything else
-- (challenge, device, interview, key) and stores the signature with the key
-- it was registered under; the recruiter's laptop verifies it with node:crypto.
--
-- Refusals a person must act on are KS005, with the reason in the message.

-- The SPKI DER prefix of every Ed25519 public key (RFC 8410): 12 bytes, then the 32-byte key.
CREATE OR REPLACE FUNCTION sync.is_signing_public_key(p_key text) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, public, sync
AS $$
DECLARE
  v_bytes bytea;
BEGIN
  IF p_key IS NULL OR p_key !~ '^[A-Za-z0-9+/]{59}=$' THEN
    RETURN false;
  END IF;
  v_bytes := decode(p_key, 'base64');
  RETURN length(v_bytes) = 44 AND substring(v_bytes FROM 1 FOR 12) = '\x302a300506032b6570032100'::bytea;
END
$$;

-- Registered once; the same key again is a no-op (a lost reply is retried),
-- a different one is refused until IT resets it: a stolen device password
-- alone must not let another machine sign as this device.
CREATE OR REPLACE FUNCTION sync.register_signing_key(p_schema_version integer, p_public_key text) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, sync
AS $$
DECLARE
  v_device sync.devices := sync.require_device(p_schema_version);
  v_stored sync.devices;
BEGIN
  IF NOT sync.is_signing_public_key(p_public_key) THEN
    PERFORM sync.bad_request('A signing key must be an Ed25519 public key (SPKI DER, base64).');
  END IF;
  SELECT * INTO v_stored FROM sync.devices WHERE id = v_device.id FOR UPDATE;
  IF v_stored.signing_public_key IS NULL THEN
    UPDATE sync.devices SET signing_public_key = p_public_key, signing_key_registered_at = now() WHERE id = v_device.id
      RETURNING * INTO v_stored;
  ELSIF v_stored.signing_public_key <> p_public_key THEN
    RAISE EXCEPTION USING ERRCODE = 'KS005',
      MESSAGE = format('This device registered a different signing key on %s, so the hosted database refuses this one. '
                       'If the device was reinstalled or its keychain emptied, IT clears the old key with: '
                       'npm run cli -- hosted-db reset-device-key --id %s', sync.iso(v_stored.signing_key_registered_at), v_device.id);
  END IF;
  RETURN jsonb_build_object('registeredAt', sync.iso(v_stored.signing_key_registered_at));
END
$$;

-- A fresh single-use challenge, with the device's interviews that still
-- need an attestation and the key it registered. No challenge when nothing
-- waits: a device syncs every 30 s and most runs have nothing to attest.
CREATE OR REPLACE FUNCTION sync.attestation_challenge(p_schema_version integer) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, sync
AS $$
DECLARE
  v_device sync.devices := sync.require_device(p_schema_version);
  v_pending jsonb;
  v_challenge text;
  v_expires timestamptz := now() + interval '5 minutes';
BEGIN
  -- Kept a day after expiry, so a late attempt is told "expired" rather than "unknown".
  DELETE FROM sync.attestation_challenges WHERE device_id = v_device.id AND expires_at < now() - interval '1 day';
  SELECT coalesce(jsonb_agg(jsonb_build_object('interviewId', c.interview_id, 'configurationKey', c.configuration_key)
                            ORDER BY c.created_at, c.id), '[]')
    INTO v_pending
    FROM (SELECT ic.interview_id, ic.configuration_key, ic.created_at, ic.id
            FROM public.interview_configurations ic
           WHERE ic.origin_device_id = v_device.id AND ic.deleted_at IS NULL
             AND NOT EXISTS (SELECT 1 FROM public.configuration_attestations a WHERE a.interview_id = ic.interview_id)
           ORDER BY ic.created_at, ic.id
           LIMIT 200) c;
  IF jsonb_array_length(v_pending) > 0 THEN
    v_challenge := replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', '');
    INSERT INTO sync.attestation_challenges (challenge, device_id, expires_at) VALUES (v_challenge, v_device.id, v_expires);
  END IF;
  RETURN jsonb_build_object(
    'challenge', v_challenge,
    'expiresAt', CASE WHEN v_challenge IS NULL THEN NULL ELSE sync.iso(v_expires) END,
    'signingKey', v_device.signing_public_key,
    'pending', v_pending);
END
$$;

-- Spends the challenge (its own, unexpired, unused, this device's) and
-- stores one attestation per entry whose interview this device recorded
-- under that key. The first attestation of an interview stays.
CREATE OR REPLACE FUNCTION sync.attest_configurations(p_schema_version integer, p_challenge text, p_entries jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, sync
AS $$
DECLARE
  v_device sync.devices := sync.require_device(p_schema_version);
  v_challenge sync.attestation_challenges;
  v_entry jsonb;
  v_interview uuid;
  v_recorded text;
  v_stored integer := 0;
  v_already integer := 0;
  v_refused jsonb := '[]';
BEGIN
  IF v_device.signing_public_key IS NULL THEN
    RAISE EXCEPTION USING ERRCODE = 'KS005', MESSAGE = 'This device has no signing key registered; it registers one before attesting.';
  END IF;
  SELECT * INTO v_challenge FROM sync.attestation_challenges WHERE challenge = p_challenge FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION USING ERRCODE = 'KS005', MESSAGE = 'The hosted database did not issue this challenge.';
  ELSIF v_challenge.device_id <> v_device.id THEN
    RAISE EXCEPTION USING ERRCODE = 'KS005', MESSAGE = 'This challenge was issued to another device.';
  ELSIF v_challenge.used_at IS NOT NULL THEN
    RAISE EXCEPTION USING ERRCODE = 'KS005', MESSAGE = 'This challenge was already used; ask for a fresh one.';
  ELSIF v_challenge.expires_at < now() THEN
    RAISE EXCEPTION USING ERRCODE = 'KS005', MESSAGE = 'This challenge has expired; ask for a fresh one.';
  END IF;
  IF jsonb_typeof(p_entries) IS DISTINCT FROM 'array' OR jsonb_array_length(p_entries) NOT BETWEEN 1 AND 200 THEN
    PERFORM sync.bad_request('Attestations come as a list of 1 to 200 entries.');
  END IF;
  FOR v_entry IN SELECT value FROM jsonb_array_elements(p_entries) LOOP
    IF jsonb_typeof(v_entry) IS DISTINCT FROM 'object'
       OR (v_entry ->> 'interviewId') !~ '^[0-9a-fA-F-]{36}$'
       OR (v_entry ->> 'configurationKey') !~ '^[0-9a-f]{64}$'
       OR (v_entry ->> 'signature') !~ '^[A-Za-z0-9+/]{86}==$' THEN
      PERFORM sync.bad_request(format('A malformed attestation: %s', left(v_entry::text, 200)));
    END IF;
  END LOOP;
  UPDATE sync.attestation_challenges SET used_at = now() WHERE challenge = p_challenge;

  FOR v_entry IN SELECT value FROM jsonb_array_elements(p_entries) LOOP
    v_interview := (v_entry ->> 'interviewId')::uuid;
    SELECT configuration_key INTO v_recorded FROM public.interview_configurations
     WHERE interview_id = v_interview AND origin_device_id = v_device.id AND deleted_at IS NULL;
    IF v_recorded IS NULL THEN
      v_refused := v_refused || jsonb_build_object('interviewId', v_interview, 'reason', 'This device recorded no configuration for that interview.');
    ELSIF v_recorded <> v_entry ->> 'configurationKey' THEN
      v_refused := v_refused || jsonb_build_object('interviewId', v_interview, 'reason', 'The key differs from the configuration recorded for that interview.');
    ELSE
      INSERT INTO public.configuration_attestations
             (id, interview_id, device_id, configuration_key, challenge, signature, public_key, attested_at, origin_device_id)
      VALUES (gen_random_uuid(), v_interview, v_device.id, v_recorded, p_challenge, v_entry ->> 'signature',
              v_device.signing_public_key, now(), v_device.id)
      ON CONFLICT (interview_id) DO NOTHING;
      IF FOUND THEN v_stored := v_stored + 1; ELSE v_already := v_already + 1; END IF;
    END IF;
  END LOOP;
  RETURN jsonb_build_object('stored', v_stored, 'alreadyAttested', v_already, 'refused', v_refused);
END
$$;

-- IT's side (owner only, no grants): npm run cli -- hosted-db reset-device-key,
-- approve-configuration, withdraw-configuration.

-- The device registers a new key at its next sync; attestations already
-- stored keep the key they were stored with.
CREATE OR REPLACE FUNCTION sync_admin.reset_device_key(p_device_id uuid) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, sync
AS $$
BEGIN
  UPDATE sync.devices SET signing_public_key = NULL, signing_key_registered_at = NULL WHERE id = p_device_id;
  IF NOT FOUND THEN
    RAISE EXCEPTION USING ERRCODE = 'KS001', MESSAGE = format('No device has the id %s.', coalesce(p_device_id::text, 'null'));
  END IF;
END
$$;

-- Approves the configuration an interview ran under (p_interview_id), or one
-- by its key (p_key: the summary is taken from any interview recorded under
-- it, since a key alone cannot say what it stands for).
CREATE OR REPLACE FUNCTION sync_admin.approve_configuration(p_interview_id uuid, p_key text, p_note text) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, sync
AS $$
DECLARE
  v_recorded public.interview_configurations;
  v_existing public.approved_configurations;
  v_id uuid := gen_random_uuid();
BEGIN
  IF (p_interview_id IS NULL) = (p_key IS NULL) THEN
    PERFORM sync.bad_request('Name either an interview or a configuration key, not both or neither.');
  END IF;
  IF length(coalesce(p_note, '')) > 500 THEN
    PERFORM sync.bad_request('A note is at most 500 characters.');
  END IF;
  SELECT * INTO v_recorded FROM public.interview_configurations
   WHERE deleted_at IS NULL AND (interview_id = p_interview_id OR configuration_key = p_key)
   ORDER BY created_at LIMIT 1;
  IF NOT FOUND THEN
    PERFORM sync.bad_request(CASE WHEN p_interview_id IS NOT NULL
      THEN format('Interview %s has no recorded configuration (it started before this app version, or its kiosk has not synced yet).', p_interview_id)
      ELSE format('No interview has run under configuration %s yet; approve it by an interview (--interview ID) once one has synced.', p_key) END);
  END IF;
  SELECT * INTO v_existing FROM public.approved_configurations WHERE configuration_key = v_recorded.configuration_key AND deleted_at IS NULL;
  IF FOUND THEN
    RETURN jsonb_build_object('id', v_existing.id, 'configurationKey', v_existing.configuration_key, 'alreadyApproved', true);
  END IF;
  INSERT INTO public.approved_configurations (id, configuration_key, configuration, note, approved_at)
  VALUES (v_id, v_recorded.configuration_key, v_recorded.configuration, btrim(coalesce(p_note, '')), now());
  RETURN jsonb_build_object('id', v_id, 'configurationKey', v_recorded.configuration_key, 'alreadyApproved', false);
END
$$;

-- A tombstone, so laptops learn of it as of any deletion.
CREATE OR REPLACE FUNCTION sync_admin.withdraw_configuration(p_key text) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, sync
AS $$
BEGIN
  UPDATE public.approved_configurations
     SET deleted_at = now(), updated_at = now(), row_version = row_version + 1
   WHERE configuration_key = p_key AND deleted_at IS NULL;
  RETURN FOUND;
END
$$;

GRANT EXECUTE ON FUNCTION
  sync.register_signing_key(integer, text),
  sync.attestation_challenge(integer),
  sync.attest_configurations(integer, text, jsonb)
TO kiosk_device;
