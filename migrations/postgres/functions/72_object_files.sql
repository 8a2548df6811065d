-- Files in IT's S3-compatible bucket (docs/sync.md, "Files in object
-- storage"; tables in 0018_object_storage.sql). The database signs every
-- URL (AWS Signature Version 4, query-string form): a device gets a URL for
-- one object and one method, valid for an hour, and never the key.

-- RFC 3986 percent-encoding as SigV4 wants it: unreserved characters kept,
-- every other byte %XX in upper case; '/' kept in a path.
CREATE OR REPLACE FUNCTION sync.uri_encode(p_text text, p_keep_slash boolean) RETURNS text
LANGUAGE plpgsql IMMUTABLE
SET search_path = pg_catalog
AS $$
DECLARE
  v_bytes bytea := convert_to(p_text, 'UTF8');
  v_byte integer;
  v_out text := '';
BEGIN
  FOR i IN 0 .. length(v_bytes) - 1 LOOP
    v_byte := get_byte(v_bytes, i);
    IF v_byte BETWEEN 48 AND 57 OR v_byte BETWEEN 65 AND 90 OR v_byte BETWEEN 97 AND 122 OR v_byte IN (45, 46, 95, 126)
       OR (p_keep_slash AND v_byte = 47) THEN
      v_out := v_out || chr(v_byte);
    ELSE
      v_out := v_out || '%' || upper(lpad(to_hex(v_byte), 2, '0'));
    END IF;
  END LOOP;
  RETURN v_out;
END
$$;

-- Was one pgcrypto hmac() per call, looking up pgcrypto's schema each time (five per URL); presign now does its five in one statement.
DROP FUNCTION IF EXISTS sync.hmac(bytea, bytea);

-- A presigned URL (AWS "Authenticating Requests: Using Query Parameters
-- (AWS Signature Version 4)"): the canonical request of method, path,
-- the X-Amz-* parameters in order, the signed headers (host, and
-- content-md5 when given, which S3 then checks against the body) and
-- UNSIGNED-PAYLOAD; signed with the key derived from the secret, the day,
-- the region and "s3". Pure, so a test checks it against AWS's published
-- example.
CREATE OR REPLACE FUNCTION sync.presign(p_endpoint text, p_region text, p_bucket text, p_path_style boolean,
                                           p_access_key_id text, p_secret text, p_method text, p_key text,
                                           p_content_md5 text, p_at timestamptz, p_expires integer) RETURNS text
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, public, sync
AS $$
DECLARE
  v_parts text[] := regexp_match(p_endpoint, '^(https?)://([^/]+)(/.*)?$');
  v_host text;
  v_path text;
  v_date text := to_char(p_at AT TIME ZONE 'UTC', 'YYYYMMDD"T"HH24MISS"Z"');
  v_scope text;
  v_signed text := CASE WHEN p_content_md5 IS NULL THEN 'host' ELSE 'content-md5;host' END;
  v_query text;
  v_canonical text;
  v_to_sign text;
  v_signature bytea;
BEGIN
  IF v_parts IS NULL OR p_method NOT IN ('GET', 'PUT', 'DELETE') OR p_expires NOT BETWEEN 1 AND 604800 THEN
    PERFORM sync.bad_request('presign needs an http(s) endpoint, GET, PUT or DELETE, and 1 to 604800 seconds.');
  END IF;
  -- A default port is not part of the Host header clients send.
  v_host := regexp_replace(v_parts[2], CASE WHEN v_parts[1] = 'https' THEN ':443$' ELSE ':80$' END, '');
  v_path := rtrim(coalesce(v_parts[3], ''), '/');
  IF p_path_style THEN
    v_path := v_path || '/' || p_bucket || '/' || p_key;
  ELSE
    v_host := p_bucket || '.' || v_host;
    v_path := v_path || '/' || p_key;
  END IF;
  v_path := sync.uri_encode(v_path, true);
  v_scope := left(v_date, 8) || '/' || p_region || '/s3/aws4_request';
  v_query := 'X-Amz-Algorithm=AWS4-HMAC-SHA256'
          || '&X-Amz-Credential=' || sync.uri_encode(p_access_key_id || '/' || v_scope, false)
          || '&X-Amz-Date=' || v_date
          || '&X-Amz-Expires=' || p_expires
          || '&X-Amz-SignedHeaders=' || sync.uri_encode(v_signed, false);
  v_canonical := p_method || E'\n' || v_path || E'\n' || v_query || E'\n'
              || CASE WHEN p_content_md5 IS NULL THEN '' ELSE 'content-md5:' || p_content_md5 || E'\n' END
              || 'host:' || v_host || E'\n' || E'\n' || v_signed || E'\n' || 'UNSIGNED-PAYLOAD';
  v_to_sign := 'AWS4-HMAC-SHA256' || E'\n' || v_date || E'\n' || v_scope || E'\n'
            || encode(sha256(convert_to(v_canonical, 'UTF8')), 'hex');
  -- The signing key HMAC(HMAC(HMAC(HMAC("AWS4" + secret, day), region), "s3"), "aws4_request"), then the
  -- signature HMAC(key, string to sign): pgcrypto's hmac(data, key), wherever the extension lives.
  EXECUTE format('SELECT %1$I.hmac($6, %1$I.hmac($5, %1$I.hmac($4, %1$I.hmac($3, %1$I.hmac($2, $1, ''sha256''), ''sha256''), ''sha256''), ''sha256''), ''sha256'')',
                 sync.pgcrypto_schema('object storage URLs'))
    INTO v_signature
    USING convert_to('AWS4' || p_secret, 'UTF8'), convert_to(left(v_date, 8), 'UTF8'), convert_to(p_region, 'UTF8'),
          convert_to('s3', 'UTF8'), convert_to('aws4_request', 'UTF8'), convert_to(v_to_sign, 'UTF8');
  RETURN v_parts[1] || '://' || v_host || v_path || '?' || v_query || '&X-Amz-Signature=' || encode(v_signature, 'hex');
END
$$;

-- The specification's hour, for one object and one method.
CREATE OR REPLACE FUNCTION sync.object_url(p_storage sync.object_storage, p_method text, p_key text, p_content_md5 text) RETURNS text
LANGUAGE sql STABLE
SET search_path = pg_catalog, public, sync
AS $$
  SELECT sync.presign(p_storage.endpoint, p_storage.region, p_storage.bucket, p_storage.path_style,
                         p_storage.access_key_id, p_storage.secret_access_key, p_method, p_key, p_content_md5, now(), 3600)
$$;

-- A part's object: files/<sha-256>/<number>.
CREATE OR REPLACE FUNCTION sync.part_key(p_hash text, p_number integer) RETURNS text
LANGUAGE sql IMMUTABLE
SET search_path = pg_catalog
AS $$
  SELECT 'files/' || p_hash || '/' || p_number
$$;

-- The objects of these files' parts, for `hosted-db storage purge`: called
-- before their part rows go (erasure, retention, an abandoned upload, an
-- upload started over), as no row would name those objects afterwards.
CREATE OR REPLACE FUNCTION sync.queue_part_deletions(p_hashes text[]) RETURNS void
LANGUAGE plpgsql
SET search_path = pg_catalog, public, sync
AS $$
BEGIN
  INSERT INTO sync.object_deletions (key)
  SELECT sync.part_key(hash, number) FROM sync.file_parts WHERE hash = ANY (p_hashes)
  ON CONFLICT (key) DO NOTHING;
END
$$;

-- The bucket IT configured, or KS004 telling the device to ask again.
CREATE OR REPLACE FUNCTION sync.require_object_storage() RETURNS sync.object_storage
LANGUAGE plpgsql STABLE
SET search_path = pg_catalog, public, sync
AS $$
DECLARE
  v_storage sync.object_storage;
BEGIN
  SELECT * INTO v_storage FROM sync.object_storage;
  IF NOT FOUND THEN
    PERFORM sync.bad_request('The hosted database has no object storage configured (any more); ask sync.file_storage where files go.');
  END IF;
  RETURN v_storage;
END
$$;

-- A bucket file's progress from its parts: bytes of the parts reported
-- uploaded, and complete when none is left.
CREATE OR REPLACE FUNCTION sync.count_uploaded_parts(p_hash text) RETURNS sync.files
LANGUAGE sql
SET search_path = pg_catalog, public, sync
AS $$
  UPDATE sync.files SET received = (SELECT coalesce(sum(size), 0) FROM sync.file_parts WHERE hash = p_hash AND uploaded),
                        complete = NOT EXISTS (SELECT 1 FROM sync.file_parts WHERE hash = p_hash AND NOT uploaded)
   WHERE hash = p_hash RETURNING *
$$;

-- Where this device sends new files: { "store": "postgres" } or
-- { "store": "objects", "partBytes": n }.
CREATE OR REPLACE FUNCTION sync.file_storage(p_schema_version integer) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, sync
AS $$
DECLARE
  v_device sync.devices := sync.require_device(p_schema_version);
  v_part_bytes integer;
BEGIN
  SELECT part_bytes INTO v_part_bytes FROM sync.object_storage;
  IF v_part_bytes IS NULL THEN
    RETURN jsonb_build_object('store', 'postgres');
  END IF;
  RETURN jsonb_build_object('store', 'objects', 'partBytes', v_part_bytes);
END
$$;

-- Starts or resumes an upload to the bucket. p_part_md5s: each part's
-- Content-MD5 (base64), parts of partBytes in order. Answers
-- { "complete", "partBytes", "parts": [ { "number", "url" } ] } with a PUT
-- URL for each part not yet reported uploaded. partBytes is the part size
-- the parts were recorded with: a device that split the file by another
-- one (IT changed it since the device asked file_storage) splits again and
-- asks again, as the MD5 count alone cannot tell. A part whose MD5 differs from the one
-- recorded (other bytes under the same name) is to be sent again; a file
-- in Postgres that never completed starts over in the bucket.
CREATE OR REPLACE FUNCTION sync.object_upload(p_schema_version integer, p_hash text, p_media_type text, p_size bigint,
                                              p_part_md5s text[]) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, sync
AS $$
DECLARE
  v_device sync.devices := sync.require_device(p_schema_version);
  v_storage sync.object_storage := sync.require_object_storage();
  v_file sync.files;
  v_count integer;
  v_urls jsonb;
BEGIN
  PERFORM sync.check_hash(p_hash);
  IF p_size IS NULL OR p_size < 0 OR coalesce(length(p_media_type), 0) = 0 THEN
    PERFORM sync.bad_request('object_upload needs a media type and a size of 0 or more.');
  END IF;
  v_count := ceil(p_size::numeric / v_storage.part_bytes)::integer;
  IF coalesce(cardinality(p_part_md5s), 0) <> v_count
     OR EXISTS (SELECT 1 FROM unnest(p_part_md5s) m WHERE m IS NULL OR m !~ '^[A-Za-z0-9+/]{22}==$') THEN
    PERFORM sync.bad_request(format('File %s: %s bytes in parts of %s make %s parts; send one base64 Content-MD5 for each.',
                                    p_hash, p_size, v_storage.part_bytes, v_count));
  END IF;
  -- The one empty file has no parts to upload; its name says what it holds.
  IF p_size = 0 AND p_hash <> encode(sha256(''::bytea), 'hex') THEN
    PERFORM sync.bad_request(format('File %s: an empty file has sha-256 %s.', p_hash, encode(sha256(''::bytea), 'hex')));
  END IF;

  INSERT INTO sync.files (hash, media_type, size, store, part_bytes) VALUES (p_hash, p_media_type, p_size, 'objects', v_storage.part_bytes)
    ON CONFLICT (hash) DO NOTHING;
  SELECT * INTO v_file FROM sync.files WHERE hash = p_hash FOR UPDATE;
  IF v_file.complete THEN
    RETURN jsonb_build_object('complete', true, 'partBytes', v_file.part_bytes, 'parts', '[]'::jsonb);   -- another device sent the same bytes
  END IF;
  IF v_file.store <> 'objects' OR v_file.part_bytes <> v_storage.part_bytes OR v_file.size <> p_size THEN
    -- Parts this upload names again come off the queue below; the others (now beyond the last part) stay on it.
    PERFORM sync.start_file_over(p_hash, p_media_type, p_size, 'objects', v_storage.part_bytes);
  END IF;

  -- These objects are named again: off the purge queue, so `storage purge` does not delete what is being sent
  -- now. A purge under way holds the keys it is deleting (object_deletion_urls), so this waits for it to finish.
  DELETE FROM sync.object_deletions WHERE key IN (SELECT sync.part_key(p_hash, n) FROM generate_series(1, v_count) n);

  INSERT INTO sync.file_parts AS f (hash, number, size, md5)
  SELECT p_hash, m.number, least(v_storage.part_bytes, p_size - (m.number - 1) * v_storage.part_bytes), m.md5
    FROM unnest(p_part_md5s) WITH ORDINALITY AS m(md5, number)
  ON CONFLICT (hash, number) DO UPDATE SET md5 = excluded.md5, uploaded = false WHERE f.md5 <> excluded.md5;

  v_file := sync.count_uploaded_parts(p_hash);
  SELECT coalesce(jsonb_agg(jsonb_build_object('number', number, 'url', sync.object_url(v_storage, 'PUT', sync.part_key(p_hash, number), md5))
                            ORDER BY number), '[]')
    INTO v_urls FROM sync.file_parts WHERE hash = p_hash AND NOT uploaded;
  RETURN jsonb_build_object('complete', v_file.complete, 'partBytes', v_file.part_bytes, 'parts', v_urls);
END
$$;

-- The device's word that a part's PUT succeeded (Postgres cannot look in
-- the bucket; a download checks the whole file's sha-256). The file is
-- complete when every part has been reported.
CREATE OR REPLACE FUNCTION sync.object_part_uploaded(p_schema_version integer, p_hash text, p_number integer) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, sync
AS $$
DECLARE
  v_device sync.devices := sync.require_device(p_schema_version);
  v_file sync.files;
BEGIN
  PERFORM sync.check_hash(p_hash);
  SELECT * INTO v_file FROM sync.files WHERE hash = p_hash FOR UPDATE;
  IF NOT FOUND OR v_file.store <> 'objects' THEN
    PERFORM sync.bad_request(format('File %s is not being uploaded to object storage; ask sync.object_upload first.', p_hash));
  END IF;
  IF NOT v_file.complete THEN
    UPDATE sync.file_parts SET uploaded = true WHERE hash = p_hash AND number = p_number;
    IF NOT FOUND THEN
      PERFORM sync.bad_request(format('File %s has no part %s.', p_hash, coalesce(p_number::text, 'null')));
    END IF;
    v_file := sync.count_uploaded_parts(p_hash);
  END IF;
  RETURN jsonb_build_object('received', v_file.received, 'complete', v_file.complete);
END
$$;

-- Where to read a complete file: { "store": null } when the server does not
-- have it complete, { "store": "postgres", "size" } (read it with
-- get_file), or { "store": "objects", "size", "parts": [ { "url", "size" } ] }
-- with a GET URL per part.
CREATE OR REPLACE FUNCTION sync.object_download(p_schema_version integer, p_hash text) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, sync
AS $$
DECLARE
  v_device sync.devices := sync.require_device(p_schema_version);
  v_file sync.files;
  v_storage sync.object_storage;
  v_urls jsonb;
BEGIN
  PERFORM sync.check_hash(p_hash);
  SELECT * INTO v_file FROM sync.files WHERE hash = p_hash AND complete;
  IF NOT FOUND THEN
    RETURN jsonb_build_object('store', null);
  END IF;
  IF v_file.store = 'postgres' THEN
    RETURN jsonb_build_object('store', 'postgres', 'size', v_file.size);
  END IF;
  v_storage := sync.require_object_storage();
  SELECT coalesce(jsonb_agg(jsonb_build_object('url', sync.object_url(v_storage, 'GET', sync.part_key(p_hash, number), null), 'size', size)
                            ORDER BY number), '[]')
    INTO v_urls FROM sync.file_parts WHERE hash = p_hash;
  RETURN jsonb_build_object('store', 'objects', 'size', v_file.size, 'parts', v_urls);
END
$$;

GRANT EXECUTE ON FUNCTION
  sync.file_storage(integer),
  sync.object_upload(integer, text, text, bigint, text[]),
  sync.object_part_uploaded(integer, text, integer),
  sync.object_download(integer, text)
TO kiosk_device;

-- IT's bucket (`npm run cli -- hosted-db storage set`). Owner only. Plain
-- http only to this computer (a local MinIO); the secret is kept where only
-- the owner reads it, and never answered back.
CREATE OR REPLACE FUNCTION sync_admin.set_object_storage(p_endpoint text, p_region text, p_bucket text, p_path_style boolean,
                                                         p_access_key_id text, p_secret_access_key text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, sync
AS $$
BEGIN
  IF p_endpoint IS NULL OR (p_endpoint !~ '^https://' AND p_endpoint !~ '^http://(localhost|127\.[0-9.]+|\[::1\])(:[0-9]+)?(/|$)') THEN
    PERFORM sync.bad_request('The storage endpoint must be an https:// address (plain http:// only to this computer).');
  END IF;
  INSERT INTO sync.object_storage (endpoint, region, bucket, path_style, access_key_id, secret_access_key)
  VALUES (rtrim(p_endpoint, '/'), p_region, p_bucket, coalesce(p_path_style, true), p_access_key_id, p_secret_access_key)
  ON CONFLICT (singleton) DO UPDATE SET endpoint = excluded.endpoint, region = excluded.region, bucket = excluded.bucket,
    path_style = excluded.path_style, access_key_id = excluded.access_key_id, secret_access_key = excluded.secret_access_key,
    updated_at = now();
EXCEPTION WHEN check_violation OR not_null_violation THEN
  -- Postgres's own errors for these carry the failing row, secret included, in their detail (and the server log):
  -- this message never repeats it.
  PERFORM sync.bad_request('The storage settings were refused: each is required; the region is lower-case letters, digits and dashes, '
                           || 'the bucket an S3 bucket name (3 to 63 of a-z, 0-9, ".", "-"), the keys printable ASCII without spaces.');
END
$$;

-- Back to files in Postgres for new uploads; files already in the bucket stay there and stay readable only with it.
CREATE OR REPLACE FUNCTION sync_admin.clear_object_storage() RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, sync
AS $$
BEGIN
  DELETE FROM sync.object_storage;
  RETURN jsonb_build_object('filesInBucket', (SELECT count(*) FROM sync.files WHERE store = 'objects' AND complete));
END
$$;

-- What is configured, without the secret.
CREATE OR REPLACE FUNCTION sync_admin.object_storage() RETURNS jsonb
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog, public, sync
AS $$
  SELECT jsonb_build_object(
    'storage', (SELECT jsonb_build_object('endpoint', endpoint, 'region', region, 'bucket', bucket, 'pathStyle', path_style,
                                          'accessKeyId', access_key_id, 'partBytes', part_bytes, 'updatedAt', sync.iso(updated_at))
                  FROM sync.object_storage),
    'filesInBucket', (SELECT count(*) FROM sync.files WHERE store = 'objects' AND complete),
    'filesInPostgres', (SELECT count(*) FROM sync.files WHERE store = 'postgres' AND complete),
    'awaitingDeletion', (SELECT count(*) FROM sync.object_deletions))
$$;

-- Objects retention left without a row (`hosted-db storage purge`): a
-- DELETE URL for each of up to p_limit, for the CLI to send. The keys stay
-- locked until the caller's transaction ends, so a device's object_upload of
-- the same bytes waits until they are deleted and then sends them anew,
-- rather than the purge deleting what it has just sent. A key a part names
-- again is not deleted.
CREATE OR REPLACE FUNCTION sync_admin.object_deletion_urls(p_limit integer) RETURNS jsonb
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, sync
AS $$
DECLARE
  v_storage sync.object_storage := sync.require_object_storage();
BEGIN
  -- By the parts' primary key: the queue is short, the parts of every file in the bucket are not.
  DELETE FROM sync.object_deletions d
   WHERE EXISTS (SELECT 1 FROM sync.file_parts p WHERE p.hash = split_part(d.key, '/', 2) AND p.number = split_part(d.key, '/', 3)::integer);
  RETURN (SELECT coalesce(jsonb_agg(jsonb_build_object('key', key, 'url', sync.object_url(v_storage, 'DELETE', key, null)) ORDER BY key), '[]')
            FROM (SELECT key FROM sync.object_deletions ORDER BY key LIMIT greatest(p_limit, 0) FOR UPDATE) d);
END
$$;

-- Uploads to the bucket begun over p_days ago and never completed (a
-- device wiped or gone mid-upload): their parts are queued for deletion
-- and the file forgotten, so a device that comes back sends it whole.
CREATE OR REPLACE FUNCTION sync_admin.queue_abandoned_uploads(p_days integer) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, sync
AS $$
DECLARE
  v_hashes text[];
BEGIN
  IF p_days IS NULL OR p_days < 1 THEN
    PERFORM sync.bad_request('Abandoned uploads are counted in whole days, 1 or more.');
  END IF;
  SELECT coalesce(array_agg(hash), '{}') INTO v_hashes FROM sync.files
   WHERE store = 'objects' AND NOT complete AND created_at < now() - make_interval(days => p_days);
  PERFORM sync.queue_part_deletions(v_hashes);
  DELETE FROM sync.files WHERE hash = ANY (v_hashes);
  RETURN cardinality(v_hashes);
END
$$;

CREATE OR REPLACE FUNCTION sync_admin.objects_deleted(p_keys text[]) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, sync
AS $$
DECLARE
  v_count integer;
BEGIN
  DELETE FROM sync.object_deletions WHERE key = ANY (p_keys);
  GET DIAGNOSTICS v_count = ROW_COUNT;
  RETURN v_count;
END
$$;
