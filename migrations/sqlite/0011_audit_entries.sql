CREATE TABLE `audit_entries` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`row_version` integer DEFAULT 1 NOT NULL,
	`deleted_at` text,
	`device_id` text NOT NULL,
	`sequence` integer NOT NULL,
	`kind` text NOT NULL,
	`interview_id` text,
	`payload` text NOT NULL,
	`prev_hash` text NOT NULL,
	`entry_hash` text NOT NULL,
	CONSTRAINT "audit_entries_sequence_check" CHECK("sequence" >= 1),
	CONSTRAINT "audit_entries_kind_check" CHECK(length("kind") BETWEEN 1 AND 32),
	CONSTRAINT "audit_entries_hashes_check" CHECK(length("prev_hash") = 64 AND length("entry_hash") = 64),
	CONSTRAINT "audit_entries_row_version_check" CHECK("row_version" >= 1)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `idx_audit_entries_device_sequence` ON `audit_entries` (`device_id`,`sequence`);--> statement-breakpoint
CREATE INDEX `idx_audit_entries_interview` ON `audit_entries` (`interview_id`);--> statement-breakpoint
CREATE INDEX `idx_audit_entries_created_at` ON `audit_entries` (`created_at`);