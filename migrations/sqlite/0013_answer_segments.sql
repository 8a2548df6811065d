CREATE TABLE `answer_segments` (
	`id` text PRIMARY KEY NOT NULL,
	`interview_id` text NOT NULL,
	`question_message_id` text NOT NULL,
	`segment_index` integer NOT NULL,
	`started_after_question_ms` integer NOT NULL,
	`ended_after_question_ms` integer NOT NULL,
	`content_hash` text NOT NULL,
	`relative_path` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`interview_id`) REFERENCES `interviews`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`question_message_id`) REFERENCES `interview_messages`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "answer_segments_index_check" CHECK("segment_index" >= 0),
	CONSTRAINT "answer_segments_timing_check" CHECK("started_after_question_ms" >= 0 AND "ended_after_question_ms" >= "started_after_question_ms")
);
--> statement-breakpoint
CREATE UNIQUE INDEX `idx_answer_segments_answer` ON `answer_segments` (`interview_id`,`question_message_id`,`segment_index`);--> statement-breakpoint
CREATE INDEX `idx_answer_segments_question` ON `answer_segments` (`question_message_id`);