-- Retention and erasure (issue 18, point 4; SQLite's 0012_erasure.sql, the
-- same two synced tables):
--
-- erasure_requests: a candidate's erasure request (who asked: an admin by
-- staff id, or the candidate; when; on which install; the kinds it removes).
-- Pulled by EVERY device, kiosks too (sync.pull), since each removes what it
-- holds. candidate_id has no foreign key, as on devices, where a kiosk that
-- never saw the candidate would otherwise park the request forever.
--
-- erasure_confirmations: one per device (and one by the hosted database
-- itself) that carried a request out: when, and the counts of what it
-- removed. Laptops pull all of them (the receipt), a kiosk its own.
--
-- sync.erased_rows: the id of every row an erasure removed or emptied, so
-- sync.push refuses a late row that is or names one (85_erasure.sql). Ids
-- only. The insert of a request carries it out (the trigger in
-- functions/85_erasure.sql).
--
-- This file moves sync.schema_version() to 11: an app built for an older
-- version does not know the tables and would not carry erasures out.

CREATE TABLE erasure_requests (
  id                    uuid PRIMARY KEY,
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now(),
  row_version           integer NOT NULL DEFAULT 1,
  deleted_at            timestamptz,
  candidate_id          uuid NOT NULL,
  requested_by          text NOT NULL,
  requested_by_staff_id uuid,
  requested_at          timestamptz NOT NULL,
  requested_on          text NOT NULL,
  kinds                 text NOT NULL,
  origin_device_id      uuid,
  CONSTRAINT erasure_requests_requested_by_check CHECK (requested_by IN ('admin', 'candidate')),
  CONSTRAINT erasure_requests_staff_check CHECK ((requested_by = 'admin') = (requested_by_staff_id IS NOT NULL)),
  CONSTRAINT erasure_requests_row_version_check CHECK (row_version >= 1)
);
CREATE INDEX idx_erasure_requests_candidate ON erasure_requests (candidate_id);

CREATE TABLE erasure_confirmations (
  id               uuid PRIMARY KEY,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  row_version      integer NOT NULL DEFAULT 1,
  deleted_at       timestamptz,
  request_id       uuid NOT NULL REFERENCES erasure_requests (id),
  device_id        text NOT NULL,
  confirmed_at     timestamptz NOT NULL,
  removed          text NOT NULL,
  origin_device_id uuid,
  CONSTRAINT erasure_confirmations_row_version_check CHECK (row_version >= 1)
);
CREATE UNIQUE INDEX idx_erasure_confirmations_request_device ON erasure_confirmations (request_id, device_id);
CREATE INDEX idx_erasure_confirmations_request ON erasure_confirmations (request_id);

CREATE TABLE sync.erased_rows (
  row_id     text PRIMARY KEY,   -- text: compared with the ids a pushed row names, as text
  table_name text NOT NULL,
  request_id uuid NOT NULL REFERENCES erasure_requests (id)
);
CREATE INDEX erased_rows_request ON sync.erased_rows (request_id);

-- As 0002 does for every synced table: nobody but the owner (and so the
-- SECURITY DEFINER sync functions) reads or writes them.
REVOKE ALL ON public.erasure_requests, public.erasure_confirmations, sync.erased_rows FROM PUBLIC;
ALTER TABLE public.erasure_requests ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.erasure_confirmations ENABLE ROW LEVEL SECURITY;
DO $$
DECLARE
  api_role text;
BEGIN
  FOR api_role IN SELECT rolname FROM pg_roles WHERE rolname IN ('anon', 'authenticated') LOOP
    EXECUTE format('REVOKE ALL ON public.erasure_requests, public.erasure_confirmations FROM %I', api_role);
  END LOOP;
END
$$;
