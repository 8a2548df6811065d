CREATE TABLE `approved_configurations` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`row_version` integer DEFAULT 1 NOT NULL,
	`deleted_at` text,
	`configuration_key` text NOT NULL,
	`configuration` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`approved_at` text NOT NULL,
	CONSTRAINT "approved_configurations_key_check" CHECK(length("configuration_key") = 64),
	CONSTRAINT "approved_configurations_note_check" CHECK(length("note") <= 500),
	CONSTRAINT "approved_configurations_row_version_check" CHECK("row_version" >= 1)
);
--> statement-breakpoint
CREATE INDEX `idx_approved_configurations_key` ON `approved_configurations` (`configuration_key`);--> statement-breakpoint
CREATE TABLE `configuration_attestations` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`row_version` integer DEFAULT 1 NOT NULL,
	`deleted_at` text,
	`interview_id` text NOT NULL,
	`device_id` text NOT NULL,
	`configuration_key` text NOT NULL,
	`challenge` text NOT NULL,
	`signature` text NOT NULL,
	`public_key` text NOT NULL,
	`attested_at` text NOT NULL,
	FOREIGN KEY (`interview_id`) REFERENCES `interviews`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "configuration_attestations_key_check" CHECK(length("configuration_key") = 64),
	CONSTRAINT "configuration_attestations_row_version_check" CHECK("row_version" >= 1)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `idx_configuration_attestations_interview` ON `configuration_attestations` (`interview_id`);--> statement-breakpoint
CREATE TABLE `interview_configurations` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`row_version` integer DEFAULT 1 NOT NULL,
	`deleted_at` text,
	`interview_id` text NOT NULL,
	`configuration_key` text NOT NULL,
	`configuration` text NOT NULL,
	FOREIGN KEY (`interview_id`) REFERENCES `interviews`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "interview_configurations_key_check" CHECK(length("configuration_key") = 64),
	CONSTRAINT "interview_configurations_row_version_check" CHECK("row_version" >= 1)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `idx_interview_configurations_interview` ON `interview_configurations` (`interview_id`);