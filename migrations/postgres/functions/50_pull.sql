-- sync.pull: changes since a device's cursor, as the current rows it may see
-- (docs/sync.md, "sync.pull").
--
-- Built as json text once: one query per page, a UNION ALL branch per table,
-- each row a row_to_json of exactly the columns a device gets. Returning
-- json rather than assembling jsonb costs ~30 µs a row instead of ~100 µs,
-- most of what a laptop's first pull waits on (0003_lean_pull.sql replaced
-- the jsonb version; jsonb would parse the text again only to print it).

-- The select list that turns row t of a synced table into what devices get:
-- every column but origin_device_id, times as ISO-8601 UTC text (sync.iso
-- written out: a function with SET search_path is never inlined), and on a
-- laptop ($4) candidates' password hashes replaced by a placeholder.
CREATE OR REPLACE FUNCTION sync.row_select_list(p_table text) RETURNS text
LANGUAGE sql STABLE
SET search_path = pg_catalog, public, sync
AS $$
  SELECT string_agg(
           CASE WHEN atttypid = 'timestamptz'::regtype
                  THEN format('to_char(t.%1$I AT TIME ZONE ''UTC'', ''YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'') AS %1$I', attname)
                WHEN p_table = 'candidates' AND attname = 'password_hash'
                  THEN 'CASE WHEN $4 THEN ''!synced-without-password'' ELSE t.password_hash END AS password_hash'
                ELSE format('t.%I', attname) END,
           ', ' ORDER BY attnum)
  FROM pg_attribute
  WHERE attrelid = format('public.%I', p_table)::regclass AND attnum > 0 AND NOT attisdropped
    AND attname <> 'origin_device_id'
$$;

-- Why (txid, id) and "txid < xmin": sync.changes ids (and updated_at, and row
-- ids) are assigned when a row is written, but become visible when its
-- transaction commits. A transaction that wrote early and commits late would
-- appear behind a cursor that already moved past later-committed entries,
-- and be skipped forever. Reading only entries of transactions older than
-- the oldest one still running (the snapshot's xmin) means every entry a
-- page returns is final: no transaction can later commit an entry that sorts
-- before it. Rows of a running transaction simply wait for a later pull.
CREATE OR REPLACE FUNCTION sync.pull(p_schema_version integer, p_cursor jsonb, p_limit integer) RETURNS json
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, sync
AS $$
DECLARE
  v_device sync.devices := sync.require_device(p_schema_version);
  v_after_txid xid8 := '0';
  v_after_id bigint := 0;
  v_tables text[];
  v_row_ids uuid[];
  v_txids xid8[];
  v_ids bigint[];
  v_count integer;
  v_branches text;
  v_changes json := '[]';
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

  SELECT array_agg(page.table_name ORDER BY page.txid, page.id), array_agg(page.row_id ORDER BY page.txid, page.id),
         array_agg(page.txid ORDER BY page.txid, page.id), array_agg(page.id ORDER BY page.txid, page.id), count(*)
    INTO v_tables, v_row_ids, v_txids, v_ids, v_count
    FROM (SELECT c.table_name, c.row_id, c.txid, c.id
            FROM sync.changes c
           WHERE (c.txid, c.id) > (v_after_txid, v_after_id)
             AND c.txid < pg_snapshot_xmin(pg_current_snapshot())
           ORDER BY c.txid, c.id
           LIMIT p_limit) page;

  IF v_count > 0 THEN
    -- One branch per table in the page. Scope: a laptop ($2) sees every row,
    -- a kiosk all recruiters, every erasure request (each device carries
    -- them out) and confirmation (the receipt an admin reads there; ids and
    -- counts only), and the rows it originated ($3).
    SELECT string_agg(format(
             'SELECT p.position, json_build_object(''table'', %1$L, ''row'', (SELECT row_to_json(r) FROM (SELECT %2$s) r)) AS change
                FROM page p JOIN public.%1$I t ON t.id = p.row_id
               WHERE p.table_name = %1$L AND (%3$s OR t.origin_device_id = $3)',
             tables.name, sync.row_select_list(tables.name), CASE WHEN tables.name IN ('recruiters', 'erasure_requests', 'erasure_confirmations') THEN 'true' ELSE '$2' END),
           ' UNION ALL ')
      INTO v_branches
      FROM (SELECT DISTINCT unnest(v_tables) AS name) tables;
    -- Once per row, in the order of its first change in the page (parents before children).
    EXECUTE format(
      'WITH page AS (SELECT table_name, row_id, min(position) AS position
                       FROM unnest($1, $5) WITH ORDINALITY AS u(table_name, row_id, position) GROUP BY 1, 2)
       SELECT coalesce(json_agg(x.change ORDER BY x.position), ''[]'') FROM (%s) x', v_branches)
      INTO v_changes
      USING v_tables, v_device.kind = 'laptop', v_device.id, v_device.kind = 'laptop', v_row_ids;
    v_cursor := jsonb_build_object('txid', v_txids[v_count]::text, 'id', v_ids[v_count]);
  END IF;
  RETURN json_build_object('changes', v_changes, 'cursor', v_cursor, 'hasMore', v_count = p_limit,
                           'serverTime', sync.iso(now()));
END
$$;

GRANT EXECUTE ON FUNCTION sync.pull(integer, jsonb, integer) TO kiosk_device;
