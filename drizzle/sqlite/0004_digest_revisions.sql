CREATE TABLE `digest_revisions` (
	`digest_id` text NOT NULL,
	`revision` integer NOT NULL,
	`body` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`digest_id`) REFERENCES `digests`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `digest_revisions_once` ON `digest_revisions` (`digest_id`,`revision`);--> statement-breakpoint
DROP INDEX `digest_posts_once`;--> statement-breakpoint
ALTER TABLE `digest_posts` ADD `revision` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `digest_posts_once` ON `digest_posts` (`digest_id`,`destination`,`revision`);