import 'server-only';
import { and, desc, eq, getTableColumns, isNull, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { apiTokens, type ApiTokenRow } from '../schema';

export type { ApiTokenRow };

export type NewApiTokenRow = Pick<ApiTokenRow, 'id' | 'name' | 'scope' | 'tokenHash' | 'prefix' | 'createdBy'>;

/** Inserts a token; null when a live token already has that name. */
export async function insertApiToken(db: Pick<Database, 'insert'>, row: NewApiTokenRow): Promise<ApiTokenRow | null> {
  const [inserted] = await db.insert(apiTokens).values(row).onConflictDoNothing().returning();
  return inserted ?? null;
}

export async function getApiTokenRow(db: Pick<Database, 'select'>, id: string): Promise<ApiTokenRow | null> {
  const [row] = await db.select().from(apiTokens).where(eq(apiTokens.id, id));
  return row ?? null;
}

/** Every token, live ones first, newest first. */
export async function listApiTokenRows(db: Database): Promise<ApiTokenRow[]> {
  return db
    .select()
    .from(apiTokens)
    .orderBy(sql`${apiTokens.revokedAt} is not null`, desc(apiTokens.createdAt), desc(apiTokens.id));
}

/** At most `requests` requests per `periodSeconds` per token, in a burst or spread out. */
export interface RateLimit {
  requests: number;
  periodSeconds: number;
}

export interface StampedApiTokenUse {
  token: ApiTokenRow;
  /** False when this request is over the token's rate limit (it was not counted). */
  allowed: boolean;
  /** When refused: whole seconds until a request would be allowed again (at least 1). */
  retryAfterSeconds: number;
}

/**
 * The live token with this hash, its last use stamped and its rate limit counted in the same
 * statement (one round trip per request); null for an unknown or revoked token.
 *
 * The limit is GCRA (the generic cell rate algorithm, a token bucket kept as one timestamp):
 * each allowed request moves the token's "theoretical arrival time" (TAT) on by period/requests,
 * starting from now when it lags behind, and a request is allowed while the TAT is less than a
 * period minus one step ahead of now. So `requests` may come at once, then one per step: no
 * window edge where twice the limit passes. The row is read `for update`, so concurrent
 * requests for one token, from any server, are counted one after another.
 */
export async function stampApiTokenUse(db: Database, tokenHash: string, now: Date, limit: RateLimit): Promise<StampedApiTokenUse | null> {
  const periodMs = limit.periodSeconds * 1000;
  const stepMs = periodMs / limit.requests;
  const nowAt = sql`${now.toISOString()}::timestamptz`;
  // The latest TAT that still lets a request through: now + (period - step).
  const latestAllowedTat = sql`${new Date(now.getTime() + periodMs - stepMs).toISOString()}::timestamptz`;
  const tat = sql`greatest(coalesce(${apiTokens.rateLimitTat}, ${nowAt}), ${nowAt})`;
  const target = db.$with('target').as(
    db
      .select({
        targetId: sql<string>`${apiTokens.id}`.as('target_id'),
        tat: sql<string>`${tat}`.as('tat'),
        allowed: sql<boolean>`${tat} <= ${latestAllowedTat}`.as('allowed'),
        waitMs: sql<number>`extract(epoch from (${tat} - ${latestAllowedTat})) * 1000`.as('wait_ms'),
      })
      .from(apiTokens)
      .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt)))
      .for('update'),
  );
  const [row] = await db
    .with(target)
    .update(apiTokens)
    .set({
      lastUsedAt: now,
      rateLimitTat: sql`case when ${target.allowed} then ${target.tat} + ${stepMs} * interval '1 millisecond' else ${apiTokens.rateLimitTat} end`,
    })
    .from(target)
    .where(eq(apiTokens.id, target.targetId))
    .returning({ ...getTableColumns(apiTokens), allowed: target.allowed, waitMs: sql<number>`${target.waitMs}`.mapWith(Number) });
  if (!row) return null;
  const { allowed, waitMs, ...token } = row;
  return { token, allowed, retryAfterSeconds: allowed ? 0 : Math.max(1, Math.ceil(waitMs / 1000)) };
}

/** Revokes a live token; null when it is unknown or already revoked. */
export async function revokeApiTokenRow(db: Pick<Database, 'update'>, id: string, by: string, now: Date): Promise<ApiTokenRow | null> {
  const [row] = await db
    .update(apiTokens)
    .set({ revokedAt: now, revokedBy: by })
    .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
    .returning();
  return row ?? null;
}
