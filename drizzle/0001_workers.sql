CREATE TABLE "workers" (
	"id" text PRIMARY KEY NOT NULL,
	"hostname" text NOT NULL,
	"pid" integer NOT NULL,
	"concurrency" integer NOT NULL,
	"queue_worker_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"heartbeat_at" timestamp with time zone DEFAULT now() NOT NULL,
	"stopped_at" timestamp with time zone,
	"ended_as" text
);
--> statement-breakpoint
CREATE INDEX "workers_alive_heartbeat_idx" ON "workers" USING btree ("heartbeat_at") WHERE "workers"."stopped_at" is null;