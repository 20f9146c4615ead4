import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { eq } from 'drizzle-orm';
import type * as Argon2 from '@node-rs/argon2';

// The real argon2, counted: every path past the address limit must verify exactly once.
const argon2 = vi.hoisted(() => ({ verifications: 0 }));
vi.mock('@node-rs/argon2', async (importOriginal) => {
  const real = await importOriginal<typeof Argon2>();
  return {
    ...real,
    verify: async (...args: Parameters<typeof real.verify>) => {
      argon2.verifications += 1;
      return real.verify(...args);
    },
  };
});
import { ACCOUNT_LOCK_MS, ACCOUNT_MAX_FAILURES, IP_MAX_FAILURES, attemptSignIn } from '@/lib/auth/sign-in';
import { createUser, updateUser } from '@/lib/auth/users';
import { signInFailures, users } from '@/lib/db/schema';
import { closeDatabase, createDatabase } from '@/lib/db';
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
    // Admins see the lock in the user list.
    const [lockedRow] = await testDb.db.select().from(users).where(eq(users.email, 'carol@example.com'));
    expect(lockedRow?.lockedUntil?.toISOString()).toBe(new Date(start.getTime() + ACCOUNT_LOCK_MS).toISOString());
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

/** One attempt; its reason ('ok' when signed in) sits beside the full result. */
const sign = async (email: string, password: string, ip: string, now: Date) => {
  const result = await attemptSignIn(testDb.db, { email, password, ip, now });
  return { ...result, reason: result.ok ? ('ok' as const) : result.reason };
};
const answer = (result: Awaited<ReturnType<typeof sign>>) => (result.ok ? { ok: true } : { reason: result.reason, message: result.message });

describe('lockout is not a weapon against the account’s owner', () => {
  it('an attacker rotating addresses locks the account for new addresses, but the owner still gets in from where they signed in before', async () => {
    await newUser('owner@example.com');
    const t0 = new Date('2026-11-28T08:00:00Z');
    expect((await sign('owner@example.com', 'correct horse battery', '198.51.100.10', t0)).ok).toBe(true); // the owner's office
    const attackStart = new Date(t0.getTime() + 3_600_000);
    // 60 guesses from 60 addresses, one every 10 s: the account is locked for new addresses...
    for (let i = 0; i < 60; i += 1) {
      const result = await sign('owner@example.com', `guess ${i}`, `203.0.113.${i + 1}`, new Date(attackStart.getTime() + i * 10_000));
      expect(result.reason, `guess ${i}`).toBe(i < ACCOUNT_MAX_FAILURES - 1 ? 'invalid' : 'locked');
    }
    const during = new Date(attackStart.getTime() + 600_000);
    // ...even with the right password (a guess that happens to be right gets nothing)...
    expect(await sign('owner@example.com', 'correct horse battery', '203.0.113.200', during)).toMatchObject({ ok: false, reason: 'locked' });
    // ...but the owner, from their usual address, is let in, and that does not open it for others.
    expect((await sign('owner@example.com', 'correct horse battery', '198.51.100.10', during)).ok).toBe(true);
    expect(await sign('owner@example.com', 'correct horse battery', '203.0.113.201', during)).toMatchObject({ ok: false, reason: 'locked' });
  });

  it('an attacker at one address is throttled: locked for that account after 5 failures, refused everywhere after 20', async () => {
    await newUser('frank@example.com');
    const t0 = new Date('2026-11-28T10:00:00Z');
    expect((await sign('frank@example.com', 'correct horse battery', '198.51.100.20', t0)).ok).toBe(true);
    const at = (s: number) => new Date(t0.getTime() + 3_600_000 + s * 1_000);
    // Even from the owner's own (shared, say) address, five failures lock that address out of the account.
    for (let i = 0; i < ACCOUNT_MAX_FAILURES - 1; i += 1) expect((await sign('frank@example.com', `x${i}`, '198.51.100.20', at(i))).reason).toBe('invalid');
    expect(await sign('frank@example.com', 'x4', '198.51.100.20', at(5))).toMatchObject({
      reason: 'locked',
      message: 'Too many wrong passwords: this account is locked for 15 minutes from your address.',
    });
    expect(await sign('frank@example.com', 'correct horse battery', '198.51.100.20', at(6))).toMatchObject({ reason: 'locked' });
    // Refused attempts do not prolong the lock: 15 minutes after the 5th failure it is over.
    for (let i = 0; i < 5; i += 1) await sign('frank@example.com', `y${i}`, '198.51.100.20', at(60 + i));
    expect((await sign('frank@example.com', 'correct horse battery', '198.51.100.20', at(5 + 15 * 60 + 1))).ok).toBe(true);

    // Spraying many accounts from one address: the address limit stops it.
    const sprayer = '192.0.2.99';
    for (let i = 0; i < IP_MAX_FAILURES; i += 1) expect((await sign(`victim${i}@example.com`, 'x', sprayer, at(2000 + i))).ok).toBe(false);
    expect(await sign('frank@example.com', 'correct horse battery', sprayer, at(2100))).toMatchObject({ reason: 'rate-limited' });
  });

  it('a new address refused by the account-wide lock is not told it failed: the same words for an unknown email', async () => {
    await newUser('ivy@example.com');
    const t0 = new Date('2026-11-28T16:00:00Z');
    const messages: Record<string, string[]> = {};
    for (const email of ['ivy@example.com', 'nobody-ivy@example.com']) {
      for (let i = 0; i < ACCOUNT_MAX_FAILURES; i += 1) await sign(email, `guess ${i}`, `203.0.114.${i + 1}`, t0);
      const fresh = await sign(email, 'correct horse battery', '203.0.114.99', new Date(t0.getTime() + 60_000));
      messages[email] = [fresh.ok ? '' : fresh.message];
    }
    expect(messages['ivy@example.com']).toEqual([
      'Too many wrong passwords for this account: sign-in is locked for 14 more minutes except from addresses it signed in from before.',
    ]);
    expect(messages['nobody-ivy@example.com']).toEqual(messages['ivy@example.com']);
    // The address whose failure completed the five is locked by the account too, not by its own failures.
    const fifth = await sign('ivy@example.com', 'x', '203.0.114.5', new Date(t0.getTime() + 60_000));
    expect(fifth).toMatchObject({ reason: 'locked', message: expect.stringContaining('for this account') });
  });

  it('a successful sign-in forgives that address’s earlier typos', async () => {
    await newUser('gina@example.com');
    const t0 = new Date('2026-11-28T12:00:00Z');
    for (let i = 0; i < ACCOUNT_MAX_FAILURES - 1; i += 1) await sign('gina@example.com', `typo ${i}`, '198.51.100.30', t0);
    expect((await sign('gina@example.com', 'correct horse battery', '198.51.100.30', t0)).ok).toBe(true);
    for (let i = 0; i < ACCOUNT_MAX_FAILURES - 1; i += 1) expect((await sign('gina@example.com', `typo ${i}`, '198.51.100.30', t0)).reason).toBe('invalid');
  });

  it('a password reset lifts a lock', async () => {
    const user = await newUser('hank@example.com');
    const now = new Date();
    for (let i = 0; i < ACCOUNT_MAX_FAILURES; i += 1) await sign('hank@example.com', `no ${i}`, `203.0.113.${100 + i}`, now);
    expect((await sign('hank@example.com', 'correct horse battery', '203.0.113.150', now)).reason).toBe('locked');
    await updateUser(testDb.db, admin, { id: user.id, password: 'a brand new passphrase' });
    expect((await sign('hank@example.com', 'a brand new passphrase', '203.0.113.150', now)).ok).toBe(true);
  });
});

describe('no account enumeration', () => {
  it('a known and an unknown email get the same answers for attempts 1 to 7, from one address and from rotating ones', async () => {
    await newUser('known@example.com');
    const t0 = new Date('2026-11-28T14:00:00Z');
    for (const rotate of [false, true]) {
      const knownAnswers: unknown[] = [];
      const unknownAnswers: unknown[] = [];
      for (let attempt = 1; attempt <= 7; attempt += 1) {
        const at = new Date(t0.getTime() + (rotate ? 3_600_000 : 0) + attempt * 30_000);
        const ip = (who: number) => (rotate ? `198.18.${who}.${attempt}` : `198.19.${who}.1`);
        knownAnswers.push(answer(await sign(rotate ? 'known@example.com' : 'KNOWN@example.com', `wrong ${attempt}`, ip(1), at)));
        unknownAnswers.push(answer(await sign(rotate ? 'unknown@example.com' : 'UNKNOWN@example.com', `wrong ${attempt}`, ip(2), at)));
      }
      expect(unknownAnswers).toEqual(knownAnswers);
      expect(knownAnswers.map((a) => (a as { reason: string }).reason)).toEqual(['invalid', 'invalid', 'invalid', 'invalid', 'locked', 'locked', 'locked']);
    }
  });

  it('every answer past the address limit costs exactly one argon2 verification, whatever the email and state', async () => {
    await newUser('counted@example.com');
    const t0 = new Date('2026-11-29T08:00:00Z');
    const paths: [string, () => Promise<unknown>][] = [];
    for (let attempt = 1; attempt <= 7; attempt += 1) {
      const at = new Date(t0.getTime() + attempt * 1_000);
      paths.push([`known, wrong #${attempt}`, () => sign('counted@example.com', 'nope', '198.18.50.1', at)]);
      paths.push([`unknown #${attempt}`, () => sign('uncounted@example.com', 'nope', '198.18.51.1', at)]);
    }
    paths.push(['known, right password while locked', () => sign('counted@example.com', 'correct horse battery', '198.18.50.1', t0)]);
    paths.push(['unknown, while locked', () => sign('uncounted@example.com', 'correct horse battery', '198.18.51.1', t0)]);
    paths.push(['known, right password', () => sign('counted@example.com', 'correct horse battery', '198.18.52.1', new Date(t0.getTime() + 3_600_000))]);
    for (const [name, run] of paths) {
      const before = argon2.verifications;
      await run();
      expect(argon2.verifications - before, name).toBe(1);
    }
  });
});


describe('concurrent attempts for one email are decided one after another', () => {
  it(`40 wrong passwords at once for one email from one address: ${ACCOUNT_MAX_FAILURES} counted, then locked, then the address limit`, async () => {
    await newUser('raced@example.com');
    const now = new Date('2026-11-30T08:00:00Z');
    // On PostgreSQL half the attempts go through a second pool, as from a second app process:
    // there the database's lock, not this process's queue, has to keep them apart.
    const second = testDb.kind === 'postgres' ? await createDatabase({ url: testDb.url! }) : testDb.db;
    try {
      const before = argon2.verifications;
      const results = await Promise.all(
        Array.from({ length: 40 }, async (_, i) => {
          const result = await attemptSignIn(i % 2 ? second : testDb.db, { email: 'raced@example.com', password: `guess ${i}`, ip: '198.18.60.1', now });
          return result.ok ? { reason: 'ok', message: '' } : result;
        }),
      );
      const failures = await testDb.db.select({ whileLocked: signInFailures.whileLocked }).from(signInFailures).where(eq(signInFailures.email, 'raced@example.com'));
      // Exactly 5 full checks counted; the refusals while locked fill the address's 20.
      expect(failures.filter((row) => !row.whileLocked)).toHaveLength(ACCOUNT_MAX_FAILURES);
      expect(failures).toHaveLength(IP_MAX_FAILURES);
      const count = (reason: string, message?: string) =>
        results.filter((result) => result.reason === reason && (message === undefined || result.message.includes(message))).length;
      expect(count('invalid')).toBe(ACCOUNT_MAX_FAILURES - 1);
      expect(count('locked', 'locked for 15 minutes from your address')).toBe(1); // the 5th
      expect(count('locked', 'more minute')).toBe(IP_MAX_FAILURES - ACCOUNT_MAX_FAILURES);
      expect(count('rate-limited')).toBe(40 - IP_MAX_FAILURES);
      // One verification per attempt past the address limit, none for the rest.
      expect(argon2.verifications - before).toBe(IP_MAX_FAILURES);
    } finally {
      if (second !== testDb.db) await closeDatabase(second);
    }
  });
});
