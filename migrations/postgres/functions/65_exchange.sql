-- sync.exchange: the whole run of a device with nothing to push, in one
-- round trip (docs/sync.md, "sync.exchange"). A device syncs every 30 s and
-- most runs carry nothing; over a hosted database 30-80 ms away, the five
-- calls of the full run (hello, challenge, pull, health) cost five round
-- trips where one will do. It is made of the device functions themselves,
-- so it answers exactly what they answer and cannot drift from them.

CREATE OR REPLACE FUNCTION sync.exchange(p_schema_version integer, p_cursor jsonb, p_limit integer, p_report jsonb) RETURNS json
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, sync
AS $$
DECLARE
  -- The page first, while this transaction has written nothing: sync.pull
  -- reads below the oldest running transaction's id, and reads as it would
  -- alone only before hello's UPDATE gives this transaction an id of its own.
  v_page json := sync.pull(p_schema_version, p_cursor, p_limit);
  -- Writes a challenge only when something waits to be attested.
  v_offer jsonb := sync.attestation_challenge(p_schema_version);
  v_hello jsonb := sync.hello(p_schema_version);
  v_health jsonb;
BEGIN
  -- The fleet reads a report's time as the device's last run that went
  -- through (sync_admin.fleet, README "Fleet health"): the full run reports
  -- last, after its pull is applied. So the report is stored here only when
  -- the page brings nothing to apply; otherwise the device sends it at the
  -- end of its run, and health stays null. A report the server refuses must
  -- not cost the device its pull, as the full run never fails for its report
  -- either; anything but a refusal (KS004) still fails the call.
  IF p_report IS NOT NULL AND p_report <> 'null'::jsonb
     AND json_array_length(v_page -> 'changes') = 0 AND NOT (v_page ->> 'hasMore')::boolean THEN
    BEGIN
      v_health := sync.report_device_health(p_schema_version, p_report);
    EXCEPTION WHEN SQLSTATE 'KS004' THEN
      v_health := jsonb_build_object('refused', SQLERRM);
    END;
  END IF;
  -- json, not jsonb: the page is json text already (50_pull.sql says why).
  RETURN json_build_object('hello', v_hello, 'pull', v_page, 'attestation', v_offer, 'health', v_health);
END
$$;

GRANT EXECUTE ON FUNCTION sync.exchange(integer, jsonb, integer, jsonb) TO kiosk_device;
