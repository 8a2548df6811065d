-- sync.push: a device's outbox, applied in order, exactly once
-- (docs/sync.md, "sync.push"). The merge rule it applies to rows is
-- 30_merge_row.sql, to named operations 35_operations.sql.

-- Columns of a synced table other than id and origin_device_id, in order,
-- each prefixed with p_prefix ('' or 'r.').
CREATE OR REPLACE FUNCTION sync.column_list(p_table text, p_prefix text, p_except text[] DEFAULT '{}') RETURNS text
LANGUAGE sql STABLE
SET search_path = pg_catalog, public, sync
AS $$
  SELECT string_agg(p_prefix || quote_ident(attname), ', ' ORDER BY attnum)
  FROM pg_attribute
  WHERE attrelid = format('public.%I', p_table)::regclass AND attnum > 0 AND NOT attisdropped
    AND attname <> ALL (ARRAY['id', 'origin_device_id'] || p_except)
$$;

-- A kiosk may change a recruiter it did not originate only in the sign-in
-- columns (a failed or successful staff sign-in at the kiosk), and, for a
-- proctor, in pin_hash too: proctors set their kiosk PIN at the kiosk where
-- they open sittings (channel proctor.setPin), on an account usually created
-- on a recruiter laptop, and the PIN only unlocks kiosk sittings. True when
-- every other column equals the stored row. pin_hash is free only when the
-- STORED role is 'proctor' and the incoming one still is (role stays a
-- compared column, so a kiosk can neither make someone a proctor nor change
-- a recruiter's, admin's or viewer's pin_hash). Kiosks are physically
-- exposed: keep this list as short as that.
CREATE OR REPLACE FUNCTION sync.only_sign_in_columns_differ(p_row jsonb, p_id uuid) RETURNS boolean
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, public, sync
AS $$
DECLARE
  v_free text[] := ARRAY['failed_login_count', 'locked_until', 'last_login_at', 'updated_at', 'row_version'];
  v_same boolean;
BEGIN
  IF p_row ->> 'role' = 'proctor' AND EXISTS (SELECT 1 FROM public.recruiters t WHERE t.id = p_id AND t.role = 'proctor') THEN
    v_free := v_free || 'pin_hash'::text;
  END IF;
  -- (r.a, r.b, ...) IS NOT DISTINCT FROM (t.a, t.b, ...) over every other column.
  EXECUTE format('SELECT (%s) IS NOT DISTINCT FROM (%s) FROM public.recruiters t, jsonb_populate_record(NULL::public.recruiters, $1) r WHERE t.id = $2',
                 sync.column_list('recruiters', 'r.', v_free), sync.column_list('recruiters', 't.', v_free))
    INTO v_same USING p_row, p_id;
  RETURN coalesce(v_same, false);
END
$$;

-- The stored row p_id of p_table, locked until the push ends, or NULL.
-- Volatile (not STABLE), so each call reads with a new snapshot: the
-- re-read after losing an insert race must see the other device's row.
CREATE OR REPLACE FUNCTION sync.lock_stored_row(p_table text, p_id uuid) RETURNS jsonb
LANGUAGE plpgsql
SET search_path = pg_catalog, public, sync
AS $$
DECLARE
  v_stored jsonb;
BEGIN
  EXECUTE format('SELECT to_jsonb(t) FROM public.%I t WHERE t.id = $1 FOR UPDATE', p_table) INTO v_stored USING p_id;
  RETURN v_stored;
END
$$;

-- Applies one mutation for p_device, or raises: KSR01 for a refusal, KSR02
-- for a row of an erased candidate (85_erasure.sql), or the constraint/data
-- error that refused it.
CREATE OR REPLACE FUNCTION sync.apply_mutation(p_device sync.devices, p_mutation jsonb) RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, public, sync
AS $$
DECLARE
  v_table text := p_mutation ->> 'table';
  v_op text := p_mutation ->> 'op';
  v_row jsonb := p_mutation -> 'row';
  v_id uuid;
  v_stored jsonb;
  v_inserted integer;
BEGIN
  IF v_table IS NULL OR NOT (v_table = ANY (sync.synced_tables())) THEN
    PERFORM sync.reject(format('Table %s is not synced.', coalesce(v_table, '(none)')));
  END IF;
  IF v_table = ANY (sync.server_written_tables()) THEN
    PERFORM sync.reject(format('Table %s is written only by the hosted database.', v_table));
  END IF;
  IF v_op IS NULL OR v_op NOT IN ('upsert', 'delete', 'operation') THEN
    PERFORM sync.reject(format('Unknown op %s (expected upsert, delete or operation).', coalesce(v_op, '(none)')));
  END IF;
  -- Before anything that could keep the row (even as a refusal): content of an erased candidate is never stored again.
  IF sync.names_erased_row(v_table, p_mutation) THEN
    RAISE EXCEPTION USING ERRCODE = 'KSR02', MESSAGE = 'The row belongs to a candidate whose data was erased; it was not stored.';
  END IF;
  IF jsonb_typeof(v_row) IS DISTINCT FROM 'object' THEN
    PERFORM sync.reject('The mutation has no row object.');
  END IF;
  v_id := (p_mutation ->> 'rowId')::uuid;   -- a malformed id raises 22P02: rejected
  IF v_id IS NULL OR (v_row ->> 'id')::uuid IS DISTINCT FROM v_id THEN
    PERFORM sync.reject('rowId and row.id differ.');
  END IF;
  IF v_op = 'delete' AND v_row ->> 'deleted_at' IS NULL THEN
    PERFORM sync.reject('A delete must carry the tombstone (the row with deleted_at set).');
  END IF;
  IF v_op = 'operation' THEN
    -- A named operation: only its columns, on top of the row as stored now (35_operations.sql).
    PERFORM sync.check_operation(v_table, p_mutation ->> 'operation', v_row);
    v_stored := sync.lock_stored_row(v_table, v_id);
    IF v_stored IS NULL THEN
      PERFORM sync.reject(format('Operation %s changes %s row %s, which the hosted database does not hold.', p_mutation ->> 'operation', v_table, v_id));
    END IF;
    IF jsonb_typeof(p_mutation -> 'rowVersion') IS DISTINCT FROM 'number' THEN
      PERFORM sync.reject('A named operation must carry its rowVersion.');
    END IF;
    v_row := sync.merge_operation(v_table, p_mutation ->> 'operation', v_stored, v_row, (p_mutation ->> 'rowVersion')::integer);
    PERFORM sync.check_kiosk_may_change(p_device, v_table, v_id, v_stored, v_row);
    PERFORM sync.check_claimed_feedback(v_table, v_id, v_stored, v_row);
    PERFORM sync.store_merged(v_table, v_id, v_row);
    RETURN;
  END IF;
  IF NOT v_row ? 'row_version' THEN
    v_row := v_row || jsonb_build_object('row_version', p_mutation -> 'rowVersion');
  END IF;
  -- Server-only: never taken from a device.
  v_row := v_row || jsonb_build_object('origin_device_id', p_device.id);

  v_stored := sync.lock_stored_row(v_table, v_id);
  IF v_stored IS NULL THEN
    EXECUTE format('INSERT INTO public.%1$I SELECT * FROM jsonb_populate_record(NULL::public.%1$I, $1) ON CONFLICT (id) DO NOTHING', v_table)
      USING v_row;
    GET DIAGNOSTICS v_inserted = ROW_COUNT;
    IF v_inserted = 1 THEN
      RETURN;
    END IF;
    -- Another device inserted the same id meanwhile: merge into its row.
    v_stored := sync.lock_stored_row(v_table, v_id);
  END IF;

  PERFORM sync.check_kiosk_may_change(p_device, v_table, v_id, v_stored, v_row);
  v_row := sync.merge_row(v_table, v_stored, v_row);
  PERFORM sync.check_sent_feedback(v_table, v_stored, v_row);
  PERFORM sync.check_claimed_feedback(v_table, v_id, v_stored, v_row);
  PERFORM sync.store_merged(v_table, v_id, v_row);
END
$$;

-- Kiosks are physically exposed: one changes only the rows it created,
-- plus the sign-in columns of staff accounts (staff sign in at kiosks)
-- and a proctor's kiosk PIN (sync.only_sign_in_columns_differ), whether
-- the change came as a row or as a named operation. p_row is the whole
-- row the device would have stored.
CREATE OR REPLACE FUNCTION sync.check_kiosk_may_change(p_device sync.devices, p_table text, p_id uuid, p_stored jsonb, p_row jsonb) RETURNS void
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, public, sync
AS $$
BEGIN
  IF p_device.kind = 'kiosk' AND (p_stored ->> 'origin_device_id') IS DISTINCT FROM p_device.id::text THEN
    IF NOT (p_table = 'recruiters' AND sync.only_sign_in_columns_differ(p_row, p_id)) THEN
      PERFORM sync.reject(format('A kiosk may not change %s row %s: another device created it.', p_table, p_id));
    END IF;
  END IF;
END
$$;

-- Writes the merged row (p_merged) over the stored one (every column but id and origin_device_id).
CREATE OR REPLACE FUNCTION sync.store_merged(p_table text, p_id uuid, p_merged jsonb) RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, public, sync
AS $$
BEGIN
  EXECUTE format('UPDATE public.%1$I t SET (%2$s) = (SELECT %3$s FROM jsonb_populate_record(NULL::public.%1$I, $1) r) WHERE t.id = $2',
                 p_table, sync.column_list(p_table, ''), sync.column_list(p_table, 'r.'))
    USING p_merged, p_id;
END
$$;

-- Applies the device's outbox entries in seq order, exactly once: the seq
-- and devices.last_applied_seq commit in the same transaction, so a replay
-- (the device did not hear the answer) is skipped, and a gap (an entry the
-- device has not sent) stops the batch so nothing is applied out of order.
-- Each mutation runs in its own subtransaction: a refused one is recorded
-- and the seq still advances, so one bad row never blocks a device.
CREATE OR REPLACE FUNCTION sync.push(p_schema_version integer, p_mutations jsonb) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, sync
AS $$
DECLARE
  v_device sync.devices := sync.require_device(p_schema_version);
  v_last bigint;
  v_mutation jsonb;
  v_seq bigint;
  v_previous bigint := 0;
  v_applied integer := 0;
  v_skipped integer := 0;
  v_rejected jsonb := '[]';
  v_state text;
  v_message text;
  v_detail text;
  v_reason text;
BEGIN
  IF jsonb_typeof(p_mutations) IS DISTINCT FROM 'array' THEN
    PERFORM sync.bad_request('The mutation list must be a JSON array.');
  END IF;
  -- Check the whole list first: a malformed list changes nothing.
  FOR v_mutation IN SELECT value FROM jsonb_array_elements(p_mutations) LOOP
    IF jsonb_typeof(v_mutation) IS DISTINCT FROM 'object' OR jsonb_typeof(v_mutation -> 'seq') IS DISTINCT FROM 'number'
       OR (v_mutation ->> 'seq') !~ '^[0-9]{1,18}$' THEN
      PERFORM sync.bad_request(format('Each mutation must be an object with a whole-number seq: %s', left(v_mutation::text, 200)));
    END IF;
    v_seq := (v_mutation ->> 'seq')::bigint;
    IF v_seq <= v_previous THEN
      PERFORM sync.bad_request(format('Mutations must be in increasing seq order (seq %s after %s).', v_seq, v_previous));
    END IF;
    v_previous := v_seq;
  END LOOP;

  -- Lock the device row: two pushes from one device take turns.
  SELECT last_applied_seq INTO v_last FROM sync.devices WHERE id = v_device.id FOR UPDATE;

  FOR v_mutation IN SELECT value FROM jsonb_array_elements(p_mutations) WITH ORDINALITY ORDER BY ordinality LOOP
    v_seq := (v_mutation ->> 'seq')::bigint;
    IF v_seq <= v_last THEN
      v_skipped := v_skipped + 1;          -- a replay: applied before
      CONTINUE;
    END IF;
    EXIT WHEN v_seq > v_last + 1;          -- a gap: nothing after it is applied
    BEGIN
      PERFORM sync.apply_mutation(v_device, v_mutation);
      v_applied := v_applied + 1;
    EXCEPTION WHEN OTHERS THEN
      GET STACKED DIAGNOSTICS v_state = RETURNED_SQLSTATE, v_message = MESSAGE_TEXT, v_detail = PG_EXCEPTION_DETAIL;
      -- Only refusals and bad data are the row's fault; anything else (a
      -- deadlock, a full disk, a bug) fails the whole push, to be retried.
      IF NOT (v_state IN ('KSR01', 'KSR02') OR left(v_state, 2) IN ('22', '23')) THEN
        RAISE;
      END IF;
      v_reason := v_message || CASE WHEN coalesce(v_detail, '') <> '' THEN ' (' || v_detail || ')' ELSE '' END;
      -- An erased candidate's row is refused without keeping it: the record of the refusal holds no content.
      INSERT INTO sync.rejections (device_id, seq, table_name, row_id, reason, row)
      VALUES (v_device.id, v_seq, v_mutation ->> 'table', v_mutation ->> 'rowId', v_reason,
              CASE WHEN v_state = 'KSR02' THEN NULL ELSE v_mutation -> 'row' END);
      v_rejected := v_rejected || jsonb_build_array(jsonb_build_object('seq', v_seq, 'reason', v_reason));
    END;
    v_last := v_seq;
  END LOOP;

  UPDATE sync.devices SET last_applied_seq = v_last, last_seen_at = now() WHERE id = v_device.id;
  RETURN jsonb_build_object('lastAppliedSeq', v_last, 'applied', v_applied, 'skipped', v_skipped, 'rejected', v_rejected);
END
$$;

GRANT EXECUTE ON FUNCTION sync.push(integer, jsonb) TO kiosk_device;
