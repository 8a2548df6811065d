CREATE TABLE `consent_records` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`row_version` integer DEFAULT 1 NOT NULL,
	`deleted_at` text,
	`candidate_id` text NOT NULL,
	`kiosk_id` text NOT NULL,
	`sitting_id` text,
	`notice_version` text NOT NULL,
	`notice_language` text NOT NULL,
	`notice_sha256` text NOT NULL,
	`choice` text NOT NULL,
	`answered_at` text NOT NULL,
	FOREIGN KEY (`candidate_id`) REFERENCES `candidates`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`sitting_id`) REFERENCES `proctor_sittings`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "consent_records_choice_check" CHECK("choice" IN ('consent', 'accommodation', 'decline')),
	CONSTRAINT "consent_records_notice_language_check" CHECK(length("notice_language") BETWEEN 2 AND 8),
	CONSTRAINT "consent_records_notice_version_check" CHECK(length("notice_version") BETWEEN 2 AND 7),
	CONSTRAINT "consent_records_notice_sha256_check" CHECK(length("notice_sha256") = 64),
	CONSTRAINT "consent_records_row_version_check" CHECK("row_version" >= 1)
);
--> statement-breakpoint
CREATE INDEX `idx_consent_records_candidate` ON `consent_records` (`candidate_id`,`answered_at`);--> statement-breakpoint
CREATE INDEX `idx_consent_records_choice` ON `consent_records` (`choice`,`answered_at`);