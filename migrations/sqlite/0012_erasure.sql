CREATE TABLE `erased_rows` (
	`row_id` text PRIMARY KEY NOT NULL,
	`table_name` text NOT NULL,
	`request_id` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `erasure_confirmations` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`row_version` integer DEFAULT 1 NOT NULL,
	`deleted_at` text,
	`request_id` text NOT NULL,
	`device_id` text NOT NULL,
	`confirmed_at` text NOT NULL,
	`removed` text NOT NULL,
	FOREIGN KEY (`request_id`) REFERENCES `erasure_requests`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "erasure_confirmations_row_version_check" CHECK("row_version" >= 1)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `idx_erasure_confirmations_request_device` ON `erasure_confirmations` (`request_id`,`device_id`);--> statement-breakpoint
CREATE INDEX `idx_erasure_confirmations_request` ON `erasure_confirmations` (`request_id`);--> statement-breakpoint
CREATE TABLE `erasure_progress` (
	`request_id` text PRIMARY KEY NOT NULL,
	`removed` text NOT NULL,
	`pending_files` text NOT NULL,
	`started_at` text NOT NULL,
	`finished_at` text
);
--> statement-breakpoint
CREATE TABLE `erasure_requests` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`row_version` integer DEFAULT 1 NOT NULL,
	`deleted_at` text,
	`candidate_id` text NOT NULL,
	`requested_by` text NOT NULL,
	`requested_by_staff_id` text,
	`requested_at` text NOT NULL,
	`requested_on` text NOT NULL,
	`kinds` text NOT NULL,
	CONSTRAINT "erasure_requests_requested_by_check" CHECK("requested_by" IN ('admin', 'candidate')),
	CONSTRAINT "erasure_requests_staff_check" CHECK(("requested_by" = 'admin') = ("requested_by_staff_id" IS NOT NULL)),
	CONSTRAINT "erasure_requests_row_version_check" CHECK("row_version" >= 1)
);
--> statement-breakpoint
CREATE INDEX `idx_erasure_requests_candidate` ON `erasure_requests` (`candidate_id`);