CREATE TABLE "failure_group_notes" (
	"id" text PRIMARY KEY NOT NULL,
	"fingerprint" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"author_id" text,
	"author_name" text NOT NULL,
	"author_email" text NOT NULL,
	"body" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "failure_groups" (
	"fingerprint" text PRIMARY KEY NOT NULL,
	"exception_type" text NOT NULL,
	"task" text NOT NULL,
	"template" text NOT NULL,
	"frame" text,
	"first_seen" timestamp with time zone NOT NULL,
	"last_seen" timestamp with time zone NOT NULL,
	"failure_count" integer DEFAULT 0 NOT NULL,
	"assignee_id" text,
	"resolved_at" timestamp with time zone,
	"resolved_by" text,
	"reopened_at" timestamp with time zone,
	"snoozed_at" timestamp with time zone,
	"snoozed_until" timestamp with time zone,
	"snooze_until_count" integer
);
--> statement-breakpoint
ALTER TABLE "task_instances" ADD COLUMN "fingerprint" text;--> statement-breakpoint
ALTER TABLE "failure_group_notes" ADD CONSTRAINT "failure_group_notes_fingerprint_failure_groups_fingerprint_fk" FOREIGN KEY ("fingerprint") REFERENCES "public"."failure_groups"("fingerprint") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "failure_groups" ADD CONSTRAINT "failure_groups_assignee_id_users_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "failure_group_notes_fingerprint_idx" ON "failure_group_notes" USING btree ("fingerprint","at");--> statement-breakpoint
CREATE INDEX "failure_groups_assignee_idx" ON "failure_groups" USING btree ("assignee_id");--> statement-breakpoint
CREATE INDEX "task_instances_fingerprint_idx" ON "task_instances" USING btree ("fingerprint","failed_at" DESC NULLS FIRST) WHERE "task_instances"."fingerprint" is not null;--> statement-breakpoint
CREATE INDEX "task_instances_unfingerprinted_idx" ON "task_instances" USING btree ("failed_at") WHERE "task_instances"."status" = 'failed' and "task_instances"."fingerprint" is null;