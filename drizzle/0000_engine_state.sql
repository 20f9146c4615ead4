CREATE TABLE "session_tasks" (
	"session_uid" text NOT NULL,
	"name" text NOT NULL,
	"position" integer NOT NULL,
	"run" text NOT NULL,
	"after" jsonb NOT NULL,
	"unless" jsonb NOT NULL,
	"and_every" text,
	"using" text,
	"with_params" jsonb NOT NULL,
	"extra" jsonb NOT NULL,
	"instance_count" integer DEFAULT 0 NOT NULL,
	"unresolved_count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "session_tasks_session_uid_name_pk" PRIMARY KEY("session_uid","name")
);
--> statement-breakpoint
CREATE TABLE "session_triggers" (
	"session_uid" text NOT NULL,
	"trigger" text NOT NULL,
	"kwargs" jsonb NOT NULL,
	"fire_count" integer DEFAULT 1 NOT NULL,
	"first_fired_at" timestamp with time zone NOT NULL,
	"last_fired_at" timestamp with time zone NOT NULL,
	CONSTRAINT "session_triggers_session_uid_trigger_pk" PRIMARY KEY("session_uid","trigger")
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"uid" text PRIMARY KEY NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"task_count" integer DEFAULT 0 NOT NULL,
	"instance_count" integer DEFAULT 0 NOT NULL,
	"unresolved_task_count" integer DEFAULT 0 NOT NULL,
	"unstarted_count" integer DEFAULT 0 NOT NULL,
	"scheduled_count" integer DEFAULT 0 NOT NULL,
	"running_count" integer DEFAULT 0 NOT NULL,
	"finished_count" integer DEFAULT 0 NOT NULL,
	"failed_count" integer DEFAULT 0 NOT NULL,
	"replayed_count" integer DEFAULT 0 NOT NULL,
	"skipped_count" integer DEFAULT 0 NOT NULL,
	"abandoned_count" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "task_instances" (
	"session_uid" text NOT NULL,
	"name" text NOT NULL,
	"task" text NOT NULL,
	"seq" integer NOT NULL,
	"status" text NOT NULL,
	"kwargs" jsonb NOT NULL,
	"abandon_state" jsonb NOT NULL,
	"metadata" jsonb NOT NULL,
	"exception_type" text,
	"parent" text,
	"depth" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "task_instances_session_uid_name_pk" PRIMARY KEY("session_uid","name"),
	CONSTRAINT "task_instances_status_check" CHECK ("task_instances"."status" in ('unstarted', 'scheduled', 'running', 'finished', 'failed', 'replayed', 'skipped', 'abandoned'))
);
--> statement-breakpoint
ALTER TABLE "session_tasks" ADD CONSTRAINT "session_tasks_session_uid_sessions_uid_fk" FOREIGN KEY ("session_uid") REFERENCES "public"."sessions"("uid") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session_triggers" ADD CONSTRAINT "session_triggers_session_uid_sessions_uid_fk" FOREIGN KEY ("session_uid") REFERENCES "public"."sessions"("uid") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_instances" ADD CONSTRAINT "task_instances_session_uid_sessions_uid_fk" FOREIGN KEY ("session_uid") REFERENCES "public"."sessions"("uid") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_instances" ADD CONSTRAINT "task_instances_session_uid_task_session_tasks_session_uid_name_fk" FOREIGN KEY ("session_uid","task") REFERENCES "public"."session_tasks"("session_uid","name") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sessions_activity_idx" ON "sessions" USING btree ("updated_at" DESC NULLS FIRST,"uid" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "sessions_failed_activity_idx" ON "sessions" USING btree ("updated_at" DESC NULLS FIRST,"uid" DESC NULLS FIRST) WHERE "sessions"."failed_count" > 0;--> statement-breakpoint
CREATE INDEX "sessions_unresolved_activity_idx" ON "sessions" USING btree ("updated_at" DESC NULLS FIRST,"uid" DESC NULLS FIRST) WHERE "sessions"."unresolved_task_count" > 0;--> statement-breakpoint
CREATE INDEX "sessions_resolved_activity_idx" ON "sessions" USING btree ("updated_at" DESC NULLS FIRST,"uid" DESC NULLS FIRST) WHERE "sessions"."unresolved_task_count" = 0;--> statement-breakpoint
CREATE INDEX "sessions_uid_prefix_idx" ON "sessions" USING btree ("uid" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "task_instances_task_seq_idx" ON "task_instances" USING btree ("session_uid","task","seq");--> statement-breakpoint
CREATE INDEX "task_instances_unstarted_idx" ON "task_instances" USING btree ("session_uid","task") WHERE "task_instances"."status" = 'unstarted';--> statement-breakpoint
CREATE INDEX "task_instances_unresolved_idx" ON "task_instances" USING btree ("session_uid","status") WHERE "task_instances"."status" in ('unstarted', 'scheduled', 'running', 'failed');--> statement-breakpoint
CREATE INDEX "task_instances_parent_idx" ON "task_instances" USING btree ("session_uid","parent") WHERE "task_instances"."parent" is not null;--> statement-breakpoint
CREATE INDEX "task_instances_failed_idx" ON "task_instances" USING btree ("updated_at" DESC NULLS FIRST,"session_uid" DESC NULLS FIRST,"name" DESC NULLS FIRST) WHERE "task_instances"."status" = 'failed';--> statement-breakpoint
CREATE INDEX "task_instances_failed_type_idx" ON "task_instances" USING btree ("exception_type","updated_at" DESC NULLS FIRST) WHERE "task_instances"."status" = 'failed';--> statement-breakpoint
CREATE INDEX "task_instances_failed_task_idx" ON "task_instances" USING btree ("task","updated_at" DESC NULLS FIRST) WHERE "task_instances"."status" = 'failed';--> statement-breakpoint
CREATE INDEX "task_instances_in_flight_idx" ON "task_instances" USING btree ("status","updated_at") WHERE "task_instances"."status" in ('scheduled', 'running');