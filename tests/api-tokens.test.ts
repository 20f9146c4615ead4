import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { Database } from '@/lib/db';
import { apiTokens } from '@/lib/db/schema';
import { revokeApiTokenRow } from '@/lib/db/queries/api-tokens';
import { authenticateApiToken, bearerSecret, createApiToken, hashApiToken, TokenNameTakenError } from '@/lib/tokens';
import { createTestDatabase, type TestDatabase } from './support/test-database';

let testDb: TestDatabase;
let db: Database;

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = testDb.db;
});
afterAll(async () => testDb.close());

describe('API tokens', () => {
  it('stores only the hash and a prefix, and authenticates the secret once created', async () => {
    const { token, secret } = await createApiToken(db, { name: 'orders-service', scope: 'operate', createdBy: 'admin@example.com' });
    expect(secret).toMatch(/^tb_[A-Za-z0-9_-]{43}$/);
    const [row] = await db.select().from(apiTokens).where(eq(apiTokens.id, token.id));
    expect(row!.tokenHash).toBe(hashApiToken(secret));
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(secret.startsWith(row!.prefix)).toBe(true);
    expect(row!.lastUsedAt).toBeNull();

    const now = new Date('2026-12-07T10:00:00Z');
    const auth = await authenticateApiToken(db, `Bearer ${secret}`, now);
    expect(auth).toEqual({
      ok: true,
      principal: {
        tokenId: token.id,
        name: 'orders-service',
        scope: 'operate',
        actor: { kind: 'token', id: token.id, email: 'token:orders-service', name: 'orders-service (API token)', role: 'operator' },
      },
    });
    const [used] = await db.select().from(apiTokens).where(eq(apiTokens.id, token.id));
    expect(used!.lastUsedAt).toEqual(now);
  });

  it('tells missing, malformed and unknown or revoked tokens apart without touching the table for the first two', async () => {
    expect(await authenticateApiToken(db, null)).toEqual({ ok: false, reason: 'missing' });
    expect(await authenticateApiToken(db, '  ')).toEqual({ ok: false, reason: 'missing' });
    expect(await authenticateApiToken(db, 'Basic dXNlcjpwYXNz')).toEqual({ ok: false, reason: 'malformed' });
    expect(await authenticateApiToken(db, `Bearer tb_${'x'.repeat(5000)}`)).toEqual({ ok: false, reason: 'malformed' });
    expect(await authenticateApiToken(db, `Bearer tb_${'A'.repeat(43)}`)).toEqual({ ok: false, reason: 'invalid' });

    const { token, secret } = await createApiToken(db, { name: 'reporting', scope: 'read', createdBy: 'admin@example.com' });
    expect((await authenticateApiToken(db, `bearer ${secret}`)).ok).toBe(true);
    expect(await revokeApiTokenRow(db, token.id, 'admin@example.com', new Date())).not.toBeNull();
    expect(await authenticateApiToken(db, `Bearer ${secret}`)).toEqual({ ok: false, reason: 'invalid' });
    expect(await revokeApiTokenRow(db, token.id, 'admin@example.com', new Date())).toBeNull();
  });

  it('refuses a second live token of the same name, and frees the name once revoked', async () => {
    const first = await createApiToken(db, { name: 'nightly-import', scope: 'read', createdBy: 'a@example.com' });
    await expect(createApiToken(db, { name: 'nightly-import', scope: 'operate', createdBy: 'a@example.com' })).rejects.toBeInstanceOf(TokenNameTakenError);
    await revokeApiTokenRow(db, first.token.id, 'a@example.com', new Date());
    const second = await createApiToken(db, { name: 'nightly-import', scope: 'operate', createdBy: 'a@example.com' });
    expect(second.token.scope).toBe('operate');
  });

  it('parses only a Bearer header with a well-formed secret', () => {
    expect(bearerSecret(`Bearer tb_${'a'.repeat(43)}`)).toEqual({ secret: `tb_${'a'.repeat(43)}` });
    expect(bearerSecret(`Bearer tb_${'a'.repeat(42)}`)).toEqual({ reason: 'malformed' });
    expect(bearerSecret(`Bearer tb_${'a'.repeat(43)} extra`)).toEqual({ reason: 'malformed' });
  });
});
