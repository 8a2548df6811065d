-- IT's device enrolment (docs/sync.md, "Admin functions"): owner only, no
-- grants; npm run cli -- hosted-db enrol-device / revoke-device call them.

-- The shape of every device login, whether the server or the device (an
-- enrolment code's try) names it.
CREATE OR REPLACE FUNCTION sync.check_device_role_name(p_role text) RETURNS void
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, public, sync
AS $$
BEGIN
  IF p_role IS NULL OR p_role !~ '^kiosk_dev_[0-9a-f]{12}$' THEN
    PERFORM sync.bad_request('A device login is named kiosk_dev_ and 12 hexadecimal digits.');
  END IF;
END
$$;

-- A device's login role, in kiosk_device, and its row. p_secret is a
-- password, or a SCRAM-SHA-256 verifier the device made of a password it
-- keeps (Postgres stores a verifier as given: CREATE ROLE, "PASSWORD").
CREATE OR REPLACE FUNCTION sync_admin.add_device(p_name text, p_kind text, p_role text, p_secret text) RETURNS uuid
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, sync
AS $$
DECLARE
  v_id uuid := gen_random_uuid();
BEGIN
  IF p_kind IS NULL OR p_kind NOT IN ('kiosk', 'laptop') THEN
    PERFORM sync.bad_request(format('A device is a kiosk or a laptop, not %s.', coalesce(p_kind, 'null')));
  END IF;
  IF length(btrim(coalesce(p_name, ''))) NOT BETWEEN 1 AND 200 THEN
    PERFORM sync.bad_request('A device needs a name of 1 to 200 characters.');
  END IF;
  PERFORM sync.check_device_role_name(p_role);
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_role) THEN
    PERFORM sync.bad_request(format('The database user %s exists already: enrol with another.', p_role));
  END IF;
  -- A device keeps one connection open (docs/sync.md "Connections"); 3 leaves room for a reconnect the
  -- server has not noticed yet, and stops a leaking or copied login from eating the server's slots.
  -- The statement timeout is the role's, not a startup parameter, as a transaction pooler refuses those.
  EXECUTE format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION INHERIT CONNECTION LIMIT 3 PASSWORD %L IN ROLE kiosk_device',
                 p_role, p_secret);
  EXECUTE format('ALTER ROLE %I SET statement_timeout = %L', p_role, '30s');
  INSERT INTO sync.devices (id, role_name, name, kind) VALUES (v_id, p_role, btrim(p_name), p_kind);
  RETURN v_id;
END
$$;

-- IT's way without a code (hosted-db enrol-device --with-password): the
-- server makes the login and its password, shown to IT once.
CREATE OR REPLACE FUNCTION sync_admin.create_device(p_name text, p_kind text) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, sync
AS $$
DECLARE
  -- gen_random_uuid() draws from the server's strong random source; the
  -- first 12 hex digits of a v4 uuid are all random.
  v_role text := 'kiosk_dev_' || left(replace(gen_random_uuid()::text, '-', ''), 12);
  v_password text := replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', '');
  v_id uuid := sync_admin.add_device(p_name, p_kind, v_role, v_password);
BEGIN
  RETURN jsonb_build_object('deviceId', v_id, 'roleName', v_role, 'password', v_password);
END
$$;

-- Refuses the device at once (its functions check revoked_at), stops new
-- logins and ends its open sessions. The role is kept for the audit trail.
CREATE OR REPLACE FUNCTION sync_admin.revoke_device(p_device_id uuid) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, sync
AS $$
DECLARE
  v_role text;
BEGIN
  UPDATE sync.devices SET revoked_at = coalesce(revoked_at, now()) WHERE id = p_device_id RETURNING role_name INTO v_role;
  IF v_role IS NULL THEN
    RAISE EXCEPTION USING ERRCODE = 'KS001', MESSAGE = format('No device has the id %s.', coalesce(p_device_id::text, 'null'));
  END IF;
  EXECUTE format('ALTER ROLE %I NOLOGIN', v_role);
  BEGIN
    PERFORM pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = v_role;
  EXCEPTION WHEN insufficient_privilege THEN
    RAISE WARNING 'Could not end the open sessions of %: they get KS001 on their next call.', v_role;
  END;
END
$$;
