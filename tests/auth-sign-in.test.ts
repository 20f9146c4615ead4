import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { ACCOUNT_LOCK_MS, ACCOUNT_MAX_FAILURES, IP_MAX_FAILURES, attemptSignIn } from '@/lib/auth/sign-in';
import { createUser, updateUser } from '@/lib/auth/users';
import { users } from '@/lib/db/schema';
import { createTestDatabase, type TestDatabase } from './support/test-database';

let testDb: TestDatabase;
const admin = { id: null, email: 'cli', name: 'test setup', role: 'admin' } as const;

beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(() => testDb?.close());

async function newUser(email: string, password = 'correct horse battery') {
  return createUser(testDb.db, admin, { email, name: 'Test User', role: 'operator', password });
}

describe('sign-in', () => {
  it('accepts the right password (any email case), records the time, and stores only an argon2id hash', async () => {
    await newUser('ada@example.com');
    const now = new Date('2026-11-27T09:00:00Z');
    const result = await attemptSignIn(testDb.db, { email: '  Ada@Example.COM ', password: 'correct horse battery', ip: '10.0.0.1', now });
    expect(result.ok).toBe(true);
    const [row] = await testDb.db.select().from(users).where(eq(users.email, 'ada@example.com'));
    expect(row?.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row?.passwordHash).not.toContain('correct horse');
    expect(row?.lastSignInAt?.toISOString()).toBe(now.toISOString());
  });

  it('a wrong password and an unknown email get the same answer', async () => {
    await newUser('bob@example.com');
    const wrong = await attemptSignIn(testDb.db, { email: 'bob@example.com', password: 'nope', ip: '10.0.0.2' });
    const unknown = await attemptSignIn(testDb.db, { email: 'nobody@example.com', password: 'nope', ip: '10.0.0.2' });
    expect(wrong).toEqual({ ok: false, reason: 'invalid', message: 'The email or the password is wrong.' });
    expect(unknown).toEqual(wrong);
  });

  it(`locks an account after ${ACCOUNT_MAX_FAILURES} wrong passwords, refuses even the right one while locked, then lets it in`, async () => {
    await newUser('carol@example.com');
    const start = new Date('2026-11-27T10:00:00Z');
    for (let i = 1; i < ACCOUNT_MAX_FAILURES; i += 1) {
      expect((await attemptSignIn(testDb.db, { email: 'carol@example.com', password: `guess ${i}`, ip: `10.1.0.${i}`, now: start })).ok).toBe(false);
    }
    const locking = await attemptSignIn(testDb.db, { email: 'carol@example.com', password: 'guess 5', ip: '10.1.0.9', now: start });
    expect(locking).toMatchObject({ ok: false, reason: 'locked', message: expect.stringContaining('locked for 15 minutes') });
    const stillLocked = await attemptSignIn(testDb.db, {
      email: 'carol@example.com',
      password: 'correct horse battery',
      ip: '10.1.0.10',
      now: new Date(start.getTime() + 60_000),
    });
    expect(stillLocked).toMatchObject({ ok: false, reason: 'locked', message: expect.stringContaining('14 more minute') });
    const later = await attemptSignIn(testDb.db, {
      email: 'carol@example.com',
      password: 'correct horse battery',
      ip: '10.1.0.10',
      now: new Date(start.getTime() + ACCOUNT_LOCK_MS + 1_000),
    });
    expect(later.ok).toBe(true);
    const [row] = await testDb.db.select().from(users).where(eq(users.email, 'carol@example.com'));
    expect(row).toMatchObject({ failedSignIns: 0, lockedUntil: null });
  });

  it('a disabled user is refused, and only after the right password', async () => {
    const user = await newUser('dave@example.com');
    await updateUser(testDb.db, admin, { id: user.id, disabled: true });
    expect(await attemptSignIn(testDb.db, { email: 'dave@example.com', password: 'wrong password', ip: '10.2.0.1' })).toMatchObject({ reason: 'invalid' });
    expect(await attemptSignIn(testDb.db, { email: 'dave@example.com', password: 'correct horse battery', ip: '10.2.0.1' })).toMatchObject({
      ok: false,
      reason: 'disabled',
      message: 'This account is disabled. Ask an admin to enable it.',
    });
  });

  it(`refuses an address after ${IP_MAX_FAILURES} failures in the window, whatever the account`, async () => {
    await newUser('erin@example.com');
    const now = new Date('2026-11-27T11:00:00Z');
    for (let i = 0; i < IP_MAX_FAILURES; i += 1) {
      await attemptSignIn(testDb.db, { email: `spray${i}@example.com`, password: 'x', ip: '192.0.2.7', now });
    }
    const blocked = await attemptSignIn(testDb.db, { email: 'erin@example.com', password: 'correct horse battery', ip: '192.0.2.7', now });
    expect(blocked).toMatchObject({ ok: false, reason: 'rate-limited' });
    // Another address is not affected, and the window passes.
    expect((await attemptSignIn(testDb.db, { email: 'erin@example.com', password: 'correct horse battery', ip: '192.0.2.8', now })).ok).toBe(true);
    const after = new Date(now.getTime() + 16 * 60_000);
    expect((await attemptSignIn(testDb.db, { email: 'erin@example.com', password: 'correct horse battery', ip: '192.0.2.7', now: after })).ok).toBe(true);
  });
});
