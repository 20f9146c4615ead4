ALTER TABLE "bulk_operation_items" ADD COLUMN "claimed_by" text;--> statement-breakpoint
ALTER TABLE "workers" ADD COLUMN "connected_since" timestamp with time zone DEFAULT now() NOT NULL;