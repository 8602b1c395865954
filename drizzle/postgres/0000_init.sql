CREATE TABLE "contacts" (
	"participant_id" text PRIMARY KEY NOT NULL,
	"channel" text NOT NULL,
	"address_ciphertext" text NOT NULL,
	"address_hash" text NOT NULL,
	CONSTRAINT "contacts_address_hash_unique" UNIQUE("address_hash")
);
--> statement-breakpoint
CREATE TABLE "digest_posts" (
	"digest_id" text NOT NULL,
	"destination" text NOT NULL,
	"posted_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "digest_reviews" (
	"digest_id" text PRIMARY KEY NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"review_until" timestamp with time zone NOT NULL,
	"approved_at" timestamp with time zone,
	"approved_by" text,
	"released_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "digests" (
	"id" text PRIMARY KEY NOT NULL,
	"period_from" timestamp with time zone NOT NULL,
	"period_to" timestamp with time zone NOT NULL,
	"body" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inbound_keys" (
	"key" text PRIMARY KEY NOT NULL,
	"participant_id" text,
	"response" jsonb NOT NULL,
	"received_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meta" (
	"key" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "organizer_accounts" (
	"name" text PRIMARY KEY NOT NULL,
	"key_hash" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "organizer_sessions" (
	"id_hash" text PRIMARY KEY NOT NULL,
	"data" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" text PRIMARY KEY NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "outbox_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"participant_id" text NOT NULL,
	"channel" text NOT NULL,
	"text" text NOT NULL,
	"kind" text NOT NULL,
	"prompt_id" text,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"not_before" timestamp with time zone NOT NULL,
	"provider_message_id" text,
	"error_code" text,
	"attempt_key" text,
	"claimed_until" timestamp with time zone,
	"claimed_by" integer,
	"deadline_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "participants" (
	"id" text PRIMARY KEY NOT NULL,
	"channel" text NOT NULL,
	"language" text,
	"group_name" text,
	"status" text NOT NULL,
	"timezone" text,
	"consented_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"state" jsonb NOT NULL,
	"next_check_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "replies" (
	"id" text PRIMARY KEY NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "replies_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"participant_id" text,
	"prompt_id" text,
	"is_follow_up" boolean DEFAULT false NOT NULL,
	"text" text NOT NULL,
	"channel" text NOT NULL,
	"language" text,
	"group_name" text,
	"received_at" timestamp with time zone NOT NULL,
	"source" text NOT NULL,
	"import_key" text,
	"author_id" text,
	CONSTRAINT "replies_import_key_unique" UNIQUE("import_key")
);
--> statement-breakpoint
CREATE TABLE "theme_edits" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "theme_edits_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"theme_key" text NOT NULL,
	"action" text NOT NULL,
	"value" text,
	"digest_id" text,
	"actor" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_participant_id_participants_id_fk" FOREIGN KEY ("participant_id") REFERENCES "public"."participants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "digest_posts" ADD CONSTRAINT "digest_posts_digest_id_digests_id_fk" FOREIGN KEY ("digest_id") REFERENCES "public"."digests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "digest_reviews" ADD CONSTRAINT "digest_reviews_digest_id_digests_id_fk" FOREIGN KEY ("digest_id") REFERENCES "public"."digests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbox" ADD CONSTRAINT "outbox_participant_id_participants_id_fk" FOREIGN KEY ("participant_id") REFERENCES "public"."participants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "replies" ADD CONSTRAINT "replies_participant_id_participants_id_fk" FOREIGN KEY ("participant_id") REFERENCES "public"."participants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "digest_posts_once" ON "digest_posts" USING btree ("digest_id","destination");--> statement-breakpoint
CREATE UNIQUE INDEX "digests_period" ON "digests" USING btree ("period_from","period_to");--> statement-breakpoint
CREATE INDEX "inbound_keys_received" ON "inbound_keys" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "inbound_keys_participant" ON "inbound_keys" USING btree ("participant_id");--> statement-breakpoint
CREATE INDEX "organizer_sessions_expires" ON "organizer_sessions" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "outbox_due" ON "outbox" USING btree ("status","channel","not_before");--> statement-breakpoint
CREATE INDEX "outbox_provider" ON "outbox" USING btree ("provider_message_id");--> statement-breakpoint
CREATE INDEX "outbox_participant" ON "outbox" USING btree ("participant_id","status");--> statement-breakpoint
CREATE INDEX "outbox_claims" ON "outbox" USING btree ("status","claimed_until");--> statement-breakpoint
CREATE INDEX "participants_next_check" ON "participants" USING btree ("next_check_at");--> statement-breakpoint
CREATE INDEX "participants_status" ON "participants" USING btree ("status");--> statement-breakpoint
CREATE INDEX "replies_received" ON "replies" USING btree ("received_at","id");--> statement-breakpoint
CREATE INDEX "replies_participant" ON "replies" USING btree ("participant_id");--> statement-breakpoint
CREATE INDEX "replies_author" ON "replies" USING btree ("author_id");--> statement-breakpoint
CREATE INDEX "theme_edits_key" ON "theme_edits" USING btree ("theme_key");