DROP INDEX "task_instances_failed_idx";--> statement-breakpoint
DROP INDEX "task_instances_failed_type_idx";--> statement-breakpoint
DROP INDEX "task_instances_failed_task_idx";--> statement-breakpoint
ALTER TABLE "task_instances" ADD COLUMN "failed_at" timestamp with time zone;--> statement-breakpoint
-- Hand-added backfill: existing rows take their failure time from the metadata the engine wrote.
UPDATE "task_instances" SET "failed_at" = ("metadata"->'timestamps'->>'failed')::timestamptz WHERE "metadata"->'timestamps' ? 'failed';--> statement-breakpoint
CREATE INDEX "task_instances_failed_idx" ON "task_instances" USING btree ("failed_at" DESC NULLS FIRST,"session_uid" DESC NULLS FIRST,"name" DESC NULLS FIRST) WHERE "task_instances"."status" = 'failed';--> statement-breakpoint
CREATE INDEX "task_instances_failed_type_idx" ON "task_instances" USING btree ("exception_type","failed_at" DESC NULLS FIRST) WHERE "task_instances"."status" = 'failed';--> statement-breakpoint
CREATE INDEX "task_instances_failed_task_idx" ON "task_instances" USING btree ("task","failed_at" DESC NULLS FIRST) WHERE "task_instances"."status" = 'failed';