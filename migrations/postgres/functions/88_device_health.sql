-- Fleet health (README "Fleet health (IT)", migrations/postgres/0012_device_health.sql).
-- A device writes its own row only: the row is the caller's (session_user's
-- device), whatever the report says; there is no device id to pass.

CREATE OR REPLACE FUNCTION sync.report_device_health(p_schema_version integer, p_report jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, sync
AS $$
DECLARE
  v_device sync.devices := sync.require_device(p_schema_version);
  v_at timestamptz := now();
BEGIN
  IF jsonb_typeof(p_report) IS DISTINCT FROM 'object' THEN
    PERFORM sync.bad_request('A health report is a JSON object.');
  END IF;
  IF octet_length(p_report::text) > 16384 THEN
    PERFORM sync.bad_request('A health report is at most 16 KB.');
  END IF;
  INSERT INTO sync.device_health (device_id, reported_at, report) VALUES (v_device.id, v_at, p_report)
  ON CONFLICT (device_id) DO UPDATE SET reported_at = excluded.reported_at, report = excluded.report;
  RETURN jsonb_build_object('reportedAt', sync.iso(v_at));
END
$$;

-- Every enrolled (not revoked) device with its latest report and the
-- changes refused from it in the last day, on the database's clock.
CREATE OR REPLACE FUNCTION sync_admin.fleet() RETURNS jsonb
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, public, sync
AS $$
  SELECT jsonb_build_object(
    'serverTime', sync.iso(now()),
    'devices', coalesce(jsonb_agg(jsonb_build_object(
        'deviceId', d.id,
        'name', d.name,
        'kind', d.kind,
        'lastSeenAt', sync.iso(d.last_seen_at),
        'reportedAt', sync.iso(h.reported_at),
        'report', h.report,
        'refusalsLastDay', (SELECT count(*) FROM sync.rejections r WHERE r.device_id = d.id AND r.at > now() - interval '1 day'))
      ORDER BY d.name, d.id), '[]'))
    FROM sync.devices d
    LEFT JOIN sync.device_health h ON h.device_id = d.id
   WHERE d.revoked_at IS NULL
$$;

-- The same list for an administrator's Devices screen, read through the
-- device's own sync connection. Every enrolled device may read it: the app
-- shows it to admins only, and it holds versions, counts and redacted
-- errors, never a row of the organisation's data.
CREATE OR REPLACE FUNCTION sync.fleet_health(p_schema_version integer) RETURNS jsonb
LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, public, sync
AS $$
BEGIN
  PERFORM sync.require_device(p_schema_version);
  RETURN sync_admin.fleet();
END
$$;

GRANT EXECUTE ON FUNCTION
  sync.report_device_health(integer, jsonb),
  sync.fleet_health(integer)
TO kiosk_device;
