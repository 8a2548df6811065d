CREATE TABLE `assessment_results` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`row_version` integer DEFAULT 1 NOT NULL,
	`deleted_at` text,
	`interview_id` text NOT NULL,
	`overall_score` real NOT NULL,
	`skill_scores` text NOT NULL,
	`skill_boundary_map` text,
	`strengths` text,
	`weaknesses` text,
	`integrity_score` real,
	`integrity_flags` text,
	`ai_reasoning` text,
	`recommended_actions` text,
	`generated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`interview_id`) REFERENCES `interviews`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "assessment_results_overall_score_check" CHECK("overall_score" >= 0 AND "overall_score" <= 100),
	CONSTRAINT "assessment_results_integrity_score_check" CHECK("integrity_score" IS NULL OR ("integrity_score" >= 0 AND "integrity_score" <= 100)),
	CONSTRAINT "assessment_results_row_version_check" CHECK("row_version" >= 1)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `idx_assessment_results_interview_id` ON `assessment_results` (`interview_id`);--> statement-breakpoint
CREATE INDEX `idx_assessment_results_overall_score` ON `assessment_results` (`overall_score`);--> statement-breakpoint
CREATE TABLE `candidates` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`row_version` integer DEFAULT 1 NOT NULL,
	`deleted_at` text,
	`email` text NOT NULL,
	`full_name` text NOT NULL,
	`password_hash` text NOT NULL,
	`phone` text,
	`status` text DEFAULT 'active' NOT NULL,
	`failed_login_count` integer DEFAULT 0 NOT NULL,
	`locked_until` text,
	`last_login_at` text,
	CONSTRAINT "candidates_status_check" CHECK("status" IN ('active', 'inactive', 'deleted')),
	CONSTRAINT "candidates_email_lowercase_check" CHECK("email" = lower("email")),
	CONSTRAINT "candidates_failed_login_count_check" CHECK("failed_login_count" >= 0),
	CONSTRAINT "candidates_row_version_check" CHECK("row_version" >= 1)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `idx_candidates_email` ON `candidates` (`email`);--> statement-breakpoint
CREATE INDEX `idx_candidates_status` ON `candidates` (`status`);--> statement-breakpoint
CREATE TABLE `integration_webhooks` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`row_version` integer DEFAULT 1 NOT NULL,
	`deleted_at` text,
	`organization_id` text,
	`webhook_url` text NOT NULL,
	`webhook_secret` text NOT NULL,
	`event_types` text NOT NULL,
	`is_active` integer DEFAULT true NOT NULL,
	`last_triggered_at` text,
	CONSTRAINT "integration_webhooks_row_version_check" CHECK("row_version" >= 1)
);
--> statement-breakpoint
CREATE INDEX `idx_integration_webhooks_organization_id` ON `integration_webhooks` (`organization_id`);--> statement-breakpoint
CREATE TABLE `integrity_events` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`row_version` integer DEFAULT 1 NOT NULL,
	`deleted_at` text,
	`interview_id` text NOT NULL,
	`kind` text NOT NULL,
	`occurred_at` text NOT NULL,
	`details` text,
	FOREIGN KEY (`interview_id`) REFERENCES `interviews`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "integrity_events_kind_check" CHECK(length("kind") BETWEEN 1 AND 64),
	CONSTRAINT "integrity_events_row_version_check" CHECK("row_version" >= 1)
);
--> statement-breakpoint
CREATE INDEX `idx_integrity_events_interview_occurred` ON `integrity_events` (`interview_id`,`occurred_at`);--> statement-breakpoint
CREATE TABLE `interview_messages` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`row_version` integer DEFAULT 1 NOT NULL,
	`deleted_at` text,
	`interview_id` text NOT NULL,
	`session_id` text NOT NULL,
	`sequence_number` integer NOT NULL,
	`message_type` text NOT NULL,
	`content_text` text NOT NULL,
	`content_audio_url` text,
	`audio_duration_seconds` integer,
	`audio_metadata` text,
	`response_time_seconds` integer,
	`metadata` text,
	FOREIGN KEY (`interview_id`) REFERENCES `interviews`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`session_id`) REFERENCES `interview_sessions`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "interview_messages_message_type_check" CHECK("message_type" IN ('ai_question', 'candidate_response')),
	CONSTRAINT "interview_messages_sequence_number_check" CHECK("sequence_number" >= 1),
	CONSTRAINT "interview_messages_row_version_check" CHECK("row_version" >= 1)
);
--> statement-breakpoint
CREATE INDEX `idx_interview_messages_interview_id` ON `interview_messages` (`interview_id`);--> statement-breakpoint
CREATE INDEX `idx_interview_messages_session_id` ON `interview_messages` (`session_id`);--> statement-breakpoint
CREATE INDEX `idx_interview_messages_sequence` ON `interview_messages` (`interview_id`,`sequence_number`);--> statement-breakpoint
CREATE TABLE `interview_sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`row_version` integer DEFAULT 1 NOT NULL,
	`deleted_at` text,
	`interview_id` text NOT NULL,
	`conversation_memory` text,
	`current_difficulty_level` text DEFAULT 'warmup' NOT NULL,
	`questions_asked_count` integer DEFAULT 0 NOT NULL,
	`skill_boundaries_identified` text,
	`progression_state` text,
	`last_activity_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`interview_id`) REFERENCES `interviews`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "interview_sessions_current_difficulty_level_check" CHECK("current_difficulty_level" IN ('warmup', 'standard', 'advanced')),
	CONSTRAINT "interview_sessions_questions_asked_count_check" CHECK("questions_asked_count" >= 0),
	CONSTRAINT "interview_sessions_row_version_check" CHECK("row_version" >= 1)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `idx_interview_sessions_interview_id` ON `interview_sessions` (`interview_id`);--> statement-breakpoint
CREATE INDEX `idx_interview_sessions_last_activity` ON `interview_sessions` (`last_activity_at`);--> statement-breakpoint
CREATE TABLE `interviews` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`row_version` integer DEFAULT 1 NOT NULL,
	`deleted_at` text,
	`candidate_id` text NOT NULL,
	`resume_id` text,
	`role_type` text NOT NULL,
	`status` text DEFAULT 'scheduled' NOT NULL,
	`started_at` text,
	`completed_at` text,
	`duration_seconds` integer,
	`ai_model_used` text,
	`total_tokens_used` integer DEFAULT 0 NOT NULL,
	`cost_usd` real DEFAULT 0 NOT NULL,
	FOREIGN KEY (`candidate_id`) REFERENCES `candidates`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`resume_id`) REFERENCES `resumes`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "interviews_role_type_check" CHECK("role_type" IN ('react', 'python', 'javascript', 'fullstack')),
	CONSTRAINT "interviews_status_check" CHECK("status" IN ('scheduled', 'in_progress', 'completed', 'abandoned')),
	CONSTRAINT "interviews_duration_seconds_check" CHECK("duration_seconds" IS NULL OR "duration_seconds" >= 0),
	CONSTRAINT "interviews_total_tokens_used_check" CHECK("total_tokens_used" >= 0),
	CONSTRAINT "interviews_cost_usd_check" CHECK("cost_usd" >= 0),
	CONSTRAINT "interviews_row_version_check" CHECK("row_version" >= 1)
);
--> statement-breakpoint
CREATE INDEX `idx_interviews_candidate_id` ON `interviews` (`candidate_id`);--> statement-breakpoint
CREATE INDEX `idx_interviews_status` ON `interviews` (`status`);--> statement-breakpoint
CREATE INDEX `idx_interviews_created_at` ON `interviews` (`created_at`);--> statement-breakpoint
CREATE TABLE `jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`payload` text NOT NULL,
	`status` text DEFAULT 'queued' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`max_attempts` integer DEFAULT 5 NOT NULL,
	`run_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`locked_by` text,
	`locked_until` text,
	`last_error` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`dedupe_key` text,
	CONSTRAINT "jobs_status_check" CHECK("status" IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
	CONSTRAINT "jobs_attempts_check" CHECK("attempts" >= 0 AND "max_attempts" >= 1),
	CONSTRAINT "jobs_kind_check" CHECK(length("kind") BETWEEN 1 AND 100)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `idx_jobs_dedupe_key` ON `jobs` (`dedupe_key`);--> statement-breakpoint
CREATE INDEX `idx_jobs_status_run_at` ON `jobs` (`status`,`run_at`);--> statement-breakpoint
CREATE TABLE `recruiters` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`row_version` integer DEFAULT 1 NOT NULL,
	`deleted_at` text,
	`email` text NOT NULL,
	`full_name` text NOT NULL,
	`password_hash` text NOT NULL,
	`role` text DEFAULT 'recruiter' NOT NULL,
	`organization_id` text,
	`last_login_at` text,
	`is_active` integer DEFAULT true NOT NULL,
	`failed_login_count` integer DEFAULT 0 NOT NULL,
	`locked_until` text,
	CONSTRAINT "recruiters_role_check" CHECK("role" IN ('recruiter', 'admin', 'viewer')),
	CONSTRAINT "recruiters_email_lowercase_check" CHECK("email" = lower("email")),
	CONSTRAINT "recruiters_failed_login_count_check" CHECK("failed_login_count" >= 0),
	CONSTRAINT "recruiters_row_version_check" CHECK("row_version" >= 1)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `idx_recruiters_email` ON `recruiters` (`email`);--> statement-breakpoint
CREATE INDEX `idx_recruiters_organization_id` ON `recruiters` (`organization_id`);--> statement-breakpoint
CREATE INDEX `idx_recruiters_role` ON `recruiters` (`role`);--> statement-breakpoint
CREATE TABLE `resume_feedback` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`row_version` integer DEFAULT 1 NOT NULL,
	`deleted_at` text,
	`resume_id` text NOT NULL,
	`feedback_content` text NOT NULL,
	`identified_gaps` text,
	`recommended_resources` text,
	`status` text DEFAULT 'draft' NOT NULL,
	`generated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`approved_at` text,
	`approved_by` text,
	`sent_at` text,
	`auto_send_at` text,
	FOREIGN KEY (`resume_id`) REFERENCES `resumes`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`approved_by`) REFERENCES `recruiters`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "resume_feedback_status_check" CHECK("status" IN ('draft', 'pending_approval', 'approved', 'sent')),
	CONSTRAINT "resume_feedback_row_version_check" CHECK("row_version" >= 1)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `idx_resume_feedback_resume_id` ON `resume_feedback` (`resume_id`);--> statement-breakpoint
CREATE INDEX `idx_resume_feedback_status` ON `resume_feedback` (`status`);--> statement-breakpoint
CREATE INDEX `idx_resume_feedback_auto_send` ON `resume_feedback` (`auto_send_at`) WHERE "status" = 'pending_approval';--> statement-breakpoint
CREATE TABLE `resumes` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`row_version` integer DEFAULT 1 NOT NULL,
	`deleted_at` text,
	`candidate_id` text NOT NULL,
	`file_url` text NOT NULL,
	`file_name` text NOT NULL,
	`file_size` integer NOT NULL,
	`uploaded_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`parsed_at` text,
	`parsing_status` text DEFAULT 'pending' NOT NULL,
	`parsed_data` text,
	FOREIGN KEY (`candidate_id`) REFERENCES `candidates`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "resumes_parsing_status_check" CHECK("parsing_status" IN ('pending', 'processing', 'completed', 'failed')),
	CONSTRAINT "resumes_file_size_check" CHECK("file_size" >= 0),
	CONSTRAINT "resumes_row_version_check" CHECK("row_version" >= 1)
);
--> statement-breakpoint
CREATE INDEX `idx_resumes_candidate_id` ON `resumes` (`candidate_id`);--> statement-breakpoint
CREATE INDEX `idx_resumes_parsing_status` ON `resumes` (`parsing_status`);--> statement-breakpoint
CREATE TABLE `stored_files` (
	`id` text PRIMARY KEY NOT NULL,
	`content_hash` text NOT NULL,
	`relative_path` text NOT NULL,
	`size_bytes` integer NOT NULL,
	`media_type` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	CONSTRAINT "stored_files_content_hash_check" CHECK(length("content_hash") = 64 AND "content_hash" NOT GLOB '*[^0-9a-f]*'),
	CONSTRAINT "stored_files_size_bytes_check" CHECK("size_bytes" >= 0),
	CONSTRAINT "stored_files_relative_path_check" CHECK(length("relative_path") > 0 AND substr("relative_path", 1, 1) NOT IN ('/', '\') AND instr("relative_path", ':') = 0 AND instr("relative_path", '..') = 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `idx_stored_files_content_hash` ON `stored_files` (`content_hash`);--> statement-breakpoint
CREATE TABLE `sync_outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`table_name` text NOT NULL,
	`row_id` text NOT NULL,
	`operation` text NOT NULL,
	`row_version` integer NOT NULL,
	`payload` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`pushed_at` text,
	CONSTRAINT "sync_outbox_operation_check" CHECK("operation" IN ('upsert', 'delete')),
	CONSTRAINT "sync_outbox_row_version_check" CHECK("row_version" >= 1)
);
--> statement-breakpoint
CREATE INDEX `idx_sync_outbox_pending` ON `sync_outbox` (`id`) WHERE "pushed_at" IS NULL;--> statement-breakpoint
CREATE INDEX `idx_sync_outbox_row` ON `sync_outbox` (`table_name`,`row_id`);--> statement-breakpoint
CREATE TABLE `sync_state` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
