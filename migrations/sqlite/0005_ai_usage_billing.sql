ALTER TABLE `ai_usage` ADD `cached_prompt_tokens` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `ai_usage` ADD `reasoning_tokens` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `ai_usage` ADD `price_known` integer DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `interviews` ADD `unpriced_calls` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Written by hand, not by drizzle-kit. Changes queued before this upgrade
-- carry the rows as they were, without the new columns, and the hosted
-- push fills a missing column with NULL (jsonb_populate_record), which these
-- NOT NULL columns refuse: the change would be rejected. Give every pending
-- payload the value its row now holds (the column's default).
UPDATE `sync_outbox` SET `payload` = json_insert(`payload`, '$.cached_prompt_tokens', 0, '$.reasoning_tokens', 0, '$.price_known', json('true'))
 WHERE `table_name` = 'ai_usage' AND `pushed_at` IS NULL;--> statement-breakpoint
UPDATE `sync_outbox` SET `payload` = json_insert(`payload`, '$.unpriced_calls', 0)
 WHERE `table_name` = 'interviews' AND `pushed_at` IS NULL;
