-- sync.hello: the first call of every sync run (docs/sync.md, "sync.hello").

CREATE OR REPLACE FUNCTION sync.hello(p_schema_version integer) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, sync
AS $$
DECLARE
  v_device sync.devices := sync.require_device(p_schema_version);
BEGIN
  UPDATE sync.devices SET last_seen_at = now() WHERE id = v_device.id;
  RETURN jsonb_build_object(
    'deviceId', v_device.id,
    'name', v_device.name,
    'kind', v_device.kind,
    'lastAppliedSeq', v_device.last_applied_seq,
    'serverTime', sync.iso(now()),
    'schemaVersion', sync.schema_version());
END
$$;

GRANT EXECUTE ON FUNCTION sync.hello(integer) TO kiosk_device;
