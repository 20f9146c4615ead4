-- Search (lib/search): trigram indexes for substring search (ILIKE '%…%') over session uids and
-- instances that failed. pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may
-- create it; PGlite loads it from @electric-sql/pglite/contrib/pg_trgm (lib/db/client.ts).
-- Instances are indexed once they have failed (failed_at set), whatever they became since
-- (replayed, skipped): the failure behind a ticket is still found after someone worked on it.
-- The indexed expressions are repeated word for word in lib/db/queries/search.ts: the planner
-- uses an expression index only for the same expression.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "sessions_uid_trgm_idx" ON "sessions" USING gin ("uid" gin_trgm_ops);
--> statement-breakpoint
-- What every reader may see: the instance's name and its exception message.
CREATE INDEX IF NOT EXISTS "task_instances_failed_text_trgm_idx" ON "task_instances"
  USING gin (("name" || ' ' || coalesce("metadata" ->> 'exceptionMessage', '')) gin_trgm_ops)
  WHERE "failed_at" IS NOT NULL;
--> statement-breakpoint
-- Payloads, hidden from viewers under HIDE_PAYLOADS_FROM_VIEWERS: kwargs, result, exception context.
CREATE INDEX IF NOT EXISTS "task_instances_failed_payload_trgm_idx" ON "task_instances"
  USING gin (("kwargs"::text || ' ' || coalesce(("metadata" -> 'result')::text, '') || ' ' || coalesce(("metadata" -> 'exceptionContext')::text, '')) gin_trgm_ops)
  WHERE "failed_at" IS NOT NULL;
