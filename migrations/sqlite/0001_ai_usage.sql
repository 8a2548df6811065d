CREATE TABLE `ai_usage` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`row_version` integer DEFAULT 1 NOT NULL,
	`deleted_at` text,
	`interview_id` text,
	`task` text NOT NULL,
	`endpoint` text NOT NULL,
	`model` text NOT NULL,
	`prompt_tokens` integer DEFAULT 0 NOT NULL,
	`completion_tokens` integer DEFAULT 0 NOT NULL,
	`audio_seconds` real,
	`characters` integer,
	`latency_ms` integer NOT NULL,
	`cost_usd` real DEFAULT 0 NOT NULL,
	`outcome` text NOT NULL,
	`error_kind` text,
	FOREIGN KEY (`interview_id`) REFERENCES `interviews`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "ai_usage_endpoint_check" CHECK("endpoint" IN ('chat', 'transcription', 'speech')),
	CONSTRAINT "ai_usage_outcome_check" CHECK("outcome" IN ('ok', 'error')),
	CONSTRAINT "ai_usage_task_check" CHECK(length("task") BETWEEN 1 AND 64),
	CONSTRAINT "ai_usage_counts_check" CHECK("prompt_tokens" >= 0 AND "completion_tokens" >= 0 AND "latency_ms" >= 0 AND "cost_usd" >= 0 AND ("audio_seconds" IS NULL OR "audio_seconds" >= 0) AND ("characters" IS NULL OR "characters" >= 0)),
	CONSTRAINT "ai_usage_error_kind_check" CHECK(("outcome" = 'ok' AND "error_kind" IS NULL) OR ("outcome" = 'error' AND length("error_kind") BETWEEN 1 AND 64)),
	CONSTRAINT "ai_usage_row_version_check" CHECK("row_version" >= 1)
);
--> statement-breakpoint
CREATE INDEX `idx_ai_usage_interview_id` ON `ai_usage` (`interview_id`);--> statement-breakpoint
CREATE INDEX `idx_ai_usage_created_at` ON `ai_usage` (`created_at`);