import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, createDatabase, type Database } from '@/lib/db';
import { revokeApiTokenRow } from '@/lib/db/queries/api-tokens';
import { apiTokens } from '@/lib/db/schema';
import { authenticateApiToken, createApiToken, type ApiAuthentication } from '@/lib/tokens';
import { createTestDatabase, type TestDatabase } from './support/test-database';

// The per-token rate limit lives in the statement that authenticates (lib/db/queries/api-tokens.ts).

let testDb: TestDatabase;
let db: Database;

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = testDb.db;
});
afterAll(async () => testDb.close());

let counter = 0;
async function newToken(): Promise<{ id: string; header: string }> {
  counter += 1;
  const { token, secret } = await createApiToken(db, { name: `limited-${counter}`, scope: 'read', createdBy: 'admin@example.com' });
  return { id: token.id, header: `Bearer ${secret}` };
}

const T0 = new Date('2026-12-07T10:00:00Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);
const outcome = (auth: ApiAuthentication) => (auth.ok ? 'ok' : auth.reason === 'rate-limited' ? `wait ${auth.retryAfterSeconds}s` : auth.reason);

describe('API token rate limit', () => {
  it('lets the limit through at once, then one request per period/limit, and says how long to wait', async () => {
    const { header } = await newToken();
    const limit = { requests: 3, periodSeconds: 60 }; // a step of 20 s
    const burst = [];
    for (let i = 0; i < 5; i += 1) burst.push(outcome(await authenticateApiToken(db, header, T0, limit)));
    expect(burst).toEqual(['ok', 'ok', 'ok', 'wait 20s', 'wait 20s']);
    // Refused requests are not counted: 19.5 s on, half a second is left to wait (rounded up to 1).
    expect(outcome(await authenticateApiToken(db, header, at(19.5), limit))).toBe('wait 1s');
    expect(outcome(await authenticateApiToken(db, header, at(20), limit))).toBe('ok');
    expect(outcome(await authenticateApiToken(db, header, at(20), limit))).toBe('wait 20s');
    // After a quiet period the whole burst is available again (and no more).
    const later = [];
    for (let i = 0; i < 4; i += 1) later.push(outcome(await authenticateApiToken(db, header, at(200), limit)));
    expect(later).toEqual(['ok', 'ok', 'ok', 'wait 20s']);
  });

  it('counts each token on its own, stamps last use even when refused, and still refuses a revoked token as invalid', async () => {
    const a = await newToken();
    const b = await newToken();
    const limit = { requests: 1, periodSeconds: 10 };
    expect(outcome(await authenticateApiToken(db, a.header, T0, limit))).toBe('ok');
    expect(outcome(await authenticateApiToken(db, a.header, at(1), limit))).toBe('wait 9s');
    expect(outcome(await authenticateApiToken(db, b.header, at(1), limit))).toBe('ok');
    const [row] = await db.select().from(apiTokens).where(eq(apiTokens.id, a.id));
    expect(row!.lastUsedAt).toEqual(at(1));
    await revokeApiTokenRow(db, a.id, 'admin@example.com', at(2));
    expect(outcome(await authenticateApiToken(db, a.header, at(100), limit))).toBe('invalid');
  });

  it('takes the limit from API_RATE_LIMIT by default (600 a minute)', async () => {
    const { header } = await newToken();
    const results = [];
    for (let i = 0; i < 601; i += 1) results.push(outcome(await authenticateApiToken(db, header, T0)));
    expect(results.filter((r) => r === 'ok')).toHaveLength(600);
    expect(results.at(-1)).toBe('wait 1s');
  }, 60_000);

  it('lets exactly the limit through when many requests arrive at once, on several connections (servers)', async () => {
    const { header } = await newToken();
    const limit = { requests: 10, periodSeconds: 60 };
    // On PostgreSQL, two more connection pools stand for two more servers on the same database.
    const servers = testDb.url ? [db, await createDatabase({ url: testDb.url }), await createDatabase({ url: testDb.url })] : [db];
    try {
      const results = await Promise.all(
        Array.from({ length: 60 }, (_, i) => authenticateApiToken(servers[i % servers.length]!, header, new Date(), limit)),
      );
      expect(results.filter((r) => r.ok)).toHaveLength(10);
      const refused = results.filter((r) => !r.ok);
      expect(refused).toHaveLength(50);
      for (const r of refused) expect(r).toMatchObject({ ok: false, reason: 'rate-limited', retryAfterSeconds: expect.any(Number) });
    } finally {
      for (const server of servers.slice(1)) await closeDatabase(server);
    }
  });
});
