CREATE TABLE `interview_decisions` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`row_version` integer DEFAULT 1 NOT NULL,
	`deleted_at` text,
	`interview_id` text NOT NULL,
	`decided_by` text NOT NULL,
	`decision` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`decided_at` text NOT NULL,
	FOREIGN KEY (`interview_id`) REFERENCES `interviews`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`decided_by`) REFERENCES `recruiters`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "interview_decisions_decision_check" CHECK("decision" IN ('advance', 'hold', 'reject')),
	CONSTRAINT "interview_decisions_note_check" CHECK(length("note") <= 2000),
	CONSTRAINT "interview_decisions_row_version_check" CHECK("row_version" >= 1)
);
--> statement-breakpoint
CREATE INDEX `idx_interview_decisions_interview_decided` ON `interview_decisions` (`interview_id`,`decided_at`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_assessment_results` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`row_version` integer DEFAULT 1 NOT NULL,
	`deleted_at` text,
	`interview_id` text NOT NULL,
	`overall_score` real,
	`skill_scores` text NOT NULL,
	`skill_boundary_map` text,
	`strengths` text,
	`weaknesses` text,
	`integrity_score` real,
	`integrity_flags` text,
	`ai_reasoning` text,
	`recommended_actions` text,
	`generated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`status` text DEFAULT 'complete' NOT NULL,
	`pass_outcomes` text,
	`integrity_summary` text,
	FOREIGN KEY (`interview_id`) REFERENCES `interviews`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "assessment_results_overall_score_check" CHECK("overall_score" IS NULL OR ("overall_score" >= 0 AND "overall_score" <= 100)),
	CONSTRAINT "assessment_results_status_check" CHECK("status" IN ('complete', 'partial', 'failed')),
	CONSTRAINT "assessment_results_failed_has_no_score_check" CHECK(("status" = 'failed') = ("overall_score" IS NULL)),
	CONSTRAINT "assessment_results_integrity_score_check" CHECK("integrity_score" IS NULL OR ("integrity_score" >= 0 AND "integrity_score" <= 100)),
	CONSTRAINT "assessment_results_row_version_check" CHECK("row_version" >= 1)
);
--> statement-breakpoint
INSERT INTO `__new_assessment_results`("id", "created_at", "updated_at", "row_version", "deleted_at", "interview_id", "overall_score", "skill_scores", "skill_boundary_map", "strengths", "weaknesses", "integrity_score", "integrity_flags", "ai_reasoning", "recommended_actions", "generated_at") SELECT "id", "created_at", "updated_at", "row_version", "deleted_at", "interview_id", "overall_score", "skill_scores", "skill_boundary_map", "strengths", "weaknesses", "integrity_score", "integrity_flags", "ai_reasoning", "recommended_actions", "generated_at" FROM `assessment_results`;--> statement-breakpoint
DROP TABLE `assessment_results`;--> statement-breakpoint
ALTER TABLE `__new_assessment_results` RENAME TO `assessment_results`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `idx_assessment_results_interview_id` ON `assessment_results` (`interview_id`);--> statement-breakpoint
CREATE INDEX `idx_assessment_results_overall_score` ON `assessment_results` (`overall_score`);