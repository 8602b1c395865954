ALTER TABLE `replies` ADD `author_id` text;--> statement-breakpoint
CREATE INDEX `replies_author` ON `replies` (`author_id`);