CREATE TABLE `digest_reviews` (
	`digest_id` text PRIMARY KEY NOT NULL,
	`opened_at` integer NOT NULL,
	`review_until` integer NOT NULL,
	`approved_at` integer,
	`approved_by` text,
	`released_at` integer,
	FOREIGN KEY (`digest_id`) REFERENCES `digests`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `organizer_accounts` (
	`name` text PRIMARY KEY NOT NULL,
	`key_hash` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `organizer_sessions` (
	`id_hash` text PRIMARY KEY NOT NULL,
	`data` text NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `organizer_sessions_expires` ON `organizer_sessions` (`expires_at`);--> statement-breakpoint
CREATE TABLE `theme_edits` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`theme_key` text NOT NULL,
	`action` text NOT NULL,
	`value` text,
	`digest_id` text,
	`actor` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `theme_edits_key` ON `theme_edits` (`theme_key`);