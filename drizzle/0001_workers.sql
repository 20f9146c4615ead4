CREATE TABLE "workers" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"hostname" text NOT NULL,
	"pid" integer NOT NULL,
	"concurrency" integer NOT NULL,
	"queue_pool_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"heartbeat_at" timestamp with time zone DEFAULT now() NOT NULL,
	"stopped_at" timestamp with time zone,
	"ended_as" text,
	"swept_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "workers_alive_heartbeat_idx" ON "workers" USING btree ("heartbeat_at") WHERE "workers"."stopped_at" is null;--> statement-breakpoint
CREATE INDEX "workers_unswept_idx" ON "workers" USING btree ("stopped_at") WHERE "workers"."ended_as" = 'lost' and "workers"."swept_at" is null;