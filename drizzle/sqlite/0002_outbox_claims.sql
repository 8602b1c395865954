ALTER TABLE `inbound_keys` ADD `participant_id` text;--> statement-breakpoint
CREATE INDEX `inbound_keys_participant` ON `inbound_keys` (`participant_id`);--> statement-breakpoint
ALTER TABLE `outbox` ADD `attempt_key` text;--> statement-breakpoint
ALTER TABLE `outbox` ADD `claimed_until` integer;--> statement-breakpoint
ALTER TABLE `outbox` ADD `deadline_at` integer;--> statement-breakpoint
CREATE INDEX `outbox_claims` ON `outbox` (`status`,`claimed_until`);