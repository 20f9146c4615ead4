import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/audit';
import { createSession, endSessionByToken, liveSessionCounts, NoSuchUserError, SESSION_TTL_MS, sessionUser, signOutEverywhere } from '@/lib/auth/sessions';
import { createUser, updateUser, type UserSummary } from '@/lib/auth/users';
import { auditEvents, authSessions } from '@/lib/db/schema';
import { createTestDatabase, type TestDatabase } from './support/test-database';

let testDb: TestDatabase;
const cli: Actor = { id: null, email: 'cli', name: 'test setup', role: 'admin' };
let counter = 0;

beforeAll(async () => {
  testDb = await createTestDatabase();
});
afterAll(() => testDb?.close());

async function newUser(): Promise<UserSummary> {
  counter += 1;
  return createUser(testDb.db, cli, { email: `person${counter}@example.com`, name: `Person ${counter}`, role: 'operator', password: 'correct horse battery' });
}

describe('server-side sessions', () => {
  it('a session lives on the server: its token signs in until sign-out deletes it, and a copy of the token dies with it', async () => {
    const user = await newUser();
    const { token } = await createSession(testDb.db, user.id);
    const copied = `${token}`; // what an attacker lifted from the cookie before sign-out
    expect((await sessionUser(testDb.db, token))?.id).toBe(user.id);
    await endSessionByToken(testDb.db, token);
    expect(await sessionUser(testDb.db, copied)).toBeNull();
  });

  it('the table holds only a hash of the token', async () => {
    const user = await newUser();
    const { token } = await createSession(testDb.db, user.id);
    const rows = await testDb.db.select().from(authSessions).where(eq(authSessions.userId, user.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id).not.toContain(token);
    expect(await sessionUser(testDb.db, rows[0]!.id)).toBeNull();
  });

  it('expiry is enforced on the server, whatever the cookie says', async () => {
    const user = await newUser();
    const start = new Date('2026-12-01T08:00:00Z');
    const { token, expiresAt } = await createSession(testDb.db, user.id, start);
    expect(expiresAt.getTime() - start.getTime()).toBe(SESSION_TTL_MS);
    expect((await sessionUser(testDb.db, token, new Date(expiresAt.getTime() - 1_000)))?.id).toBe(user.id);
    expect(await sessionUser(testDb.db, token, new Date(expiresAt.getTime() + 1_000))).toBeNull();
  });

  it('"sign out everywhere" ends every session of that user, not anyone else’s, with one audit row', async () => {
    const user = await newUser();
    const other = await newUser();
    const mine = await Promise.all([1, 2, 3].map(() => createSession(testDb.db, user.id)));
    const theirs = await createSession(testDb.db, other.id);
    expect((await liveSessionCounts(testDb.db)).get(user.id)).toBe(3);
    const actor: Actor = { id: user.id, email: user.email, name: user.name, role: 'operator' };
    expect(await signOutEverywhere(testDb.db, actor, user.id)).toEqual({ ended: 3, email: user.email });
    for (const { token } of mine) expect(await sessionUser(testDb.db, token)).toBeNull();
    expect((await sessionUser(testDb.db, theirs.token))?.id).toBe(other.id);
    expect((await liveSessionCounts(testDb.db)).get(user.id)).toBeUndefined();
    const audit = await testDb.db.select().from(auditEvents).where(eq(auditEvents.actorId, user.id));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: 'user-update',
      outcome: 'ok',
      input: { userId: user.id, email: user.email, sessions: 'ended' },
      result: { userId: user.id, sessionsEnded: 3 },
    });
  });

  it('refuses an unknown user and writes nothing', async () => {
    const before = (await testDb.db.select().from(auditEvents)).length;
    await expect(signOutEverywhere(testDb.db, cli, 'no-such-user')).rejects.toBeInstanceOf(NoSuchUserError);
    expect((await testDb.db.select().from(auditEvents)).length).toBe(before);
  });

  it('disabling a user ends their sessions (rows deleted), and enabling again does not bring them back', async () => {
    const user = await newUser();
    const { token } = await createSession(testDb.db, user.id);
    await updateUser(testDb.db, cli, { id: user.id, disabled: true });
    expect(await sessionUser(testDb.db, token)).toBeNull();
    expect(await testDb.db.select().from(authSessions).where(eq(authSessions.userId, user.id))).toEqual([]);
    await updateUser(testDb.db, cli, { id: user.id, disabled: false });
    expect(await sessionUser(testDb.db, token)).toBeNull();
  });

  it('a password reset ends the user’s sessions', async () => {
    const user = await newUser();
    const { token } = await createSession(testDb.db, user.id);
    await updateUser(testDb.db, cli, { id: user.id, password: 'another long password' });
    expect(await sessionUser(testDb.db, token)).toBeNull();
  });

  it('a role change keeps the session and applies at once', async () => {
    const user = await newUser();
    const { token } = await createSession(testDb.db, user.id);
    await updateUser(testDb.db, cli, { id: user.id, role: 'viewer' });
    expect((await sessionUser(testDb.db, token))?.role).toBe('viewer');
  });
});
