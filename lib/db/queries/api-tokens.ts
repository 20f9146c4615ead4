import 'server-only';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { apiTokens, type ApiTokenRow } from '../schema';

export type { ApiTokenRow };

export type NewApiTokenRow = Pick<ApiTokenRow, 'id' | 'name' | 'scope' | 'tokenHash' | 'prefix' | 'createdBy'>;

/** Inserts a token; null when a live token already has that name. */
export async function insertApiToken(db: Database, row: NewApiTokenRow): Promise<ApiTokenRow | null> {
  const [inserted] = await db.insert(apiTokens).values(row).onConflictDoNothing().returning();
  return inserted ?? null;
}

/** Every token, live ones first, newest first. */
export async function listApiTokenRows(db: Database): Promise<ApiTokenRow[]> {
  return db
    .select()
    .from(apiTokens)
    .orderBy(sql`${apiTokens.revokedAt} is not null`, desc(apiTokens.createdAt), desc(apiTokens.id));
}

/**
 * The live token with this hash, its last use stamped in the same statement (one round trip per
 * request); null for an unknown or revoked token.
 */
export async function stampApiTokenUse(db: Database, tokenHash: string, now: Date): Promise<ApiTokenRow | null> {
  const [row] = await db
    .update(apiTokens)
    .set({ lastUsedAt: now })
    .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt)))
    .returning();
  return row ?? null;
}

/** Revokes a live token; null when it is unknown or already revoked. */
export async function revokeApiTokenRow(db: Database, id: string, by: string, now: Date): Promise<ApiTokenRow | null> {
  const [row] = await db
    .update(apiTokens)
    .set({ revokedAt: now, revokedBy: by })
    .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
    .returning();
  return row ?? null;
}
