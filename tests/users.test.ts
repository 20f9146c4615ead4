import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ZodError } from 'zod';
import type { Actor } from '@/lib/audit';
import { verifyPassword } from '@/lib/auth/password';
import type { Role } from '@/lib/auth/roles';
import { createUser, getUserById, updateUser, UserError, type UserRow, type UserSummary } from '@/lib/auth/users';
import type { Database } from '@/lib/db';
import { auditEvents, users, type AuditEventRow } from '@/lib/db/schema';
import { createEngineRuntime, type EngineRuntime } from '@/lib/runtime/engine';
import { createTaskRegistry } from '@/lib/tasks';
import { form } from './support/recovery-fixture';
import { createTestDatabase, type TestDatabase } from './support/test-database';

// The server actions run for real (runAction, authorizeAction, the lib functions, the database);
// only what needs a Next.js request is replaced: the signed-in user, the app's engine, the cache.
const harness = vi.hoisted(() => ({
  signedIn: null as null | { id: string; email: string; name: string; role: Role },
  engine: null as unknown,
  revalidated: [] as string[],
}));
vi.mock('@/lib/auth/session', () => ({ currentUser: async () => harness.signedIn }));
vi.mock('@/lib/runtime/app-engine', () => ({ getAppEngine: async () => harness.engine }));
vi.mock('next/cache', () => ({ revalidatePath: (path: string) => void harness.revalidated.push(path) }));

const { createUserAction, signOutUserAction, updateUserAction } = await import('@/app/admin/users/actions');
const { createSession, sessionUser } = await import('@/lib/auth/sessions');

const cli: Actor = { id: null, email: 'cli', name: 'npm run user:create', role: 'admin' };
const PASSWORD = 'correct horse battery';

let testDb: TestDatabase;
let db: Database;
let engine: EngineRuntime;

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = testDb.db;
  engine = createEngineRuntime(db, 'inline', { registry: createTaskRegistry() });
  harness.engine = engine;
});
afterAll(() => testDb?.close());

let counter = 0;
/** A user with a unique email in this file's database. */
async function makeUser(role: Role, overrides: { email?: string; password?: string } = {}): Promise<UserSummary> {
  counter += 1;
  return createUser(db, cli, { email: overrides.email ?? `user${counter}@example.com`, name: `User ${counter}`, role, password: overrides.password ?? PASSWORD });
}

const allAudit = (): Promise<AuditEventRow[]> => db.select().from(auditEvents);
const rowOf = async (id: string): Promise<UserRow> => (await getUserById(db, id))!;
/** The audit rows written by `work` (and checks that it wrote no password or hash). */
async function auditOf(work: () => Promise<unknown>): Promise<AuditEventRow[]> {
  const before = new Set((await allAudit()).map((row) => row.id));
  await work();
  return (await allAudit()).filter((row) => !before.has(row.id));
}
/** Runs `work` and checks that it changed no user row and wrote no audit row; returns what it returned. */
async function expectNothingChanged<T>(id: string | null, work: () => Promise<T>): Promise<T> {
  const before = id ? await rowOf(id) : null;
  const auditBefore = (await allAudit()).length;
  const count = (await db.select().from(users)).length;
  const result = await work();
  if (id) expect(await rowOf(id)).toEqual(before);
  expect((await db.select().from(users)).length).toBe(count);
  expect((await allAudit()).length).toBe(auditBefore);
  return result;
}

/** The error `promise` rejects with (failing the test when it resolves). */
const refusal = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => expect.unreachable('expected the change to be refused'),
    (error: unknown) => error,
  );

describe('createUser', () => {
  it('stores an argon2id hash (never the password), lower-cases the email, and writes one audit row without the password', async () => {
    const audit = await auditOf(() => createUser(db, cli, { email: '  Grace.Hopper@Example.COM ', name: ' Grace Hopper ', role: 'operator', password: PASSWORD }));
    const row = await db.query.users.findFirst({ where: eq(users.email, 'grace.hopper@example.com') });
    expect(row).toMatchObject({ email: 'grace.hopper@example.com', name: 'Grace Hopper', role: 'operator', disabled: false, sessionVersion: 1 });
    expect(row!.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row!.passwordHash).not.toContain(PASSWORD);
    expect(await verifyPassword(row!.passwordHash, PASSWORD)).toBe(true);

    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: 'user-create',
      actorEmail: 'cli',
      actorId: null,
      outcome: 'ok',
      input: { email: 'grace.hopper@example.com', name: 'Grace Hopper', role: 'operator' },
      result: { userId: row!.id },
    });
    expect(JSON.stringify(audit[0])).not.toContain(PASSWORD);
    expect(JSON.stringify(audit[0])).not.toContain(row!.passwordHash);
  });

  it('refuses a duplicate email, whatever its case, on the email field', async () => {
    const first = await makeUser('viewer');
    const error = await expectNothingChanged(first.id, () =>
      refusal(createUser(db, cli, { email: first.email.toUpperCase(), name: 'Someone Else', role: 'admin', password: PASSWORD })),
    );
    expect(error).toBeInstanceOf(UserError);
    expect(error).toMatchObject({ field: 'email', message: `A user with the email ${first.email} already exists.` });
  });

  it('refuses an invalid email, a short password, an unknown role and an empty name with clear messages, writing nothing', async () => {
    const error = await expectNothingChanged(null, () => refusal(createUser(db, cli, { email: 'not-an-email', name: ' ', role: 'root', password: 'short' })));
    expect(error).toBeInstanceOf(ZodError);
    const messages = Object.fromEntries((error as ZodError).issues.map((issue) => [issue.path[0], issue.message]));
    expect(messages).toEqual({
      email: 'Enter an email address such as ada@example.com.',
      name: 'Enter a name.',
      role: 'The role must be one of viewer, operator, admin.',
      password: 'A password needs at least 10 characters.',
    });
  });
});

describe('updateUser', () => {
  it('changes the role, with one audit row saying from what to what', async () => {
    const user = await makeUser('viewer');
    const audit = await auditOf(() => updateUser(db, cli, { id: user.id, role: 'operator' }));
    expect((await rowOf(user.id)).role).toBe('operator');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: 'user-update',
      outcome: 'ok',
      input: { userId: user.id, email: user.email, role: { from: 'viewer', to: 'operator' } },
      result: { userId: user.id },
    });
  });

  it('disabling ends the user’s sessions (bumps sessionVersion); enabling again does not', async () => {
    const user = await makeUser('operator');
    const disabling = await auditOf(() => updateUser(db, cli, { id: user.id, disabled: true }));
    expect(await rowOf(user.id)).toMatchObject({ disabled: true, sessionVersion: 2 });
    expect(disabling).toHaveLength(1);
    expect(disabling[0]!.input).toEqual({ userId: user.id, email: user.email, disabled: { from: false, to: true } });

    const enabling = await auditOf(() => updateUser(db, cli, { id: user.id, disabled: false }));
    expect(await rowOf(user.id)).toMatchObject({ disabled: false, sessionVersion: 2 });
    expect(enabling).toHaveLength(1);
    expect(enabling[0]!.input).toEqual({ userId: user.id, email: user.email, disabled: { from: true, to: false } });
  });

  it('a password reset stores a new hash, ends sessions, lifts a lock, and records "reset" without the password', async () => {
    const user = await makeUser('viewer');
    await db.update(users).set({ failedSignIns: 5, lockedUntil: new Date(Date.now() + 600_000) }).where(eq(users.id, user.id));
    const newPassword = 'a brand new passphrase';
    const audit = await auditOf(() => updateUser(db, cli, { id: user.id, password: newPassword }));
    const row = await rowOf(user.id);
    expect(row).toMatchObject({ sessionVersion: 2, failedSignIns: 0, lockedUntil: null });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(row.passwordHash, newPassword)).toBe(true);
    expect(await verifyPassword(row.passwordHash, PASSWORD)).toBe(false);

    expect(audit).toHaveLength(1);
    expect(audit[0]!.input).toEqual({ userId: user.id, email: user.email, password: 'reset' });
    expect(JSON.stringify(audit[0])).not.toContain(newPassword);
    expect(JSON.stringify(audit[0])).not.toContain(row.passwordHash);
  });

  it('refuses invalid input (short password, unknown role) and changes nothing', async () => {
    const user = await makeUser('viewer');
    const short = await expectNothingChanged(user.id, () => refusal(updateUser(db, cli, { id: user.id, password: 'short' })));
    expect(short).toBeInstanceOf(ZodError);
    expect((short as ZodError).issues[0]).toMatchObject({ path: ['password'], message: 'A password needs at least 10 characters.' });
    const role = await expectNothingChanged(user.id, () => refusal(updateUser(db, cli, { id: user.id, role: 'superuser' })));
    expect((role as ZodError).issues[0]).toMatchObject({ path: ['role'], message: 'The role must be one of viewer, operator, admin.' });
    const unknown = await expectNothingChanged(null, () => refusal(updateUser(db, cli, { id: 'no-such-id', role: 'admin' })));
    expect(unknown).toMatchObject({ name: 'UserError', message: 'No such user.' });
  });
});

describe('the last active admin', () => {
  let own: TestDatabase;
  let lastAdmin: UserSummary;
  let dormant: UserSummary;
  beforeAll(async () => {
    own = await createTestDatabase(); // starts with no admin at all
    lastAdmin = await createUser(own.db, cli, { email: 'only-admin@example.com', name: 'Only Admin', role: 'admin', password: PASSWORD });
  });
  afterAll(() => own?.close());

  async function expectRefused(change: Record<string, unknown>): Promise<void> {
    const before = await getUserById(own.db, lastAdmin.id);
    const auditBefore = (await own.db.select().from(auditEvents)).length;
    const error = await refusal(updateUser(own.db, cli, { id: lastAdmin.id, ...change }));
    expect(error).toBeInstanceOf(UserError);
    expect(error).toMatchObject({ field: 'role', message: 'At least one active admin must remain: make another admin first.' });
    expect(await getUserById(own.db, lastAdmin.id)).toEqual(before);
    expect((await own.db.select().from(auditEvents)).length).toBe(auditBefore);
  }

  it('cannot be demoted or disabled; the refusal changes nothing and writes no audit row', async () => {
    await expectRefused({ role: 'operator' });
    await expectRefused({ disabled: true });
  });

  it('a disabled admin does not count as another admin', async () => {
    dormant = await createUser(own.db, cli, { email: 'dormant@example.com', name: 'Dormant', role: 'admin', password: PASSWORD });
    await updateUser(own.db, cli, { id: dormant.id, disabled: true });
    await expectRefused({ role: 'viewer' });
  });

  it('can be demoted once another admin is active', async () => {
    await updateUser(own.db, cli, { id: dormant.id, disabled: false });
    await expect(updateUser(own.db, cli, { id: lastAdmin.id, role: 'viewer' })).resolves.toMatchObject({ role: 'viewer' });
  });
});

describe('admin server actions (FormData in, result out, rows checked)', () => {
  let me: UserSummary;
  beforeAll(async () => {
    me = await makeUser('admin', { email: 'me-admin@example.com' });
  });
  beforeEach(() => {
    harness.signedIn = { id: me.id, email: me.email, name: 'Me Admin', role: 'admin' };
    harness.revalidated.length = 0;
  });

  it('createUserAction creates the user, says so, and refreshes the page', async () => {
    const audit = await auditOf(async () => {
      const result = await createUserAction(null, form({ email: 'New.Person@Example.com', name: 'New Person', role: 'viewer', password: PASSWORD }));
      expect(result).toEqual({ ok: true, message: 'Created new.person@example.com (viewer): they can sign in now.', data: undefined });
    });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'user-create', actorId: me.id, actorEmail: me.email });
    expect(harness.revalidated).toEqual(['/admin/users']);
  });

  it('createUserAction returns field errors keyed by field, and a duplicate email on the email field', async () => {
    await expectNothingChanged(null, async () => {
      const result = await createUserAction(null, form({ email: 'nope', name: '', role: 'viewer', password: 'short' }));
      expect(result).toMatchObject({
        ok: false,
        code: 'invalid-input',
        fieldErrors: { email: ['Enter an email address such as ada@example.com.'], name: ['Enter a name.'], password: ['A password needs at least 10 characters.'] },
      });
    });
    const duplicate = await createUserAction(null, form({ email: me.email, name: 'Again', role: 'viewer', password: PASSWORD }));
    expect(duplicate).toMatchObject({ ok: false, fieldErrors: { email: [`A user with the email ${me.email} already exists.`] } });
    expect(harness.revalidated).toEqual([]);
  });

  it('updateUserAction changes a role, disables, enables and resets a password', async () => {
    const user = await makeUser('viewer');
    expect(await updateUserAction(null, form({ id: user.id, intent: 'role', role: 'operator' }))).toMatchObject({
      ok: true,
      message: `${user.email} is now operator (was viewer).`,
    });
    expect(await updateUserAction(null, form({ id: user.id, intent: 'disable' }))).toMatchObject({ ok: true });
    expect(await rowOf(user.id)).toMatchObject({ role: 'operator', disabled: true });
    expect(await updateUserAction(null, form({ id: user.id, intent: 'enable' }))).toMatchObject({ ok: true });
    expect(await updateUserAction(null, form({ id: user.id, intent: 'password', password: 'fresh password 123' }))).toMatchObject({ ok: true });
    const row = await rowOf(user.id);
    expect(row.disabled).toBe(false);
    expect(await verifyPassword(row.passwordHash, 'fresh password 123')).toBe(true);
    expect(harness.revalidated).toEqual(Array(4).fill('/admin/users'));
  });

  it('a repeated change is reported as already done and writes no audit row', async () => {
    const user = await makeUser('operator');
    await expectNothingChanged(user.id, async () => {
      expect(await updateUserAction(null, form({ id: user.id, intent: 'role', role: 'operator' }))).toMatchObject({ ok: true, message: `${user.email} already has the role operator: nothing was changed.` });
      expect(await updateUserAction(null, form({ id: user.id, intent: 'enable' }))).toMatchObject({ ok: true, message: `${user.email} was already enabled: nothing was changed.` });
    });
  });

  it('the last active admin cannot demote themselves: the refusal is on the role field', async () => {
    await expectNothingChanged(me.id, async () => {
      expect(await updateUserAction(null, form({ id: me.id, intent: 'role', role: 'viewer' }))).toMatchObject({
        ok: false,
        code: 'invalid-input',
        fieldErrors: { role: ['At least one active admin must remain: make another admin first.'] },
      });
    });
  });

  it('an admin cannot disable themselves, even when another admin remains', async () => {
    await makeUser('admin');
    await expectNothingChanged(me.id, async () => {
      const result = await updateUserAction(null, form({ id: me.id, intent: 'disable' }));
      expect(result).toMatchObject({ ok: false, code: 'rejected' });
      expect(result?.message).toMatch(/^You cannot disable your own account/);
    });
  });

  it('returns field errors for a short password and an unknown role, and changes nothing', async () => {
    const user = await makeUser('viewer');
    await expectNothingChanged(user.id, async () => {
      expect(await updateUserAction(null, form({ id: user.id, intent: 'password', password: 'short' }))).toMatchObject({
        ok: false,
        fieldErrors: { password: ['A password needs at least 10 characters.'] },
      });
      expect(await updateUserAction(null, form({ id: user.id, intent: 'role', role: 'root' }))).toMatchObject({
        ok: false,
        fieldErrors: { role: ['The role must be one of viewer, operator, admin.'] },
      });
      expect(await updateUserAction(null, form({ id: user.id, intent: 'delete' }))).toMatchObject({ ok: false, code: 'invalid-input' });
      expect(await updateUserAction(null, form({ id: 'no-such-id', intent: 'enable' }))).toMatchObject({ ok: false, code: 'not-found' });
    });
  });

  it('signOutUserAction ends every session of another user, says how many, and is audited as a user change', async () => {
    const user = await makeUser('operator');
    const tokens = await Promise.all([createSession(db, user.id), createSession(db, user.id)]);
    const mine = await createSession(db, me.id);
    const audit = await auditOf(async () => {
      expect(await signOutUserAction(null, form({ id: user.id }))).toEqual({
        ok: true,
        message: `${user.email} was signed out everywhere (2 sessions ended).`,
        data: undefined,
      });
    });
    for (const { token } of tokens) expect(await sessionUser(db, token)).toBeNull();
    expect((await sessionUser(db, mine.token))?.id).toBe(me.id); // the admin's own session is untouched
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: 'user-update',
      actorId: me.id,
      input: { userId: user.id, email: user.email, sessions: 'ended' },
      result: { userId: user.id, sessionsEnded: 2 },
    });
    expect(harness.revalidated).toEqual(['/admin/users']);
    // An unknown or missing user: refused, nothing written.
    await expectNothingChanged(null, async () => {
      expect(await signOutUserAction(null, form({ id: 'no-such-id' }))).toMatchObject({ ok: false, code: 'not-found' });
      expect(await signOutUserAction(null, form({}))).toMatchObject({ ok: false, code: 'invalid-input' });
    });
  });

  it('refuses anyone who is not an admin, before changing anything', async () => {
    const target = await makeUser('viewer');
    harness.signedIn = { id: target.id, email: target.email, name: 'Viewer', role: 'operator' };
    await expectNothingChanged(target.id, async () => {
      expect(await updateUserAction(null, form({ id: target.id, intent: 'role', role: 'admin' }))).toMatchObject({ ok: false, code: 'forbidden' });
      expect(await signOutUserAction(null, form({ id: me.id }))).toMatchObject({ ok: false, code: 'forbidden' });
      expect(await createUserAction(null, form({ email: 'sneaky@example.com', name: 'Sneaky', role: 'admin', password: PASSWORD }))).toMatchObject({
        ok: false,
        code: 'forbidden',
      });
    });
    harness.signedIn = null;
    expect(await createUserAction(null, form({ email: 'sneaky@example.com', name: 'Sneaky', role: 'admin', password: PASSWORD }))).toMatchObject({
      ok: false,
      code: 'unauthenticated',
    });
  });
});
