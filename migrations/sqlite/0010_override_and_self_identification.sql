CREATE TABLE `self_identifications` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`row_version` integer DEFAULT 1 NOT NULL,
	`deleted_at` text,
	`candidate_id` text NOT NULL,
	`kiosk_id` text NOT NULL,
	`sex` text,
	`race_ethnicity` text,
	`answered_at` text NOT NULL,
	FOREIGN KEY (`candidate_id`) REFERENCES `candidates`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "self_identifications_sex_check" CHECK("sex" IN ('female', 'male')),
	CONSTRAINT "self_identifications_race_ethnicity_check" CHECK("race_ethnicity" IN ('hispanic_or_latino', 'white', 'black_or_african_american', 'native_hawaiian_or_pacific_islander', 'asian', 'native_american_or_alaska_native', 'two_or_more_races')),
	CONSTRAINT "self_identifications_row_version_check" CHECK("row_version" >= 1)
);
--> statement-breakpoint
CREATE INDEX `idx_self_identifications_candidate` ON `self_identifications` (`candidate_id`,`answered_at`);--> statement-breakpoint
ALTER TABLE `interview_decisions` ADD `ai_recommendation` text;