CREATE TABLE "bulk_operation_items" (
	"operation_id" text NOT NULL,
	"position" integer NOT NULL,
	"session_uid" text NOT NULL,
	"instance_name" text NOT NULL,
	"task" text NOT NULL,
	"exception_type" text,
	"claimed_at" timestamp with time zone,
	"outcome" text,
	"message" text,
	"result_instance" text,
	"processed_at" timestamp with time zone,
	CONSTRAINT "bulk_operation_items_operation_id_position_pk" PRIMARY KEY("operation_id","position"),
	CONSTRAINT "bulk_operation_items_outcome_check" CHECK ("bulk_operation_items"."outcome" is null or "bulk_operation_items"."outcome" in ('done', 'already-handled', 'error'))
);
--> statement-breakpoint
CREATE TABLE "bulk_operations" (
	"id" text PRIMARY KEY NOT NULL,
	"state" text DEFAULT 'draft' NOT NULL,
	"action" text,
	"reason" text,
	"selection" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"left_out" integer DEFAULT 0 NOT NULL,
	"total" integer NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_by" text,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	CONSTRAINT "bulk_operations_state_check" CHECK ("bulk_operations"."state" in ('draft', 'running', 'finished')),
	CONSTRAINT "bulk_operations_action_check" CHECK ("bulk_operations"."action" is null or "bulk_operations"."action" in ('replay', 'skip'))
);
--> statement-breakpoint
ALTER TABLE "bulk_operation_items" ADD CONSTRAINT "bulk_operation_items_operation_id_bulk_operations_id_fk" FOREIGN KEY ("operation_id") REFERENCES "public"."bulk_operations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "bulk_operation_items_instance_idx" ON "bulk_operation_items" USING btree ("operation_id","session_uid","instance_name");--> statement-breakpoint
CREATE INDEX "bulk_operation_items_pending_idx" ON "bulk_operation_items" USING btree ("operation_id","position") WHERE "bulk_operation_items"."outcome" is null;--> statement-breakpoint
CREATE INDEX "bulk_operations_running_idx" ON "bulk_operations" USING btree ("started_at") WHERE "bulk_operations"."state" = 'running';