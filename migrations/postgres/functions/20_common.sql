-- What every device function starts with: who is calling, at which schema
-- version, and how a refusal is raised (docs/sync.md, "Roles and
-- credentials", "Schema version", "Errors").

-- Times travel as SQLite stores them: ISO-8601 UTC, milliseconds, 'Z'.
CREATE OR REPLACE FUNCTION sync.iso(p timestamptz) RETURNS text
LANGUAGE sql IMMUTABLE
SET search_path = pg_catalog, public, sync
AS $$
  SELECT to_char(p AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
$$;

-- The newest numbered migration applied: function files do not move it, so
-- a function change that devices must know about comes with a migration.
CREATE OR REPLACE FUNCTION sync.schema_version() RETURNS integer
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, public, sync
AS $$
  SELECT coalesce(max(version), 0) FROM sync.schema_migrations
$$;

-- The caller, or KS001 / KS002. Every device function starts here.
CREATE OR REPLACE FUNCTION sync.require_device(p_schema_version integer) RETURNS sync.devices
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, public, sync
AS $$
DECLARE
  v_device sync.devices;
  v_version integer := sync.schema_version();
BEGIN
  SELECT * INTO v_device FROM sync.devices WHERE role_name = session_user AND revoked_at IS NULL;
  IF NOT FOUND THEN
    RAISE EXCEPTION USING ERRCODE = 'KS001',
      MESSAGE = format('The database user %s is not an enrolled device, or the device was revoked. Ask IT to enrol this device.', session_user);
  END IF;
  IF p_schema_version IS DISTINCT FROM v_version THEN
    RAISE EXCEPTION USING ERRCODE = 'KS002',
      MESSAGE = format('Sync schema version mismatch: this app uses version %s, the hosted database is at version %s. %s',
                       coalesce(p_schema_version::text, 'none'), v_version,
                       CASE WHEN p_schema_version > v_version
                            THEN 'Update the hosted database (npm run cli -- hosted-db migrate).'
                            ELSE 'Update the app on this device.' END);
  END IF;
  RETURN v_device;
END
$$;

CREATE OR REPLACE FUNCTION sync.bad_request(p_message text) RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, public, sync
AS $$
BEGIN
  RAISE EXCEPTION USING ERRCODE = 'KS004', MESSAGE = p_message;
END
$$;

-- A mutation the server refuses (recorded in sync.rejections by sync.push).
-- KSR01 never leaves sync.push.
CREATE OR REPLACE FUNCTION sync.reject(p_reason text) RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, public, sync
AS $$
BEGIN
  RAISE EXCEPTION USING ERRCODE = 'KSR01', MESSAGE = p_reason;
END
$$;

-- The one helper a device may call directly: it reveals nothing but the number.
GRANT EXECUTE ON FUNCTION sync.schema_version() TO kiosk_device;

-- Where pgcrypto lives: 0015 puts it in "pgcrypto", but a server that had
-- it already (Supabase's "extensions") keeps its own. p_needed_for names
-- what cannot work without it.
CREATE OR REPLACE FUNCTION sync.pgcrypto_schema(p_needed_for text) RETURNS name
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog
AS $$
DECLARE
  v_schema name;
BEGIN
  SELECT n.nspname INTO v_schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pgcrypto';
  IF v_schema IS NULL THEN
    RAISE EXCEPTION USING ERRCODE = '55000',
      MESSAGE = format('The pgcrypto extension is missing from the hosted database, and %s need it. Run npm run cli -- hosted-db migrate.', p_needed_for);
  END IF;
  RETURN v_schema;
END
$$;
