import 'server-only';
import { and, eq, gt, lte, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { apiIdempotencyKeys, type ApiIdempotencyKeyRow } from '../schema';

export type { ApiIdempotencyKeyRow };

type Executor = Pick<Database, 'insert' | 'select' | 'delete'>;

/** The live (unexpired) answer stored for a token's key, or null. */
export async function findIdempotencyKey(db: Executor, tokenId: string, key: string, now: Date): Promise<ApiIdempotencyKeyRow | null> {
  const [row] = await db
    .select()
    .from(apiIdempotencyKeys)
    .where(and(eq(apiIdempotencyKeys.tokenId, tokenId), eq(apiIdempotencyKeys.key, key), gt(apiIdempotencyKeys.expiresAt, now)));
  return row ?? null;
}

/**
 * Stores the answer for a token's key, inside the caller's transaction. An expired row for the
 * key is replaced; a live one is left alone and false is returned: a concurrent request with the
 * same key committed first (the insert waits for it), so the caller must roll back its change.
 */
export async function claimIdempotencyKey(
  executor: Executor,
  row: Pick<ApiIdempotencyKeyRow, 'tokenId' | 'key' | 'requestHash' | 'status' | 'body' | 'expiresAt'>,
  now: Date,
): Promise<boolean> {
  const claimed = await executor
    .insert(apiIdempotencyKeys)
    .values({ ...row, createdAt: now })
    .onConflictDoUpdate({
      target: [apiIdempotencyKeys.tokenId, apiIdempotencyKeys.key],
      set: { requestHash: row.requestHash, status: row.status, body: row.body, createdAt: now, expiresAt: row.expiresAt },
      setWhere: lte(apiIdempotencyKeys.expiresAt, sql`${now.toISOString()}::timestamptz`),
    })
    .returning({ key: apiIdempotencyKeys.key });
  return claimed.length === 1;
}

/** Deletes expired keys (at most `limit` at a time, so a backlog never makes one request slow). */
export async function pruneIdempotencyKeys(executor: Executor, now: Date, limit = 1_000): Promise<void> {
  await executor.delete(apiIdempotencyKeys).where(
    sql`(${apiIdempotencyKeys.tokenId}, ${apiIdempotencyKeys.key}) in (
      select token_id, key from api_idempotency_keys where expires_at <= ${now.toISOString()}::timestamptz limit ${limit})`,
  );
}
