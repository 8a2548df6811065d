-- Files in S3-compatible object storage (issue 22, point 4; docs/sync.md,
-- "Files"; README "Where recordings and resumes are stored (IT)").
--
-- Without a row in sync.object_storage every file stays in Postgres, as
-- before. With one, new uploads go to the bucket as parts of part_bytes
-- (the last one shorter), each its own object files/<sha-256>/<n>, through
-- URLs the database signs (functions/72_object_files.sql): devices never
-- hold the storage key.
--
-- This file moves sync.schema_version() to 18.

-- IT's bucket: one row or none. The secret is read only by the owner and by
-- the owner's SECURITY DEFINER functions, never returned to a device.
CREATE TABLE sync.object_storage (
  singleton         boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  endpoint          text NOT NULL CHECK (endpoint ~ '^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~/-]*)?$'),
  region            text NOT NULL CHECK (region ~ '^[a-z0-9-]{1,64}$'),
  bucket            text NOT NULL CHECK (bucket ~ '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$'),
  -- Path-style addressing (endpoint/bucket/key): MinIO, Supabase Storage. False: bucket.endpoint/key (AWS virtual-hosted).
  path_style        boolean NOT NULL DEFAULT true,
  access_key_id     text NOT NULL CHECK (access_key_id ~ '^[!-~]{1,128}$'),
  secret_access_key text NOT NULL CHECK (secret_access_key ~ '^[!-~]+$' AND length(secret_access_key) <= 256),
  -- 5 MiB to 64 MiB; tests use smaller parts through the owner's direct update.
  part_bytes        integer NOT NULL DEFAULT 8388608 CHECK (part_bytes BETWEEN 1024 AND 67108864),
  updated_at        timestamptz NOT NULL DEFAULT now()
);
REVOKE ALL ON sync.object_storage FROM PUBLIC;

-- Where a file's bytes are. 'objects': in the bucket, in parts of part_bytes;
-- `received` then counts the bytes of the parts a device reported uploaded.
ALTER TABLE sync.files ADD COLUMN store text NOT NULL DEFAULT 'postgres' CHECK (store IN ('postgres', 'objects'));
ALTER TABLE sync.files ADD COLUMN part_bytes integer CHECK (part_bytes > 0);
ALTER TABLE sync.files ADD CONSTRAINT files_objects_have_part_bytes CHECK (store = 'postgres' OR part_bytes IS NOT NULL);

-- The parts of a file in the bucket: each part's Content-MD5 (signed into
-- its upload URL, so the storage refuses other bytes) and whether the
-- device reported it uploaded.
CREATE TABLE sync.file_parts (
  hash     text NOT NULL REFERENCES sync.files (hash) ON DELETE CASCADE,
  number   integer NOT NULL CHECK (number >= 1),
  size     integer NOT NULL CHECK (size > 0),
  md5      text NOT NULL CHECK (md5 ~ '^[A-Za-z0-9+/]{22}==$'),
  uploaded boolean NOT NULL DEFAULT false,
  PRIMARY KEY (hash, number)
);
REVOKE ALL ON sync.file_parts FROM PUBLIC;

-- Objects no row names any more (retention), for IT's
-- `hosted-db storage purge` to delete: Postgres cannot reach the bucket.
CREATE TABLE sync.object_deletions (
  key       text PRIMARY KEY CHECK (key ~ '^files/[0-9a-f]{64}/[1-9][0-9]*$'),
  queued_at timestamptz NOT NULL DEFAULT now()
);
REVOKE ALL ON sync.object_deletions FROM PUBLIC;
