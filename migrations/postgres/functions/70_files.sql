-- Content-addressed files, uploaded and read in chunks (docs/sync.md, "Files").

CREATE OR REPLACE FUNCTION sync.check_hash(p_hash text) RETURNS void
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog, public, sync
AS $$
BEGIN
  IF p_hash IS NULL OR p_hash !~ '^[0-9a-f]{64}$' THEN
    PERFORM sync.bad_request(format('%s is not a sha-256 hash (64 lower-case hex digits).', coalesce(p_hash, 'null')));
  END IF;
END
$$;

CREATE OR REPLACE FUNCTION sync.missing_files(p_schema_version integer, p_hashes text[]) RETURNS jsonb
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

-- An incomplete upload begun again, in p_store (parts of p_part_bytes for
-- 'objects'): its bytes so far go, wherever they were, its objects in IT's
-- bucket queued for deletion first, as no part row names them afterwards.
CREATE OR REPLACE FUNCTION sync.start_file_over(p_hash text, p_media_type text, p_size bigint, p_store text, p_part_bytes integer)
  RETURNS sync.files
LANGUAGE plpgsql
SET search_path = pg_catalog, public, sync
AS $$
DECLARE
  v_file sync.files;
BEGIN
  PERFORM sync.queue_part_deletions(ARRAY[p_hash]);
  DELETE FROM sync.file_chunks WHERE hash = p_hash;
  DELETE FROM sync.file_parts WHERE hash = p_hash;
  UPDATE sync.files SET received = 0, size = p_size, media_type = p_media_type, store = p_store, part_bytes = p_part_bytes
   WHERE hash = p_hash RETURNING * INTO v_file;
  RETURN v_file;
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
CREATE OR REPLACE FUNCTION sync.put_file_chunk(p_schema_version integer, p_hash text, p_media_type text, p_size bigint,
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
    -- Also an upload begun in the object store (0018) before IT switched back to Postgres.
    v_file := sync.start_file_over(p_hash, p_media_type, p_size, 'postgres', NULL);
  ELSIF v_file.store <> 'postgres' THEN
    PERFORM sync.bad_request(format('File %s is being uploaded to object storage; start again at offset 0 to send it here.', p_hash));
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

CREATE OR REPLACE FUNCTION sync.get_file(p_schema_version integer, p_hash text, p_offset bigint, p_length integer) RETURNS bytea
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
  -- A file the server does not have (completely, in Postgres: sync.object_download
  -- tells where) reads as no bytes: the caller's sha-256 check then tells
  -- "not here" from an empty file.
  IF NOT EXISTS (SELECT 1 FROM sync.files WHERE hash = p_hash AND complete AND store = 'postgres') THEN
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

-- Erasure and retention (85, 86): the blobs of these content-store paths
-- that no remaining row names are deleted; those in IT's bucket (0018) are
-- queued for `hosted-db storage purge`, as Postgres cannot reach the bucket.
CREATE OR REPLACE FUNCTION sync.forget_files(p_paths text[]) RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, public, sync
AS $$
DECLARE
  v_hashes text[];
BEGIN
  SELECT coalesce(array_agg(DISTINCT replace(substr(p, 7), '/', '')), '{}') INTO v_hashes FROM unnest(p_paths) p
   WHERE p ~ '^files/[0-9a-f]{2}/[0-9a-f]{62}$'
     AND NOT EXISTS (SELECT 1 FROM public.resumes WHERE file_url = p)
     AND NOT EXISTS (SELECT 1 FROM public.interview_messages WHERE content_audio_url = p);
  PERFORM sync.queue_part_deletions(v_hashes);
  -- Their chunks and parts go with them (ON DELETE CASCADE), as in queue_abandoned_uploads.
  DELETE FROM sync.files WHERE hash = ANY (v_hashes);
END
$$;

GRANT EXECUTE ON FUNCTION
  sync.missing_files(integer, text[]),
  sync.put_file_chunk(integer, text, text, bigint, bigint, bytea),
  sync.get_file(integer, text, bigint, integer)
TO kiosk_device;
