CREATE TABLE `sync_parked` (
	`table_name` text NOT NULL,
	`row_id` text NOT NULL,
	`parent_table` text NOT NULL,
	`parent_id` text NOT NULL,
	`change` text NOT NULL,
	PRIMARY KEY(`table_name`, `row_id`)
);
--> statement-breakpoint
CREATE INDEX `idx_sync_parked_parent` ON `sync_parked` (`parent_table`,`parent_id`);