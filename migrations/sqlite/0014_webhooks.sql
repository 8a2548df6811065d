CREATE TABLE `webhook_attempts` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`row_version` integer DEFAULT 1 NOT NULL,
	`deleted_at` text,
	`delivery_id` text NOT NULL,
	`attempt` integer NOT NULL,
	`attempted_at` text NOT NULL,
	`outcome` text NOT NULL,
	`status_code` integer,
	`latency_ms` integer NOT NULL,
	`reply` text DEFAULT '' NOT NULL,
	`error` text,
	CONSTRAINT "webhook_attempts_outcome_check" CHECK("outcome" IN ('delivered', 'retry', 'failed', 'gone')),
	CONSTRAINT "webhook_attempts_reply_check" CHECK(length("reply") <= 512),
	CONSTRAINT "webhook_attempts_row_version_check" CHECK("row_version" >= 1)
);
--> statement-breakpoint
CREATE INDEX `idx_webhook_attempts_delivery` ON `webhook_attempts` (`delivery_id`,`attempt`);--> statement-breakpoint
CREATE TABLE `webhook_deliveries` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`row_version` integer DEFAULT 1 NOT NULL,
	`deleted_at` text,
	`subscription_id` text NOT NULL,
	`event_id` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`first_attempt_at` text,
	`last_attempt_at` text,
	`next_attempt_at` text,
	`delivered_at` text,
	`last_error` text,
	`requested_by` text,
	CONSTRAINT "webhook_deliveries_status_check" CHECK("status" IN ('pending', 'delivered', 'failed')),
	CONSTRAINT "webhook_deliveries_attempts_check" CHECK("attempts" >= 0),
	CONSTRAINT "webhook_deliveries_row_version_check" CHECK("row_version" >= 1)
);
--> statement-breakpoint
CREATE INDEX `idx_webhook_deliveries_subscription` ON `webhook_deliveries` (`subscription_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `idx_webhook_deliveries_event` ON `webhook_deliveries` (`event_id`);--> statement-breakpoint
CREATE TABLE `webhook_events` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`row_version` integer DEFAULT 1 NOT NULL,
	`deleted_at` text,
	`type` text NOT NULL,
	`occurred_at` text NOT NULL,
	`candidate_id` text,
	`payload` text NOT NULL,
	CONSTRAINT "webhook_events_type_check" CHECK(length("type") BETWEEN 1 AND 64),
	CONSTRAINT "webhook_events_row_version_check" CHECK("row_version" >= 1)
);
--> statement-breakpoint
CREATE INDEX `idx_webhook_events_occurred_at` ON `webhook_events` (`occurred_at`);--> statement-breakpoint
CREATE INDEX `idx_webhook_events_candidate` ON `webhook_events` (`candidate_id`);--> statement-breakpoint
ALTER TABLE `integration_webhooks` ADD `name` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `integration_webhooks` ADD `secret_generation` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `integration_webhooks` ADD `previous_secret_until` text;--> statement-breakpoint
ALTER TABLE `integration_webhooks` ADD `delivering_device_id` text;--> statement-breakpoint
ALTER TABLE `integration_webhooks` ADD `failing_since` text;--> statement-breakpoint
ALTER TABLE `integration_webhooks` ADD `disabled_reason` text;--> statement-breakpoint
ALTER TABLE `integration_webhooks` ADD `created_by` text;