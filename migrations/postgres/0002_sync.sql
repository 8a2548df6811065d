-- Device sync: bookkeeping tables, the change log, device roles and the
-- functions devices call. The contract is docs/sync.md; this file is the
-- server half of it.
--
-- Security model: devices never touch a table. Each device logs in as its own
-- role (member of the NOLOGIN group kiosk_device), which may only EXECUTE the
-- device functions below. Those are SECURITY DEFINER (they run as the owner)
-- and begin by looking the caller up in sync.devices by session_user.

CREATE SCHEMA IF NOT EXISTS sync;   -- migrate-hosted-db.ts creates it first, for schema_migrations
CREATE SCHEMA sync_admin;
REVOKE ALL ON SCHEMA sync FROM PUBLIC;
REVOKE ALL ON SCHEMA sync_admin FROM PUBLIC;

-- Roles are cluster-wide, so another database on the same server may have
-- created it already (or be creating it right now: hence the handler too).
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'kiosk_device') THEN
    BEGIN
      CREATE ROLE kiosk_device NOLOGIN;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN
      NULL;
    END;
  END IF;
END
$$;

-- ---------------------------------------------------------------------------
-- Bookkeeping tables
-- ---------------------------------------------------------------------------

-- Same definition as migrate-hosted-db.ts's bootstrap (which runs first).
CREATE TABLE IF NOT EXISTS sync.schema_migrations (
  version    integer PRIMARY KEY,
  name       text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sync.devices (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  role_name        text NOT NULL UNIQUE,
  name             text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  kind             text NOT NULL CHECK (kind IN ('kiosk', 'laptop')),
  -- The device's outbox id up to which every mutation has been applied or rejected.
  last_applied_seq bigint NOT NULL DEFAULT 0,
  created_at       timestamptz NOT NULL DEFAULT now(),
  revoked_at       timestamptz,
  last_seen_at     timestamptz
);

-- One entry per insert or update of a synced row, written by a trigger.
-- txid is the writing transaction's id: pull orders by (txid, id) and reads
-- only below the oldest running transaction (see sync.pull for why).
CREATE TABLE sync.changes (
  id         bigserial PRIMARY KEY,
  txid       xid8 NOT NULL DEFAULT pg_current_xact_id(),
  table_name text NOT NULL,
  row_id     uuid NOT NULL
);
CREATE INDEX changes_txid_id ON sync.changes (txid, id);

-- Mutations the server refused; the device's seq still advanced past them.
CREATE TABLE sync.rejections (
  id         bigserial PRIMARY KEY,
  device_id  uuid NOT NULL REFERENCES sync.devices (id),
  seq        bigint NOT NULL,
  table_name text,
  row_id     text,          -- text: a rejected mutation may carry a malformed id
  reason     text NOT NULL,
  row        jsonb,
  at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX rejections_device_seq ON sync.rejections (device_id, seq);

-- Content-addressed files (sha-256 hex), uploaded in chunks.
CREATE TABLE sync.files (
  hash       text PRIMARY KEY CHECK (hash ~ '^[0-9a-f]{64}$'),
  media_type text NOT NULL,
  size       bigint NOT NULL CHECK (size >= 0),
  received   bigint NOT NULL DEFAULT 0 CHECK (received >= 0 AND received <= size),
  complete   boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sync.file_chunks (
  hash     text NOT NULL REFERENCES sync.files (hash) ON DELETE CASCADE,
  "offset" bigint NOT NULL CHECK ("offset" >= 0),
  bytes    bytea NOT NULL,
  PRIMARY KEY (hash, "offset")
);

-- Who sends a feedback email: the primary key makes the first claim the only one.
CREATE TABLE sync.delivery_claims (
  feedback_id uuid PRIMARY KEY,
  device_id   uuid NOT NULL REFERENCES sync.devices (id),
  at          timestamptz NOT NULL DEFAULT now()
);

-- ---------------------------------------------------------------------------
-- Helpers (owner only: EXECUTE is revoked from PUBLIC at the end)
-- ---------------------------------------------------------------------------

CREATE FUNCTION sync.synced_tables() RETURNS text[]
LANGUAGE sql IMMUTABLE
SET search_path = pg_catalog, public, sync
AS $$
  SELECT ARRAY['candidates', 'recruiters', 'resumes', 'resume_feedback', 'interviews', 'interview_sessions',
               'interview_messages', 'assessment_results', 'interview_decisions', 'integration_webhooks',
               'integrity_events', 'ai_usage']
$$;

-- Times travel as SQLite stores them: ISO-8601 UTC, milliseconds, 'Z'.
CREATE FUNCTION sync.iso(p timestamptz) RETURNS text
LANGUAGE sql IMMUTABLE
SET search_path = pg_catalog, public, sync
AS $$
  SELECT to_char(p AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
$$;

CREATE FUNCTION sync.schema_version() RETURNS integer
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, public, sync
AS $$
  SELECT coalesce(max(version), 0) FROM sync.schema_migrations
$$;

-- The trigger on every synced table: log which row changed, in which transaction.
CREATE FUNCTION sync.record_change() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, sync
AS $$
BEGIN
  INSERT INTO sync.changes (table_name, row_id) VALUES (TG_TABLE_NAME, NEW.id);
  RETURN NULL;
END
$$;

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY sync.synced_tables() LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE ON public.%I FOR EACH ROW EXECUTE FUNCTION sync.record_change()',
                   t || '_record_change', t);
  END LOOP;
END
$$;

-- The caller, or KS001 / KS002. Every device function starts here.
CREATE FUNCTION sync.require_device(p_schema_version integer) RETURNS sync.devices
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

CREATE FUNCTION sync.bad_request(p_message text) RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, public, sync
AS $$
BEGIN
  RAISE EXCEPTION USING ERRCODE = 'KS004', MESSAGE = p_message;
END
$$;

-- A mutation the server refuses (recorded in sync.rejections by sync.push).
-- KSR01 never leaves sync.push.
CREATE FUNCTION sync.reject(p_reason text) RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, public, sync
AS $$
BEGIN
  RAISE EXCEPTION USING ERRCODE = 'KSR01', MESSAGE = p_reason;
END
$$;

-- Columns of a synced table other than id and origin_device_id, in order,
-- each prefixed with p_prefix ('' or 'r.').
CREATE FUNCTION sync.column_list(p_table text, p_prefix text, p_except text[] DEFAULT '{}') RETURNS text
LANGUAGE sql STABLE
SET search_path = pg_catalog, public, sync
AS $$
  SELECT string_agg(p_prefix || quote_ident(attname), ', ' ORDER BY attnum)
  FROM pg_attribute
  WHERE attrelid = format('public.%I', p_table)::regclass AND attnum > 0 AND NOT attisdropped
    AND attname <> ALL (ARRAY['id', 'origin_device_id'] || p_except)
$$;

-- The expression that turns row t of a synced table into what devices get:
-- every column by name except origin_device_id, times as sync.iso() text.
CREATE FUNCTION sync.row_json_expr(p_table text) RETURNS text
LANGUAGE sql STABLE
SET search_path = pg_catalog, public, sync
AS $$
  SELECT format('(to_jsonb(t) - ''origin_device_id'') || jsonb_build_object(%s)',
                -- sync.iso's expression written out: a function with SET search_path is never inlined,
                -- and a call per time column per row is a fifth of a large pull's time on the server.
                string_agg(format('%L, to_char(t.%I AT TIME ZONE ''UTC'', ''YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'')', attname, attname), ', ' ORDER BY attnum))
  FROM pg_attribute
  WHERE attrelid = format('public.%I', p_table)::regclass AND attnum > 0 AND NOT attisdropped
    AND atttypid = 'timestamptz'::regtype
$$;

-- ---------------------------------------------------------------------------
-- The merge rule (docs/sync.md, "Merge rule")
--
-- Devices work offline and push whole rows, so two devices can push different
-- versions of one row in any order. The server decides, per column group:
--   1. Workflow states only move forward: a state behind the stored one (or a
--      second, different terminal state) is ignored together with the columns
--      that belong to that state, so a late "pending_approval" from one
--      laptop cannot undo another laptop's approval.
--   2. A tombstone stays a tombstone: deleted_at is never cleared.
--   3. A candidate password hash starting with '!' (the placeholder laptops
--      hold, see sync.pull) never replaces the stored hash.
--   4. row_version = greatest(stored + 1, incoming): it always grows.
--   5. Everything else: the later arrival at the server wins.
-- Works on jsonb so it is one function for every table; jsonb_populate_record
-- turns the result back into the table's types.
-- ---------------------------------------------------------------------------
CREATE FUNCTION sync.merge_row(p_table text, p_stored jsonb, p_incoming jsonb) RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, public, sync
AS $$
DECLARE
  v_merged jsonb := p_incoming;
  v_state_column text;
  v_rank jsonb;             -- state -> rank; equal ranks are alternative terminal states
  v_state_columns text[];   -- columns that belong to the state
  v_stored_rank integer;
  v_incoming_rank integer;
  v_column text;
BEGIN
  CASE p_table
    WHEN 'resume_feedback' THEN
      v_state_column := 'status';
      v_rank := '{"draft": 0, "pending_approval": 1, "approved": 2, "sent": 3}';
      v_state_columns := ARRAY['approved_at', 'approved_by', 'sent_at'];
    WHEN 'interviews' THEN
      v_state_column := 'status';
      v_rank := '{"scheduled": 0, "in_progress": 1, "completed": 2, "abandoned": 2}';
      v_state_columns := ARRAY['completed_at', 'duration_seconds'];
    WHEN 'resumes' THEN
      v_state_column := 'parsing_status';
      v_rank := '{"pending": 0, "processing": 1, "completed": 2, "failed": 2}';
      v_state_columns := ARRAY['parsed_at', 'parsed_data', 'failure_reason'];
    ELSE
      v_state_column := NULL;
  END CASE;

  -- 1. Forward-only states. An unknown incoming state has no rank: it is
  -- passed on and the table's CHECK rejects it.
  IF v_state_column IS NOT NULL THEN
    v_stored_rank := (v_rank ->> (p_stored ->> v_state_column))::integer;
    v_incoming_rank := (v_rank ->> (p_incoming ->> v_state_column))::integer;
    IF v_incoming_rank < v_stored_rank
       OR (v_incoming_rank = v_stored_rank AND p_incoming ->> v_state_column <> p_stored ->> v_state_column) THEN
      v_merged := v_merged || jsonb_build_object(v_state_column, p_stored -> v_state_column);
      FOREACH v_column IN ARRAY v_state_columns LOOP
        v_merged := v_merged || jsonb_build_object(v_column, p_stored -> v_column);
      END LOOP;
    END IF;
  END IF;

  -- 2. Tombstones stay.
  IF p_stored ->> 'deleted_at' IS NOT NULL THEN
    v_merged := v_merged || jsonb_build_object('deleted_at', p_stored -> 'deleted_at');
  END IF;

  -- 3. The laptop placeholder never replaces a real hash.
  IF p_table = 'candidates' AND left(p_incoming ->> 'password_hash', 1) = '!' THEN
    v_merged := v_merged || jsonb_build_object('password_hash', p_stored -> 'password_hash');
  END IF;

  -- 4. Versions only grow.
  v_merged := v_merged || jsonb_build_object('row_version',
    greatest((p_stored ->> 'row_version')::integer + 1, coalesce((p_incoming ->> 'row_version')::integer, 0)));

  RETURN v_merged;
END
$$;

-- A kiosk may change a recruiter it did not originate only in the sign-in
-- columns (a failed or successful staff sign-in at the kiosk): true when
-- every other column equals the stored row.
CREATE FUNCTION sync.only_sign_in_columns_differ(p_row jsonb, p_id uuid) RETURNS boolean
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, public, sync
AS $$
DECLARE
  v_free text[] := ARRAY['failed_login_count', 'locked_until', 'last_login_at', 'updated_at', 'row_version'];
  v_same boolean;
BEGIN
  -- (r.a, r.b, ...) IS NOT DISTINCT FROM (t.a, t.b, ...) over every other column.
  EXECUTE format('SELECT (%s) IS NOT DISTINCT FROM (%s) FROM public.recruiters t, jsonb_populate_record(NULL::public.recruiters, $1) r WHERE t.id = $2',
                 sync.column_list('recruiters', 'r.', v_free), sync.column_list('recruiters', 't.', v_free))
    INTO v_same USING p_row, p_id;
  RETURN coalesce(v_same, false);
END
$$;

-- Applies one mutation for p_device, or raises: KSR01 for a refusal, or the
-- constraint/data error that refused it.
CREATE FUNCTION sync.apply_mutation(p_device sync.devices, p_mutation jsonb) RETURNS void
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
  IF v_op IS NULL OR v_op NOT IN ('upsert', 'delete') THEN
    PERFORM sync.reject(format('Unknown operation %s (expected upsert or delete).', coalesce(v_op, '(none)')));
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
  IF NOT v_row ? 'row_version' THEN
    v_row := v_row || jsonb_build_object('row_version', p_mutation -> 'rowVersion');
  END IF;
  -- Server-only: never taken from a device.
  v_row := v_row || jsonb_build_object('origin_device_id', p_device.id);

  EXECUTE format('SELECT to_jsonb(t) FROM public.%I t WHERE t.id = $1 FOR UPDATE', v_table) INTO v_stored USING v_id;
  IF v_stored IS NULL THEN
    EXECUTE format('INSERT INTO public.%1$I SELECT * FROM jsonb_populate_record(NULL::public.%1$I, $1) ON CONFLICT (id) DO NOTHING', v_table)
      USING v_row;
    GET DIAGNOSTICS v_inserted = ROW_COUNT;
    IF v_inserted = 1 THEN
      RETURN;
    END IF;
    -- Another device inserted the same id meanwhile: merge into its row.
    EXECUTE format('SELECT to_jsonb(t) FROM public.%I t WHERE t.id = $1 FOR UPDATE', v_table) INTO v_stored USING v_id;
  END IF;

  -- Kiosks are physically exposed: one changes only the rows it created,
  -- plus the sign-in columns of staff accounts (staff sign in at kiosks).
  IF p_device.kind = 'kiosk' AND (v_stored ->> 'origin_device_id') IS DISTINCT FROM p_device.id::text THEN
    IF NOT (v_table = 'recruiters' AND sync.only_sign_in_columns_differ(v_row, v_id)) THEN
      PERFORM sync.reject(format('A kiosk may not change %s row %s: another device created it.', v_table, v_id));
    END IF;
  END IF;

  EXECUTE format('UPDATE public.%1$I t SET (%2$s) = (SELECT %3$s FROM jsonb_populate_record(NULL::public.%1$I, $1) r) WHERE t.id = $2',
                 v_table, sync.column_list(v_table, ''), sync.column_list(v_table, 'r.'))
    USING sync.merge_row(v_table, v_stored, v_row), v_id;
END
$$;

-- ---------------------------------------------------------------------------
-- Device functions
-- ---------------------------------------------------------------------------

CREATE FUNCTION sync.hello(p_schema_version integer) RETURNS jsonb
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

-- Applies the device's outbox entries in seq order, exactly once: the seq
-- and devices.last_applied_seq commit in the same transaction, so a replay
-- (the device did not hear the answer) is skipped, and a gap (an entry the
-- device has not sent) stops the batch so nothing is applied out of order.
-- Each mutation runs in its own subtransaction: a refused one is recorded
-- and the seq still advances, so one bad row never blocks a device.
CREATE FUNCTION sync.push(p_schema_version integer, p_mutations jsonb) RETURNS jsonb
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
      IF NOT (v_state = 'KSR01' OR left(v_state, 2) IN ('22', '23')) THEN
        RAISE;
      END IF;
      v_reason := v_message || CASE WHEN coalesce(v_detail, '') <> '' THEN ' (' || v_detail || ')' ELSE '' END;
      INSERT INTO sync.rejections (device_id, seq, table_name, row_id, reason, row)
      VALUES (v_device.id, v_seq, v_mutation ->> 'table', v_mutation ->> 'rowId', v_reason, v_mutation -> 'row');
      v_rejected := v_rejected || jsonb_build_array(jsonb_build_object('seq', v_seq, 'reason', v_reason));
    END;
    v_last := v_seq;
  END LOOP;

  UPDATE sync.devices SET last_applied_seq = v_last, last_seen_at = now() WHERE id = v_device.id;
  RETURN jsonb_build_object('lastAppliedSeq', v_last, 'applied', v_applied, 'skipped', v_skipped, 'rejected', v_rejected);
END
$$;

-- Changes since the cursor, as current rows the caller may see.
--
-- Why (txid, id) and "txid < xmin": sync.changes ids (and updated_at, and row
-- ids) are assigned when a row is written, but become visible when its
-- transaction commits. A transaction that wrote early and commits late would
-- appear behind a cursor that already moved past later-committed entries,
-- and be skipped forever. Reading only entries of transactions older than
-- the oldest one still running (the snapshot's xmin) means every entry a
-- page returns is final: no transaction can later commit an entry that sorts
-- before it. Rows of a running transaction simply wait for a later pull.
CREATE FUNCTION sync.pull(p_schema_version integer, p_cursor jsonb, p_limit integer) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, sync
AS $$
DECLARE
  v_device sync.devices := sync.require_device(p_schema_version);
  v_after_txid xid8 := '0';
  v_after_id bigint := 0;
  v_page jsonb;
  v_count integer;
  v_table text;
  v_ids uuid[];
  v_rows jsonb;
  v_found jsonb := '[]';     -- [{ t: table, r: id, row }], joined to the page below
  v_changes jsonb;
  v_cursor jsonb := CASE WHEN p_cursor = 'null'::jsonb THEN NULL ELSE p_cursor END;
BEGIN
  IF p_limit IS NULL OR p_limit < 1 OR p_limit > 5000 THEN
    PERFORM sync.bad_request(format('The page size must be 1 to 5000, not %s.', coalesce(p_limit::text, 'null')));
  END IF;
  IF v_cursor IS NOT NULL THEN
    IF jsonb_typeof(v_cursor) IS DISTINCT FROM 'object' OR (v_cursor ->> 'txid') !~ '^[0-9]{1,19}$'
       OR (v_cursor ->> 'id') !~ '^[0-9]{1,18}$' THEN
      PERFORM sync.bad_request(format('Bad cursor: %s', left(v_cursor::text, 200)));
    END IF;
    v_after_txid := (v_cursor ->> 'txid')::xid8;
    v_after_id := (v_cursor ->> 'id')::bigint;
  END IF;

  SELECT coalesce(jsonb_agg(jsonb_build_object('table', table_name, 'rowId', row_id, 'txid', txid::text, 'id', id) ORDER BY txid, id), '[]'),
         count(*)
    INTO v_page, v_count
    FROM (SELECT c.table_name, c.row_id, c.txid, c.id
            FROM sync.changes c
           WHERE (c.txid, c.id) > (v_after_txid, v_after_id)
             AND c.txid < pg_snapshot_xmin(pg_current_snapshot())
           ORDER BY c.txid, c.id
           LIMIT p_limit) page;

  -- Current rows, one query per table. A laptop sees everything (without
  -- candidates' password hashes: candidates sign in only at kiosks); a kiosk
  -- sees staff accounts and the rows it created.
  FOR v_table, v_ids IN
    SELECT e ->> 'table', array_agg(DISTINCT (e ->> 'rowId')::uuid) FROM jsonb_array_elements(v_page) e GROUP BY 1
  LOOP
    EXECUTE format('SELECT coalesce(jsonb_agg(jsonb_build_object(''t'', %L, ''r'', t.id::text, ''row'', %s)), ''[]'') FROM public.%I t WHERE t.id = ANY ($1) AND ($2 OR t.origin_device_id = $3)',
                   v_table, sync.row_json_expr(v_table), v_table)
      INTO v_rows USING v_ids, (v_device.kind = 'laptop' OR v_table = 'recruiters'), v_device.id;
    IF v_table = 'candidates' AND v_device.kind = 'laptop' THEN
      SELECT coalesce(jsonb_agg(jsonb_set(x, '{row,password_hash}', '"!synced-without-password"')), '[]') INTO v_rows FROM jsonb_array_elements(v_rows) x;
    END IF;
    v_found := v_found || v_rows;
  END LOOP;

  -- Once per row, in the order of its first change in the page (parents before children).
  -- A join, not a lookup per row into one big jsonb: that copied the table's
  -- whole share of the page for every row and grew with the square of the page.
  SELECT coalesce(jsonb_agg(jsonb_build_object('table', page.t, 'row', found.value -> 'row') ORDER BY page.first_position), '[]')
    INTO v_changes
    FROM (SELECT e ->> 'table' AS t, e ->> 'rowId' AS r, min(position) AS first_position
            FROM jsonb_array_elements(v_page) WITH ORDINALITY AS x(e, position)
           GROUP BY 1, 2) page
    JOIN jsonb_array_elements(v_found) found ON found.value ->> 't' = page.t AND found.value ->> 'r' = page.r;

  IF v_count > 0 THEN
    v_cursor := jsonb_build_object('txid', v_page -> -1 ->> 'txid', 'id', (v_page -> -1 -> 'id'));
  END IF;
  RETURN jsonb_build_object('changes', v_changes, 'cursor', v_cursor, 'hasMore', v_count = p_limit,
                            'serverTime', sync.iso(now()));
END
$$;

-- ---------------------------------------------------------------------------
-- Files
-- ---------------------------------------------------------------------------

CREATE FUNCTION sync.check_hash(p_hash text) RETURNS void
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, public, sync
AS $$
BEGIN
  IF p_hash IS NULL OR p_hash !~ '^[0-9a-f]{64}$' THEN
    PERFORM sync.bad_request(format('%s is not a sha-256 hash (64 lower-case hex digits).', coalesce(p_hash, 'null')));
  END IF;
END
$$;

CREATE FUNCTION sync.missing_files(p_schema_version integer, p_hashes text[]) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, sync
AS $$
DECLARE
  v_device sync.devices := sync.require_device(p_schema_version);
  v_hash text;
  v_missing jsonb;
BEGIN
  FOREACH v_hash IN ARRAY coalesce(p_hashes, '{}') LOOP
    PERFORM sync.check_hash(v_hash);
  END LOOP;
  SELECT coalesce(jsonb_agg(jsonb_build_object('hash', h.hash, 'received', coalesce(f.received, 0)) ORDER BY h.first_position), '[]')
    INTO v_missing
    FROM (SELECT u.hash, min(u.position) AS first_position
            FROM unnest(coalesce(p_hashes, '{}')) WITH ORDINALITY AS u(hash, position) GROUP BY 1) h
    LEFT JOIN sync.files f ON f.hash = h.hash
   WHERE f.complete IS NOT TRUE;
  RETURN jsonb_build_object('missing', v_missing);
END
$$;

-- Appends a chunk at exactly the received offset (so an interrupted upload
-- resumes where missing_files says). When the last byte arrives the whole
-- file's sha-256 must equal its name.
--
-- A mismatch raises KS004, and raising rolls back everything this call did,
-- so it cannot also delete the stored chunks. Instead offset 0 always starts
-- an incomplete upload over (discarding what was stored): the device
-- restarts a file from 0 after a mismatch.
CREATE FUNCTION sync.put_file_chunk(p_schema_version integer, p_hash text, p_media_type text, p_size bigint,
                                    p_offset bigint, p_bytes bytea) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, sync
AS $$
DECLARE
  v_device sync.devices := sync.require_device(p_schema_version);
  v_file sync.files;
  v_actual text;
BEGIN
  PERFORM sync.check_hash(p_hash);
  IF p_size IS NULL OR p_size < 0 OR p_offset IS NULL OR p_offset < 0 OR p_bytes IS NULL
     OR coalesce(length(p_media_type), 0) = 0 THEN
    PERFORM sync.bad_request('put_file_chunk needs a media type, a size and offset of 0 or more, and bytes.');
  END IF;

  INSERT INTO sync.files (hash, media_type, size) VALUES (p_hash, p_media_type, p_size) ON CONFLICT (hash) DO NOTHING;
  SELECT * INTO v_file FROM sync.files WHERE hash = p_hash FOR UPDATE;
  IF v_file.complete THEN
    RETURN jsonb_build_object('received', v_file.size, 'complete', true);   -- another device sent the same bytes
  END IF;

  IF p_offset = 0 THEN
    DELETE FROM sync.file_chunks WHERE hash = p_hash;
    UPDATE sync.files SET received = 0, size = p_size, media_type = p_media_type WHERE hash = p_hash
      RETURNING * INTO v_file;
  END IF;
  IF p_size <> v_file.size THEN
    PERFORM sync.bad_request(format('File %s is being uploaded with size %s, not %s; start again at offset 0.', p_hash, v_file.size, p_size));
  END IF;
  IF p_offset <> v_file.received THEN
    PERFORM sync.bad_request(format('File %s: expected offset %s, got %s.', p_hash, v_file.received, p_offset));
  END IF;
  IF p_offset + length(p_bytes) > v_file.size THEN
    PERFORM sync.bad_request(format('File %s: a chunk of %s bytes at offset %s goes past its size %s.', p_hash, length(p_bytes), p_offset, v_file.size));
  END IF;
  IF length(p_bytes) = 0 AND v_file.size > 0 THEN
    PERFORM sync.bad_request(format('File %s: empty chunk.', p_hash));
  END IF;

  IF length(p_bytes) > 0 THEN
    INSERT INTO sync.file_chunks (hash, "offset", bytes) VALUES (p_hash, p_offset, p_bytes);
  END IF;
  UPDATE sync.files SET received = received + length(p_bytes) WHERE hash = p_hash RETURNING * INTO v_file;

  IF v_file.received = v_file.size THEN
    SELECT encode(sha256(coalesce(string_agg(bytes, ''::bytea ORDER BY "offset"), ''::bytea)), 'hex') INTO v_actual
      FROM sync.file_chunks WHERE hash = p_hash;
    IF v_actual <> p_hash THEN
      PERFORM sync.bad_request(format('File %s: the uploaded bytes have sha-256 %s. The upload is discarded; send it again from offset 0.', p_hash, v_actual));
    END IF;
    UPDATE sync.files SET complete = true WHERE hash = p_hash RETURNING * INTO v_file;
  END IF;
  RETURN jsonb_build_object('received', v_file.received, 'complete', v_file.complete);
END
$$;

CREATE FUNCTION sync.get_file(p_schema_version integer, p_hash text, p_offset bigint, p_length integer) RETURNS bytea
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, sync
AS $$
DECLARE
  v_device sync.devices := sync.require_device(p_schema_version);
  v_bytes bytea;
BEGIN
  PERFORM sync.check_hash(p_hash);
  IF p_offset IS NULL OR p_offset < 0 OR p_length IS NULL OR p_length < 0 OR p_length > 16777216 THEN
    PERFORM sync.bad_request('get_file needs an offset of 0 or more and a length of 0 to 16 MiB.');
  END IF;
  -- A file the server does not have (completely) reads as no bytes: the
  -- caller's sha-256 check then tells "not here" from an empty file.
  IF NOT EXISTS (SELECT 1 FROM sync.files WHERE hash = p_hash AND complete) THEN
    RETURN ''::bytea;
  END IF;
  -- Only the chunks overlapping [offset, offset + length).
  SELECT substring(string_agg(bytes, ''::bytea ORDER BY "offset") FROM (p_offset - min("offset"))::integer + 1 FOR p_length)
    INTO v_bytes
    FROM sync.file_chunks
   WHERE hash = p_hash AND "offset" < p_offset + p_length AND "offset" + length(bytes) > p_offset;
  RETURN coalesce(v_bytes, ''::bytea);
END
$$;

-- ---------------------------------------------------------------------------
-- Decisions on the database's clock, so devices with wrong clocks agree
-- ---------------------------------------------------------------------------

-- True for exactly one device per feedback. Asking again answers the same
-- (true again for the claimant), so a lost reply can be retried safely.
CREATE FUNCTION sync.claim_delivery(p_schema_version integer, p_feedback_id uuid) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, sync
AS $$
DECLARE
  v_device sync.devices := sync.require_device(p_schema_version);
  v_claimant uuid;
BEGIN
  IF p_feedback_id IS NULL THEN
    PERFORM sync.bad_request('claim_delivery needs a feedback id.');
  END IF;
  INSERT INTO sync.delivery_claims (feedback_id, device_id) VALUES (p_feedback_id, v_device.id)
    ON CONFLICT (feedback_id) DO NOTHING;
  SELECT device_id INTO v_claimant FROM sync.delivery_claims WHERE feedback_id = p_feedback_id;
  RETURN v_claimant = v_device.id;
END
$$;

CREATE FUNCTION sync.auto_approve_due(p_schema_version integer) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, sync
AS $$
DECLARE
  v_device sync.devices := sync.require_device(p_schema_version);
  v_ids jsonb;
BEGIN
  -- One UPDATE: a concurrent caller waits on the row locks, re-checks the
  -- status and skips rows this one approved. Only feedback the caller can
  -- see (pull's scope): a kiosk approving a row it does not hold could not
  -- queue its email, and nobody else would know to.
  WITH approved AS (
    UPDATE public.resume_feedback
       SET status = 'approved', approved_at = now(), approved_by = NULL,
           updated_at = now(), row_version = row_version + 1
     WHERE status = 'pending_approval' AND auto_send_at <= now() AND deleted_at IS NULL
       AND (v_device.kind = 'laptop' OR origin_device_id = v_device.id)
    RETURNING id
  )
  SELECT coalesce(jsonb_agg(id ORDER BY id), '[]') INTO v_ids FROM approved;
  RETURN jsonb_build_object('approved', v_ids);
END
$$;

-- ---------------------------------------------------------------------------
-- Admin functions (owner only)
-- ---------------------------------------------------------------------------

CREATE FUNCTION sync_admin.create_device(p_name text, p_kind text) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, sync
AS $$
DECLARE
  v_id uuid := gen_random_uuid();
  -- gen_random_uuid() draws from the server's strong random source; the
  -- first 12 hex digits of a v4 uuid are all random.
  v_role text := 'kiosk_dev_' || left(replace(gen_random_uuid()::text, '-', ''), 12);
  v_password text := replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', '');
BEGIN
  IF p_kind IS NULL OR p_kind NOT IN ('kiosk', 'laptop') THEN
    PERFORM sync.bad_request(format('A device is a kiosk or a laptop, not %s.', coalesce(p_kind, 'null')));
  END IF;
  IF length(btrim(coalesce(p_name, ''))) NOT BETWEEN 1 AND 200 THEN
    PERFORM sync.bad_request('A device needs a name of 1 to 200 characters.');
  END IF;
  EXECUTE format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION INHERIT PASSWORD %L IN ROLE kiosk_device',
                 v_role, v_password);
  INSERT INTO sync.devices (id, role_name, name, kind) VALUES (v_id, v_role, btrim(p_name), p_kind);
  RETURN jsonb_build_object('deviceId', v_id, 'roleName', v_role, 'password', v_password);
END
$$;

-- Refuses the device at once (its functions check revoked_at), stops new
-- logins and ends its open sessions. The role is kept for the audit trail.
CREATE FUNCTION sync_admin.revoke_device(p_device_id uuid) RETURNS void
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

-- ---------------------------------------------------------------------------
-- Privileges
-- ---------------------------------------------------------------------------

-- Functions are executable by PUBLIC by default: undo that, then grant the
-- device functions (and nothing else) to kiosk_device.
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA sync FROM PUBLIC;
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA sync_admin FROM PUBLIC;
ALTER DEFAULT PRIVILEGES IN SCHEMA sync REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
ALTER DEFAULT PRIVILEGES IN SCHEMA sync_admin REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC;
REVOKE ALL ON ALL TABLES IN SCHEMA sync FROM PUBLIC;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA sync FROM PUBLIC;

GRANT USAGE ON SCHEMA sync TO kiosk_device;
GRANT EXECUTE ON FUNCTION
  sync.schema_version(),
  sync.hello(integer),
  sync.push(integer, jsonb),
  sync.pull(integer, jsonb, integer),
  sync.missing_files(integer, text[]),
  sync.put_file_chunk(integer, text, text, bigint, bigint, bytea),
  sync.get_file(integer, text, bigint, integer),
  sync.claim_delivery(integer, uuid),
  sync.auto_approve_due(integer)
TO kiosk_device;

-- The synced tables live in public. Nobody but the owner reads them: no
-- grants, and row level security without policies, in case the host grants
-- public tables to API roles by default (Supabase does, to anon and
-- authenticated). The owner, and so every function above, bypasses RLS.
DO $$
DECLARE
  t text;
  api_role text;
BEGIN
  FOREACH t IN ARRAY sync.synced_tables() LOOP
    EXECUTE format('REVOKE ALL ON public.%I FROM PUBLIC', t);
    EXECUTE format('ALTER TABLE public.%I ENABLE ROW LEVEL SECURITY', t);
    FOR api_role IN SELECT rolname FROM pg_roles WHERE rolname IN ('anon', 'authenticated') LOOP
      EXECUTE format('REVOKE ALL ON public.%I FROM %I', t, api_role);
    END LOOP;
  END LOOP;
END
$$;
