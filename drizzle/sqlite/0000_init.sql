CREATE TABLE `contacts` (
	`participant_id` text PRIMARY KEY NOT NULL,
	`channel` text NOT NULL,
	`address_ciphertext` text NOT NULL,
	`address_hash` text NOT NULL,
	FOREIGN KEY (`participant_id`) REFERENCES `participants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `contacts_address_hash_unique` ON `contacts` (`address_hash`);--> statement-breakpoint
CREATE TABLE `digest_posts` (
	`digest_id` text NOT NULL,
	`destination` text NOT NULL,
	`posted_at` integer NOT NULL,
	FOREIGN KEY (`digest_id`) REFERENCES `digests`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `digest_posts_once` ON `digest_posts` (`digest_id`,`destination`);--> statement-breakpoint
CREATE TABLE `digests` (
	`id` text PRIMARY KEY NOT NULL,
	`period_from` integer NOT NULL,
	`period_to` integer NOT NULL,
	`body` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `digests_period` ON `digests` (`period_from`,`period_to`);--> statement-breakpoint
CREATE TABLE `inbound_keys` (
	`key` text PRIMARY KEY NOT NULL,
	`response` text NOT NULL,
	`received_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `inbound_keys_received` ON `inbound_keys` (`received_at`);--> statement-breakpoint
CREATE TABLE `meta` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer DEFAULT (unixepoch() * 1000) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` text PRIMARY KEY NOT NULL,
	`participant_id` text NOT NULL,
	`channel` text NOT NULL,
	`text` text NOT NULL,
	`kind` text NOT NULL,
	`prompt_id` text,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`not_before` integer NOT NULL,
	`provider_message_id` text,
	`error_code` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`participant_id`) REFERENCES `participants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `outbox_due` ON `outbox` (`status`,`not_before`);--> statement-breakpoint
CREATE INDEX `outbox_provider` ON `outbox` (`provider_message_id`);--> statement-breakpoint
CREATE INDEX `outbox_participant` ON `outbox` (`participant_id`);--> statement-breakpoint
CREATE TABLE `participants` (
	`id` text PRIMARY KEY NOT NULL,
	`channel` text NOT NULL,
	`language` text,
	`group_name` text,
	`status` text NOT NULL,
	`timezone` text,
	`consented_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`state` text NOT NULL,
	`next_check_at` integer
);
--> statement-breakpoint
CREATE INDEX `participants_next_check` ON `participants` (`next_check_at`);--> statement-breakpoint
CREATE INDEX `participants_status` ON `participants` (`status`);--> statement-breakpoint
CREATE TABLE `replies` (
	`id` text PRIMARY KEY NOT NULL,
	`participant_id` text,
	`prompt_id` text,
	`is_follow_up` integer DEFAULT false NOT NULL,
	`text` text NOT NULL,
	`channel` text NOT NULL,
	`language` text,
	`group_name` text,
	`received_at` integer NOT NULL,
	`source` text NOT NULL,
	`import_key` text,
	FOREIGN KEY (`participant_id`) REFERENCES `participants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `replies_import_key_unique` ON `replies` (`import_key`);--> statement-breakpoint
CREATE INDEX `replies_received` ON `replies` (`received_at`);--> statement-breakpoint
CREATE INDEX `replies_participant` ON `replies` (`participant_id`);