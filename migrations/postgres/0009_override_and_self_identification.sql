-- A person decides, and the bias report (issue 18, points 2 and 6; SQLite's
-- 0010_override_and_self_identification.sql, the same columns):
--
-- interview_decisions.ai_recommendation: what the AI recommended (advance,
-- hold or reject, from the overall score and the role's bands) when the
-- person decided, null when there were no scores and on older decisions. A
-- decision that differs from it is an override, and its note is the reason.
-- No CHECK, as on devices: there a new CHECK means rebuilding the table, and
-- the two schemas keep the same CHECKs (schema-drift.test.ts); the app
-- writes only the three kinds. sync.push and sync.pull read a table's
-- columns from pg_attribute, so they carry the new one as it is.
--
-- self_identifications: a candidate's voluntary sex and race/ethnicity
-- (EEO-1 categories; null when not given), one row per answer, only ever
-- added. A device-written synced table like consent_records: laptops pull
-- every row (the bias report), a kiosk the rows it originated. Nothing but
-- the bias report reads it.
--
-- This file moves sync.schema_version() to 9: an app built for 8 does not
-- know the table or the column and would be refused its rows.

ALTER TABLE interview_decisions ADD COLUMN ai_recommendation text;

CREATE TABLE self_identifications (
  id               uuid PRIMARY KEY,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  row_version      integer NOT NULL DEFAULT 1,
  deleted_at       timestamptz,
  candidate_id     uuid NOT NULL REFERENCES candidates (id),
  kiosk_id         text NOT NULL,
  sex              text,
  race_ethnicity   text,
  answered_at      timestamptz NOT NULL,
  origin_device_id uuid,
  CONSTRAINT self_identifications_sex_check CHECK (sex IN ('female', 'male')),
  CONSTRAINT self_identifications_race_ethnicity_check CHECK (race_ethnicity IN ('hispanic_or_latino', 'white', 'black_or_african_american',
    'native_hawaiian_or_pacific_islander', 'asian', 'native_american_or_alaska_native', 'two_or_more_races')),
  CONSTRAINT self_identifications_row_version_check CHECK (row_version >= 1)
);
CREATE INDEX idx_self_identifications_candidate ON self_identifications (candidate_id, answered_at);

-- As 0002 does for every synced table: nobody but the owner (and so the
-- SECURITY DEFINER sync functions) reads or writes it.
REVOKE ALL ON public.self_identifications FROM PUBLIC;
ALTER TABLE public.self_identifications ENABLE ROW LEVEL SECURITY;
DO $$
DECLARE
  api_role text;
BEGIN
  FOR api_role IN SELECT rolname FROM pg_roles WHERE rolname IN ('anon', 'authenticated') LOOP
    EXECUTE format('REVOKE ALL ON public.self_identifications FROM %I', api_role);
  END LOOP;
END
$$;
