-- Notice and consent (issue 18, point 1; SQLite's 0008_consent_records.sql,
-- the same table): consent_records, one row per answer a candidate gave to
-- the notice shown before an AI interview (which notice: version, language
-- and the SHA-256 of the text as shown; the choice: consent, accommodation or
-- decline; when, at which kiosk, in which sitting). A device-written synced
-- table like proctor_sittings: laptops pull every row (staff follow up on
-- declines and accommodation requests), a kiosk the rows it originated.
--
-- kiosk_id is text, as on SQLite and in proctor_sittings: the install, not a
-- row of sync.devices. notice_language is checked by shape, not by a list:
-- a new language is a folder of notices, not a migration.
--
-- This file moves sync.schema_version() to 8: an app built for 7 does not
-- know the table and would be refused its rows.

CREATE TABLE consent_records (
  id               uuid PRIMARY KEY,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  row_version      integer NOT NULL DEFAULT 1,
  deleted_at       timestamptz,
  candidate_id     uuid NOT NULL REFERENCES candidates (id),
  kiosk_id         text NOT NULL,
  sitting_id       uuid REFERENCES proctor_sittings (id),
  notice_version   text NOT NULL,
  notice_language  text NOT NULL,
  notice_sha256    text NOT NULL,
  choice           text NOT NULL,
  answered_at      timestamptz NOT NULL,
  origin_device_id uuid,
  CONSTRAINT consent_records_choice_check CHECK (choice IN ('consent', 'accommodation', 'decline')),
  CONSTRAINT consent_records_notice_language_check CHECK (length(notice_language) BETWEEN 2 AND 8),
  CONSTRAINT consent_records_notice_version_check CHECK (length(notice_version) BETWEEN 2 AND 7),
  CONSTRAINT consent_records_notice_sha256_check CHECK (length(notice_sha256) = 64),
  CONSTRAINT consent_records_row_version_check CHECK (row_version >= 1)
);
CREATE INDEX idx_consent_records_candidate ON consent_records (candidate_id, answered_at);
CREATE INDEX idx_consent_records_choice ON consent_records (choice, answered_at);

-- As 0002 does for every synced table: nobody but the owner (and so the
-- SECURITY DEFINER sync functions) reads or writes it.
REVOKE ALL ON public.consent_records FROM PUBLIC;
ALTER TABLE public.consent_records ENABLE ROW LEVEL SECURITY;
DO $$
DECLARE
  api_role text;
BEGIN
  FOR api_role IN SELECT rolname FROM pg_roles WHERE rolname IN ('anon', 'authenticated') LOOP
    EXECUTE format('REVOKE ALL ON public.consent_records FROM %I', api_role);
  END LOOP;
END
$$;
