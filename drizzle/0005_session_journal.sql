CREATE TABLE "session_checkpoints" (
	"session_uid" text NOT NULL,
	"seq" integer NOT NULL,
	"state" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "session_checkpoints_session_uid_seq_pk" PRIMARY KEY("session_uid","seq")
);
--> statement-breakpoint
CREATE TABLE "session_events" (
	"session_uid" text NOT NULL,
	"seq" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"kind" text NOT NULL,
	"actor" text NOT NULL,
	"task" text,
	"instance" text,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"changes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	CONSTRAINT "session_events_session_uid_seq_pk" PRIMARY KEY("session_uid","seq")
);
--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "event_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "session_events_instance_idx" ON "session_events" USING btree ("session_uid","instance","seq");--> statement-breakpoint
CREATE INDEX "session_events_task_idx" ON "session_events" USING btree ("session_uid","task","seq");--> statement-breakpoint
CREATE INDEX "session_events_kind_idx" ON "session_events" USING btree ("session_uid","kind","seq");