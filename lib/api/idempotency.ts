/**
 * `Idempotency-Key` for /api/v1 writes: the first request with a key (per token) stores its
 * answer in the same transaction as its change; a retry of the same request gets that answer
 * (same status and body) and changes nothing; the key with a different request is refused.
 * Two retries at once cannot both change: the second's claim waits for the first's commit and
 * then fails, which rolls its change back (lib/db/queries/idempotency.ts).
 */
import { createHash } from 'node:crypto';
import type { Database, SqlTransactionCapability } from '@/lib/db';
import { claimIdempotencyKey, findIdempotencyKey, pruneIdempotencyKeys } from '@/lib/db/queries/idempotency';
import type { Json } from '@/lib/db/schema/columns';
import { problemResponse } from './problem';

export const IDEMPOTENCY_TTL_HOURS = 24;
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
/** Set on an answer replayed from a stored key. */
export const IDEMPOTENT_REPLAY_HEADER = 'Idempotent-Replayed';

/** 1–255 printable ASCII characters (no space); the OpenAPI document shows the same pattern. */
export const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

/** A concurrent request with the same key committed first: this one's change is rolled back. */
export class IdempotencyKeyTakenError extends Error {
  override name = 'IdempotencyKeyTakenError';
  constructor(key: string) {
    super(`Idempotency-Key ${key} was used by a concurrent request that committed first: this one changed nothing and is answered with that request's answer.`);
  }
}

export interface IdempotentRequest {
  tokenId: string;
  key: string;
  requestHash: string;
  /** Stores the answer inside the change's transaction; throws IdempotencyKeyTakenError if a twin won. */
  remember(tx: SqlTransactionCapability, status: number, body: unknown): Promise<void>;
}

/** What identifies "the same request": method, path, query and the body as sent. */
export function requestHash(request: Request, bodyText: string): string {
  const url = new URL(request.url);
  const query = [...url.searchParams.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash('sha256').update(JSON.stringify([request.method, url.pathname, query, bodyText])).digest('hex');
}

export function idempotencyKeyOf(request: Request): { key: string | null } | { problem: Response } {
  const key = request.headers.get(IDEMPOTENCY_HEADER);
  if (key === null) return { key: null };
  if (!KEY_PATTERN.test(key)) return { problem: problemResponse('invalid-idempotency-key', 'The Idempotency-Key must be 1–255 printable ASCII characters (a UUID is a good choice). Nothing was changed.') };
  return { key };
}

/** The stored answer for this key (or the refusal of a different request), or null: go ahead. */
export async function storedAnswer(db: Database, tokenId: string, key: string, hash: string, now = new Date()): Promise<Response | null> {
  const row = await findIdempotencyKey(db, tokenId, key, now);
  if (!row) return null;
  if (row.requestHash !== hash) {
    return problemResponse('idempotency-key-reused', `The Idempotency-Key ${key} was used for a different request (method, path, query or body) in the last ${IDEMPOTENCY_TTL_HOURS} hours: use a new key for a new request. Nothing was changed.`);
  }
  return Response.json(row.body, { status: row.status, headers: { 'Cache-Control': 'no-store', [IDEMPOTENT_REPLAY_HEADER]: 'true' } });
}

export function idempotentRequest(tokenId: string, key: string, hash: string, now = new Date()): IdempotentRequest {
  return {
    tokenId,
    key,
    requestHash: hash,
    async remember(tx, status, body) {
      const expiresAt = new Date(now.getTime() + IDEMPOTENCY_TTL_HOURS * 3_600_000);
      const stored = JSON.parse(JSON.stringify(body)) as Json; // as the answer serialises it
      if (!(await claimIdempotencyKey(tx.executor, { tokenId, key, requestHash: hash, status, body: stored, expiresAt }, now))) {
        throw new IdempotencyKeyTakenError(key);
      }
    },
  };
}

/** Drops expired keys (a bounded batch), after a request that stored one. */
export async function pruneExpiredKeys(db: Database, now = new Date()): Promise<void> {
  await pruneIdempotencyKeys(db, now);
}
