ALTER TABLE "api_tokens" ADD COLUMN "rate_limit_tat" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "api_tokens" DROP COLUMN "rate_window_start";--> statement-breakpoint
ALTER TABLE "api_tokens" DROP COLUMN "rate_window_count";