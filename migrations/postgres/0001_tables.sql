-- The synced tables, mirroring the device's SQLite schema (src-main/db/schema/*.ts,
-- migrations/sqlite/) column by column: same table and column names, same
-- nullability, CHECKs and foreign keys. Types are Postgres's own: uuid ids,
-- timestamptz times, jsonb JSON, numeric money/scores, boolean flags.
--
-- Every table also has origin_device_id: the device that first inserted the
-- row. It is server-only (never sent to devices) and decides what a kiosk may
-- change and see (functions/40_push.sql, functions/50_pull.sql). It has no
-- foreign key because 0001 runs before sync.devices exists; it is filled only
-- by sync.push.
--
-- tests/integration/sync-server/schema-drift.test.ts compares these columns
-- with SQLite's: a new SQLite column needs a new Postgres migration.

CREATE TABLE candidates (
  id                 uuid PRIMARY KEY,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  row_version        integer NOT NULL DEFAULT 1,
  deleted_at         timestamptz,
  email              text NOT NULL,
  full_name          text NOT NULL,
  password_hash      text NOT NULL,
  phone              text,
  status             text NOT NULL DEFAULT 'active',
  failed_login_count integer NOT NULL DEFAULT 0,
  locked_until       timestamptz,
  last_login_at      timestamptz,
  origin_device_id   uuid,
  CONSTRAINT candidates_status_check CHECK (status IN ('active', 'inactive', 'deleted')),
  CONSTRAINT candidates_email_lowercase_check CHECK (email = lower(email)),
  CONSTRAINT candidates_failed_login_count_check CHECK (failed_login_count >= 0),
  CONSTRAINT candidates_row_version_check CHECK (row_version >= 1)
);
CREATE UNIQUE INDEX idx_candidates_email ON candidates (email);
CREATE INDEX idx_candidates_status ON candidates (status);

CREATE TABLE recruiters (
  id                 uuid PRIMARY KEY,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  row_version        integer NOT NULL DEFAULT 1,
  deleted_at         timestamptz,
  email              text NOT NULL,
  full_name          text NOT NULL,
  password_hash      text NOT NULL,
  role               text NOT NULL DEFAULT 'recruiter',
  -- Text, as in SQLite: an external organisation's id, not a row of ours.
  organization_id    text,
  last_login_at      timestamptz,
  is_active          boolean NOT NULL DEFAULT true,
  failed_login_count integer NOT NULL DEFAULT 0,
  locked_until       timestamptz,
  origin_device_id   uuid,
  CONSTRAINT recruiters_role_check CHECK (role IN ('recruiter', 'admin', 'viewer')),
  CONSTRAINT recruiters_email_lowercase_check CHECK (email = lower(email)),
  CONSTRAINT recruiters_failed_login_count_check CHECK (failed_login_count >= 0),
  CONSTRAINT recruiters_row_version_check CHECK (row_version >= 1)
);
CREATE UNIQUE INDEX idx_recruiters_email ON recruiters (email);
CREATE INDEX idx_recruiters_organization_id ON recruiters (organization_id);
CREATE INDEX idx_recruiters_role ON recruiters (role);

CREATE TABLE resumes (
  id               uuid PRIMARY KEY,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  row_version      integer NOT NULL DEFAULT 1,
  deleted_at       timestamptz,
  candidate_id     uuid NOT NULL REFERENCES candidates (id) ON DELETE CASCADE,
  file_url         text NOT NULL,
  file_name        text NOT NULL,
  file_size        integer NOT NULL,
  uploaded_at      timestamptz NOT NULL DEFAULT now(),
  parsed_at        timestamptz,
  parsing_status   text NOT NULL DEFAULT 'pending',
  parsed_data      jsonb,
  failure_reason   text,
  origin_device_id uuid,
  CONSTRAINT resumes_parsing_status_check CHECK (parsing_status IN ('pending', 'processing', 'completed', 'failed')),
  CONSTRAINT resumes_file_size_check CHECK (file_size >= 0),
  CONSTRAINT resumes_row_version_check CHECK (row_version >= 1)
);
CREATE INDEX idx_resumes_candidate_id ON resumes (candidate_id);
CREATE INDEX idx_resumes_parsing_status ON resumes (parsing_status);

CREATE TABLE resume_feedback (
  id                    uuid PRIMARY KEY,
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now(),
  row_version           integer NOT NULL DEFAULT 1,
  deleted_at            timestamptz,
  resume_id             uuid NOT NULL REFERENCES resumes (id) ON DELETE CASCADE,
  feedback_content      text NOT NULL,
  identified_gaps       jsonb,
  recommended_resources jsonb,
  status                text NOT NULL DEFAULT 'draft',
  generated_at          timestamptz NOT NULL DEFAULT now(),
  approved_at           timestamptz,
  approved_by           uuid REFERENCES recruiters (id),
  sent_at               timestamptz,
  auto_send_at          timestamptz,
  origin_device_id      uuid,
  CONSTRAINT resume_feedback_status_check CHECK (status IN ('draft', 'pending_approval', 'approved', 'sent')),
  CONSTRAINT resume_feedback_row_version_check CHECK (row_version >= 1)
);
CREATE UNIQUE INDEX idx_resume_feedback_resume_id ON resume_feedback (resume_id);
CREATE INDEX idx_resume_feedback_status ON resume_feedback (status);
CREATE INDEX idx_resume_feedback_auto_send ON resume_feedback (auto_send_at) WHERE status = 'pending_approval';

CREATE TABLE interviews (
  id                uuid PRIMARY KEY,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  row_version       integer NOT NULL DEFAULT 1,
  deleted_at        timestamptz,
  candidate_id      uuid NOT NULL REFERENCES candidates (id) ON DELETE CASCADE,
  resume_id         uuid REFERENCES resumes (id),
  role_type         text NOT NULL,
  status            text NOT NULL DEFAULT 'scheduled',
  started_at        timestamptz,
  completed_at      timestamptz,
  duration_seconds  integer,
  ai_model_used     text,
  total_tokens_used integer NOT NULL DEFAULT 0,
  cost_usd          numeric NOT NULL DEFAULT 0,
  origin_device_id  uuid,
  CONSTRAINT interviews_role_type_check CHECK (role_type IN ('react', 'python', 'javascript', 'fullstack')),
  CONSTRAINT interviews_status_check CHECK (status IN ('scheduled', 'in_progress', 'completed', 'abandoned')),
  CONSTRAINT interviews_duration_seconds_check CHECK (duration_seconds IS NULL OR duration_seconds >= 0),
  CONSTRAINT interviews_total_tokens_used_check CHECK (total_tokens_used >= 0),
  CONSTRAINT interviews_cost_usd_check CHECK (cost_usd >= 0),
  CONSTRAINT interviews_row_version_check CHECK (row_version >= 1)
);
CREATE INDEX idx_interviews_candidate_id ON interviews (candidate_id);
CREATE INDEX idx_interviews_status ON interviews (status);
CREATE INDEX idx_interviews_created_at ON interviews (created_at);

CREATE TABLE interview_sessions (
  id                          uuid PRIMARY KEY,
  created_at                  timestamptz NOT NULL DEFAULT now(),
  updated_at                  timestamptz NOT NULL DEFAULT now(),
  row_version                 integer NOT NULL DEFAULT 1,
  deleted_at                  timestamptz,
  interview_id                uuid NOT NULL REFERENCES interviews (id) ON DELETE CASCADE,
  conversation_memory         jsonb,
  current_difficulty_level    text NOT NULL DEFAULT 'warmup',
  questions_asked_count       integer NOT NULL DEFAULT 0,
  skill_boundaries_identified jsonb,
  progression_state           jsonb,
  last_activity_at            timestamptz NOT NULL DEFAULT now(),
  origin_device_id            uuid,
  CONSTRAINT interview_sessions_current_difficulty_level_check CHECK (current_difficulty_level IN ('warmup', 'standard', 'advanced')),
  CONSTRAINT interview_sessions_questions_asked_count_check CHECK (questions_asked_count >= 0),
  CONSTRAINT interview_sessions_row_version_check CHECK (row_version >= 1)
);
CREATE UNIQUE INDEX idx_interview_sessions_interview_id ON interview_sessions (interview_id);
CREATE INDEX idx_interview_sessions_last_activity ON interview_sessions (last_activity_at);

CREATE TABLE interview_messages (
  id                     uuid PRIMARY KEY,
  created_at             timestamptz NOT NULL DEFAULT now(),
  updated_at             timestamptz NOT NULL DEFAULT now(),
  row_version            integer NOT NULL DEFAULT 1,
  deleted_at             timestamptz,
  interview_id           uuid NOT NULL REFERENCES interviews (id) ON DELETE CASCADE,
  session_id             uuid NOT NULL REFERENCES interview_sessions (id) ON DELETE CASCADE,
  sequence_number        integer NOT NULL,
  message_type           text NOT NULL,
  content_text           text NOT NULL,
  content_audio_url      text,
  audio_duration_seconds integer,
  audio_metadata         jsonb,
  response_time_seconds  integer,
  metadata               jsonb,
  origin_device_id       uuid,
  CONSTRAINT interview_messages_message_type_check CHECK (message_type IN ('ai_question', 'candidate_response')),
  CONSTRAINT interview_messages_sequence_number_check CHECK (sequence_number >= 1),
  CONSTRAINT interview_messages_row_version_check CHECK (row_version >= 1)
);
CREATE INDEX idx_interview_messages_interview_id ON interview_messages (interview_id);
CREATE INDEX idx_interview_messages_session_id ON interview_messages (session_id);
CREATE INDEX idx_interview_messages_sequence ON interview_messages (interview_id, sequence_number);

CREATE TABLE assessment_results (
  id                  uuid PRIMARY KEY,
  created_at          timestamptz NOT NULL DEFAULT now(),
  updated_at          timestamptz NOT NULL DEFAULT now(),
  row_version         integer NOT NULL DEFAULT 1,
  deleted_at          timestamptz,
  interview_id        uuid NOT NULL REFERENCES interviews (id) ON DELETE CASCADE,
  -- Unconstrained numeric (not numeric(5,2)) so a pushed value comes back exactly as sent.
  overall_score       numeric,
  skill_scores        jsonb NOT NULL,
  skill_boundary_map  jsonb,
  strengths           jsonb,
  weaknesses          jsonb,
  integrity_score     numeric,
  integrity_flags     jsonb,
  ai_reasoning        jsonb,
  recommended_actions jsonb,
  generated_at        timestamptz NOT NULL DEFAULT now(),
  status              text NOT NULL DEFAULT 'complete',
  pass_outcomes       jsonb,
  integrity_summary   text,
  origin_device_id    uuid,
  CONSTRAINT assessment_results_overall_score_check CHECK (overall_score IS NULL OR (overall_score >= 0 AND overall_score <= 100)),
  CONSTRAINT assessment_results_status_check CHECK (status IN ('complete', 'partial', 'failed')),
  CONSTRAINT assessment_results_failed_has_no_score_check CHECK ((status = 'failed') = (overall_score IS NULL)),
  CONSTRAINT assessment_results_integrity_score_check CHECK (integrity_score IS NULL OR (integrity_score >= 0 AND integrity_score <= 100)),
  CONSTRAINT assessment_results_row_version_check CHECK (row_version >= 1)
);
CREATE UNIQUE INDEX idx_assessment_results_interview_id ON assessment_results (interview_id);
CREATE INDEX idx_assessment_results_overall_score ON assessment_results (overall_score);

CREATE TABLE interview_decisions (
  id               uuid PRIMARY KEY,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  row_version      integer NOT NULL DEFAULT 1,
  deleted_at       timestamptz,
  interview_id     uuid NOT NULL REFERENCES interviews (id) ON DELETE CASCADE,
  decided_by       uuid NOT NULL REFERENCES recruiters (id),
  decision         text NOT NULL,
  note             text NOT NULL DEFAULT '',
  decided_at       timestamptz NOT NULL,
  origin_device_id uuid,
  CONSTRAINT interview_decisions_decision_check CHECK (decision IN ('advance', 'hold', 'reject')),
  CONSTRAINT interview_decisions_note_check CHECK (length(note) <= 2000),
  CONSTRAINT interview_decisions_row_version_check CHECK (row_version >= 1)
);
CREATE INDEX idx_interview_decisions_interview_decided ON interview_decisions (interview_id, decided_at);

CREATE TABLE integration_webhooks (
  id                uuid PRIMARY KEY,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  row_version       integer NOT NULL DEFAULT 1,
  deleted_at        timestamptz,
  organization_id   text,
  webhook_url       text NOT NULL,
  webhook_secret    text NOT NULL,
  event_types       jsonb NOT NULL,
  is_active         boolean NOT NULL DEFAULT true,
  last_triggered_at timestamptz,
  origin_device_id  uuid,
  CONSTRAINT integration_webhooks_row_version_check CHECK (row_version >= 1)
);
CREATE INDEX idx_integration_webhooks_organization_id ON integration_webhooks (organization_id);

CREATE TABLE integrity_events (
  id               uuid PRIMARY KEY,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  row_version      integer NOT NULL DEFAULT 1,
  deleted_at       timestamptz,
  interview_id     uuid NOT NULL REFERENCES interviews (id) ON DELETE CASCADE,
  kind             text NOT NULL,
  occurred_at      timestamptz NOT NULL,
  details          jsonb,
  origin_device_id uuid,
  CONSTRAINT integrity_events_kind_check CHECK (length(kind) BETWEEN 1 AND 64),
  CONSTRAINT integrity_events_row_version_check CHECK (row_version >= 1)
);
CREATE INDEX idx_integrity_events_interview_occurred ON integrity_events (interview_id, occurred_at);

CREATE TABLE ai_usage (
  id                uuid PRIMARY KEY,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  row_version       integer NOT NULL DEFAULT 1,
  deleted_at        timestamptz,
  interview_id      uuid REFERENCES interviews (id) ON DELETE CASCADE,
  task              text NOT NULL,
  endpoint          text NOT NULL,
  model             text NOT NULL,
  prompt_tokens     integer NOT NULL DEFAULT 0,
  completion_tokens integer NOT NULL DEFAULT 0,
  audio_seconds     numeric,
  characters        integer,
  latency_ms        integer NOT NULL,
  cost_usd          numeric NOT NULL DEFAULT 0,
  outcome           text NOT NULL,
  error_kind        text,
  origin_device_id  uuid,
  CONSTRAINT ai_usage_endpoint_check CHECK (endpoint IN ('chat', 'transcription', 'speech')),
  CONSTRAINT ai_usage_outcome_check CHECK (outcome IN ('ok', 'error')),
  CONSTRAINT ai_usage_task_check CHECK (length(task) BETWEEN 1 AND 64),
  CONSTRAINT ai_usage_counts_check CHECK (
    prompt_tokens >= 0 AND completion_tokens >= 0 AND latency_ms >= 0 AND cost_usd >= 0
    AND (audio_seconds IS NULL OR audio_seconds >= 0) AND (characters IS NULL OR characters >= 0)),
  CONSTRAINT ai_usage_error_kind_check CHECK (
    (outcome = 'ok' AND error_kind IS NULL) OR (outcome = 'error' AND length(error_kind) BETWEEN 1 AND 64)),
  CONSTRAINT ai_usage_row_version_check CHECK (row_version >= 1)
);
CREATE INDEX idx_ai_usage_interview_id ON ai_usage (interview_id);
CREATE INDEX idx_ai_usage_created_at ON ai_usage (created_at);
