CREATE TABLE "digest_revisions" (
	"digest_id" text NOT NULL,
	"revision" integer NOT NULL,
	"body" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
DROP INDEX "digest_posts_once";--> statement-breakpoint
ALTER TABLE "digest_posts" ADD COLUMN "revision" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "digest_revisions" ADD CONSTRAINT "digest_revisions_digest_id_digests_id_fk" FOREIGN KEY ("digest_id") REFERENCES "public"."digests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "digest_revisions_once" ON "digest_revisions" USING btree ("digest_id","revision");--> statement-breakpoint
CREATE UNIQUE INDEX "digest_posts_once" ON "digest_posts" USING btree ("digest_id","destination","revision");