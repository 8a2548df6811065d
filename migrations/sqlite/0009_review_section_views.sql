CREATE TABLE `review_section_views` (
	`id` text PRIMARY KEY NOT NULL,
	`interview_id` text NOT NULL,
	`staff_id` text NOT NULL,
	`section` text NOT NULL,
	`first_viewed_at` text NOT NULL,
	FOREIGN KEY (`interview_id`) REFERENCES `interviews`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`staff_id`) REFERENCES `recruiters`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "review_section_views_section_check" CHECK("section" IN ('scores', 'transcript', 'integrity', 'reasoning'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `idx_review_section_views_seen` ON `review_section_views` (`interview_id`,`staff_id`,`section`);