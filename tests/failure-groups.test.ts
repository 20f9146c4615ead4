import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, isNotNull, sql } from 'drizzle-orm';
import { freezeBulkSelection } from '@/lib/bulk';
import { listFailedInstances } from '@/lib/db/queries/failed';
import { backfillFingerprints, failuresByHourAgo, getFailureGroup, listFailureGroups, listGroupNotes } from '@/lib/db/queries/failure-groups';
import { insertUser } from '@/lib/db/queries/users';
import { auditEvents, failureGroups, taskInstances } from '@/lib/db/schema';
import { groupStatus, triageFilterOf, trendOf } from '@/lib/failed/groups';
import { addGroupNote, assignGroup, resolveGroup, snoozeGroup, unresolveGroup, unsnoozeGroup } from '@/lib/failed/triage';
import { createEngineRuntime, type EngineRuntime } from '@/lib/runtime/engine';
import { TaskRegistry } from '@/lib/triggers';
import { groupNoteSchema, snoozeGroupSchema } from '@/lib/validations/triage';
import { createTestDatabase, type TestDatabase } from './support/test-database';

let testDb: TestDatabase;
let engine: EngineRuntime;
const ada = { id: 'user-ada', email: 'ada@support.example', name: 'Ada Lovelace', role: 'operator' } as const;
const grace = { id: 'user-grace', email: 'grace@support.example', name: 'Grace Hopper', role: 'operator' } as const;

/** `lookup` fails with a message naming the applicant and order; `other` with different words. */
function registry(): TaskRegistry {
  return new TaskRegistry()
    .register('lookup', (ctx) => {
      const { email, order } = ctx.triggerKwargs.applied ?? {};
      throw new Error(`No applicant ${String(email)} for order ${String(order)}`);
    })
    .register('other', () => {
      throw new TypeError('Cannot read properties of undefined');
    });
}

let sessionNo = 0;
/** A new session whose task fails once with this applicant and order. */
async function fail(task: 'lookup' | 'other', email = 'ada@example.com', order = 42): Promise<string> {
  const uid = `groups:${(sessionNo += 1)}`;
  const manager = engine.managerFor(uid);
  await manager.updateConfiguration({ t_work: { after: ['applied'], run: task } });
  await manager.fire('applied', { email, order });
  await engine.inline.drain();
  return uid;
}

const groupRow = async (fingerprint: string) => (await testDb.db.select().from(failureGroups).where(eq(failureGroups.fingerprint, fingerprint)))[0]!;
const fingerprintOf = async (uid: string) =>
  (await testDb.db.select({ f: taskInstances.fingerprint }).from(taskInstances).where(eq(taskInstances.sessionUid, uid)))[0]!.f!;
/** The audit rows of a group (tests share the `lookup` group: each looks at its own actions). */
const auditOf = (fingerprint: string, action?: string) =>
  testDb.db
    .select()
    .from(auditEvents)
    .where(and(sql`${auditEvents.input}->>'fingerprint' = ${fingerprint}`, action ? eq(auditEvents.action, action as 'group-note') : undefined))
    .orderBy(auditEvents.at);

beforeAll(async () => {
  testDb = await createTestDatabase();
  engine = createEngineRuntime(testDb.db, 'inline', { registry: registry() });
  for (const user of [ada, grace]) await insertUser(testDb.db, { ...user, passwordHash: 'x' });
});
afterAll(() => testDb?.close());

describe('fingerprints on the store write', () => {
  it('messages differing only in emails and ids share one group; other failures get their own', async () => {
    const first = await fail('lookup', 'ada@example.com', 42);
    const second = await fail('lookup', 'grace@example.org', 1337);
    const other = await fail('other');
    const fingerprint = await fingerprintOf(first);
    expect(fingerprint).toMatch(/^[0-9a-f]{32}$/);
    expect(await fingerprintOf(second)).toBe(fingerprint);
    expect(await fingerprintOf(other)).not.toBe(fingerprint);

    const group = await groupRow(fingerprint);
    expect(group).toMatchObject({ exceptionType: 'Error', task: 't_work', template: 'No applicant <email> for order <n>', failureCount: 2 });
    expect(group.frame).toMatch(/^.+ \(tests\/failure-groups\.test\.ts\)$/);

    const listed = await listFailureGroups(testDb.db, { fingerprint });
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ fingerprint, count: 2, sessions: 2, assignee: null });
    const page = await listFailedInstances(testDb.db, { fingerprint });
    expect(page.rows.map((r) => r.sessionUid).sort()).toEqual([first, second].sort());
  });

  it('counts a group’s failures by hour for its trend', async () => {
    const uid = await fail('lookup', 'trend@example.com', 7);
    const fingerprint = await fingerprintOf(uid);
    const hours = await failuresByHourAgo(testDb.db, [fingerprint], new Date(Date.now() + 2 * 3_600_000 + 60_000));
    const trend = trendOf(hours.get(fingerprint));
    expect(trend.hourly).toHaveLength(24);
    expect(trend.hourly[21]).toBeGreaterThanOrEqual(3); // two hours ago, in the hourly bars
    expect(trend.daily[6]).toBe(trend.hourly.reduce((a, b) => a + b, 0));
  });

  it('backfills fingerprints and groups of failed rows written before they existed', async () => {
    const uid = await fail('other');
    const fingerprint = await fingerprintOf(uid);
    await testDb.db.update(taskInstances).set({ fingerprint: null }).where(eq(taskInstances.fingerprint, fingerprint));
    await testDb.db.delete(failureGroups).where(eq(failureGroups.fingerprint, fingerprint));
    expect(await backfillFingerprints(testDb.db, 1)).toBe(2);
    expect(await fingerprintOf(uid)).toBe(fingerprint);
    expect(await groupRow(fingerprint)).toMatchObject({ exceptionType: 'TypeError', failureCount: 2 });
    expect(await backfillFingerprints(testDb.db)).toBe(0);
  });
});

describe('triage', () => {
  it('resolve, then a new failure with that fingerprint reopens the group', async () => {
    const fingerprint = await fingerprintOf(await fail('lookup', 'r1@example.com', 1));
    const resolved = await resolveGroup(testDb.db, ada, { fingerprint });
    expect(resolved.ok).toBe(true);
    const open = { state: 'open', assignee: 'anyone', userId: ada.id, now: new Date() } as const;
    expect(await listFailureGroups(testDb.db, { fingerprint, triage: open })).toHaveLength(0);
    expect(await listFailureGroups(testDb.db, { fingerprint, triage: { ...open, state: 'resolved' } })).toHaveLength(1);
    expect(groupStatus((await getFailureGroup(testDb.db, fingerprint))!, new Date())).toBe('resolved');

    await fail('lookup', 'later@example.com', 99);
    const row = await groupRow(fingerprint);
    expect(row.resolvedAt).toBeNull();
    expect(row.reopenedAt).toBeInstanceOf(Date);
    expect(groupStatus((await getFailureGroup(testDb.db, fingerprint))!, new Date())).toBe('reopened');
    expect(await listFailureGroups(testDb.db, { fingerprint, triage: open })).toHaveLength(1);
    // Resolving again clears "reopened"; unresolving by hand is its own action.
    await resolveGroup(testDb.db, ada, { fingerprint });
    expect((await groupRow(fingerprint)).reopenedAt).toBeNull();
    expect(await unresolveGroup(testDb.db, ada, { fingerprint })).toMatchObject({ ok: true });
    expect((await auditOf(fingerprint)).map((r) => r.action)).toEqual(['group-resolve', 'group-resolve', 'group-unresolve']); // the first test of the shared group
  });

  it('snoozes until a time', async () => {
    const fingerprint = await fingerprintOf(await fail('other'));
    const now = new Date();
    expect(await snoozeGroup(testDb.db, ada, { fingerprint, mode: 'time', hours: '1' }, now)).toMatchObject({ ok: true });
    const triage = (at: Date, state: 'open' | 'snoozed') => ({ fingerprint, triage: { state, assignee: 'anyone', userId: ada.id, now: at } as const });
    expect(await listFailureGroups(testDb.db, triage(now, 'open'))).toHaveLength(0);
    expect(await listFailureGroups(testDb.db, triage(now, 'snoozed'))).toHaveLength(1);
    const later = new Date(now.getTime() + 3_600_001);
    expect(await listFailureGroups(testDb.db, triage(later, 'open'))).toHaveLength(1);
    expect(await unsnoozeGroup(testDb.db, ada, { fingerprint })).toMatchObject({ ok: true });
    expect(await unsnoozeGroup(testDb.db, ada, { fingerprint })).toMatchObject({ ok: false, message: 'The group is not snoozed.' });
  });

  it('snoozes until N more failures', async () => {
    const fingerprint = await fingerprintOf(await fail('lookup', 'count@example.com', 5));
    const state = async () => groupStatus((await getFailureGroup(testDb.db, fingerprint))!, new Date());
    await snoozeGroup(testDb.db, ada, { fingerprint, mode: 'count', count: 2 });
    expect(await state()).toBe('snoozed');
    await fail('lookup', 'count2@example.com', 6);
    expect(await state()).toBe('snoozed');
    await fail('lookup', 'count3@example.com', 7);
    expect(await state()).toBe('open');
    expect(snoozeGroupSchema.safeParse({ fingerprint, mode: 'count', count: '0' }).success).toBe(false);
    // Digits only, as typed in the form: no hex, exponent, sign, fraction or blank.
    for (const count of ['0x10', '1e3', '-5', '1.5', ' ', 'Infinity', '1'.repeat(12)]) {
      const parsed = snoozeGroupSchema.safeParse({ fingerprint, mode: 'count', count });
      expect([count, parsed.success]).toEqual([count, false]);
      if (!parsed.success) expect(parsed.error.issues[0]?.message).toMatch(/whole number|at least 1|at most/);
    }
    expect(snoozeGroupSchema.parse({ fingerprint, mode: 'count', count: ' 16 ' })).toMatchObject({ count: 16 });
    expect(snoozeGroupSchema.safeParse({ fingerprint, mode: 'time', hours: '5' }).success).toBe(false);
  });

  it('assigns to a user; "mine or nobody" hides groups assigned to someone else', async () => {
    const fingerprint = await fingerprintOf(await fail('lookup', 'assign@example.com', 8));
    expect(await assignGroup(testDb.db, ada, { fingerprint, assignee: grace.id })).toMatchObject({ ok: true, message: 'Assigned to Grace Hopper.' });
    const filter = (userId: string, assignee: 'mine-or-nobody' | 'mine') => ({ fingerprint, triage: { state: 'all', assignee, userId, now: new Date() } as const });
    expect(await listFailureGroups(testDb.db, filter(ada.id, 'mine-or-nobody'))).toHaveLength(0);
    expect(await listFailureGroups(testDb.db, filter(grace.id, 'mine-or-nobody'))).toHaveLength(1);
    expect((await listFailureGroups(testDb.db, filter(grace.id, 'mine')))[0]?.assignee).toMatchObject({ id: grace.id, name: 'Grace Hopper' });
    expect(await assignGroup(testDb.db, ada, { fingerprint, assignee: ada.id })).toMatchObject({ ok: true, message: 'Assigned to you.' });
    expect(await assignGroup(testDb.db, ada, { fingerprint, assignee: 'nobody-has-this-id' })).toMatchObject({ ok: false });
    expect((await groupRow(fingerprint)).assigneeId).toBe(ada.id);
    const rows = await auditOf(fingerprint, 'group-assign');
    expect(rows.map((r) => [r.action, r.outcome, (r.input as { assignee?: string }).assignee])).toEqual([
      ['group-assign', 'ok', grace.email],
      ['group-assign', 'ok', ada.email],
      ['group-assign', 'error', null],
    ]);
    expect(triageFilterOf({}, ada.id, new Date())).toMatchObject({ state: 'open', assignee: 'mine-or-nobody' });
    expect(triageFilterOf({ state: 'all', assignee: 'anyone' }, ada.id, new Date())).toBeUndefined();
  });

  it('keeps a note thread; empty and oversized notes are refused', async () => {
    const fingerprint = await fingerprintOf(await fail('lookup', 'note@example.com', 9));
    expect(groupNoteSchema.safeParse({ fingerprint, body: '   ' }).success).toBe(false);
    expect(groupNoteSchema.safeParse({ fingerprint, body: 'x'.repeat(2001) }).success).toBe(false);
    await addGroupNote(testDb.db, ada, { fingerprint, body: 'Customer ticket #123' }, new Date('2026-01-01T10:00:00Z'));
    await addGroupNote(testDb.db, grace, { fingerprint, body: 'Fixed in the CRM.' }, new Date('2026-01-01T11:00:00Z'));
    const notes = await listGroupNotes(testDb.db, fingerprint);
    expect(notes.map((n) => [n.authorName, n.body])).toEqual([
      ['Ada Lovelace', 'Customer ticket #123'],
      ['Grace Hopper', 'Fixed in the CRM.'],
    ]);
    const [row] = await auditOf(fingerprint, 'group-note');
    expect(row).toMatchObject({ action: 'group-note', actorEmail: ada.email, outcome: 'ok', input: { note: 'Customer ticket #123', task: 't_work' } });
  });

  it('refuses an unknown group, records the refusal and changes nothing', async () => {
    const fingerprint = 'f'.repeat(32);
    expect(await resolveGroup(testDb.db, ada, { fingerprint })).toMatchObject({ ok: false, code: 'not-found' });
    expect(await auditOf(fingerprint)).toMatchObject([{ action: 'group-resolve', outcome: 'error' }]);
    expect(await testDb.db.select().from(failureGroups).where(and(eq(failureGroups.fingerprint, fingerprint), isNotNull(failureGroups.resolvedAt)))).toEqual([]);
  });

  it('a group’s bulk selection freezes its failed instances only', async () => {
    const uid = await fail('lookup', 'bulk@example.com', 10);
    const fingerprint = await fingerprintOf(uid);
    const total = (await getFailureGroup(testDb.db, fingerprint))!.count;
    const frozen = await freezeBulkSelection(engine, { scope: 'filter', task: undefined, type: undefined, session: undefined, q: undefined, fingerprint }, ada);
    expect(frozen).toMatchObject({ ok: true, data: { total } });
  });
});
