/**
 * What the dashboard's loaders give a viewer under HIDE_PAYLOADS_FROM_VIEWERS (the privacy the
 * edge passes them), on a hand-made failure whose exception message quotes customer data: the
 * instance page, the session's snapshot, the failed inbox, the timeline and the journal's
 * snapshots all redact it; operators and admins see it whole.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { privacyFor, SHOW_EVERYTHING } from '@/lib/auth/payloads';
import { findNextFailure, getFailedInbox } from '@/lib/failed';
import { search } from '@/lib/search';
import { getSessionSnapshotAt, getSessionTimeline } from '@/lib/journal';
import { createEngineRuntime } from '@/lib/runtime/engine';
import { getDebugSnapshot, getInstancePage, getSessionPage } from '@/lib/sessions';
import { TaskRegistry } from '@/lib/triggers';
import { createTestDatabase, type TestDatabase } from './support/test-database';

const UID = 'privacy-1';
const EMAIL = 'ada.lovelace@example.com';
const ACCOUNT = '0041791234567';
const PARAMS_UID = 'privacy-params';

let testDb: TestDatabase;
const viewer = privacyFor({ role: 'viewer' }, true);

beforeAll(async () => {
  testDb = await createTestDatabase();
  // The loaders read the app's database: this test's one.
  (globalThis as { __triggerboardDatabase?: Promise<unknown> }).__triggerboardDatabase = Promise.resolve(testDb.db);
  const registry = new TaskRegistry()
    .register('lookUpSubject', (ctx) => {
      const { email, account } = ctx.triggerKwargs.formReceived ?? {};
      throw new Error(`no subject "${String(email)}" with account ${String(account)} (asked by 't_lookUp#0')`);
    })
    .register('quiet', () => ({}));
  const engine = createEngineRuntime(testDb.db, 'inline', { registry });
  const manager = engine.managerFor(UID);
  await manager.updateConfiguration({ t_lookUp: { after: ['formReceived'], run: 'lookUpSubject' } });
  await manager.fire('formReceived', { email: EMAIL, account: ACCOUNT });
  // Customer data in a task's static kwargs and in a custom directive.
  await engine.managerFor(PARAMS_UID).updateConfiguration({
    t_lookUp: { after: ['formReceived'], run: 'quiet', withParams: { crm: { email: EMAIL } }, note: `account ${ACCOUNT}` },
  });
  await engine.managerFor(PARAMS_UID).fire('formReceived', {});
  await engine.inline.drain();
});

afterAll(async () => {
  delete (globalThis as { __triggerboardDatabase?: unknown }).__triggerboardDatabase;
  await testDb?.close();
});

const leaks = (value: unknown) => {
  const text = JSON.stringify(value);
  return text.includes(EMAIL) || text.includes(ACCOUNT);
};

describe('exception messages for viewers (HIDE_PAYLOADS_FROM_VIEWERS)', () => {
  it('the instance page shows the message and stack redacted to a viewer, whole to an operator', async () => {
    const page = await getInstancePage(UID, 't_lookUp#0', viewer);
    if (!page.found) throw new Error('expected the instance');
    const { metadata } = page.detail.instance;
    expect(metadata.exceptionMessage).toBe(`no subject "[value]" with account [number] (asked by 't_lookUp#0')`);
    expect(metadata.exceptionInfo).toContain(`Error: no subject "[value]" with account [number]`);
    // Frames name files inside the app, not the server's folders.
    expect(metadata.exceptionInfo).toMatch(/\n\s+at .*\(tests\/viewer-privacy\.test\.ts:\d+:\d+\)/);
    expect(metadata.exceptionInfo).not.toContain(process.cwd());
    expect(leaks(page)).toBe(false);

    const operator = await getInstancePage(UID, 't_lookUp#0', privacyFor({ role: 'operator' }, true));
    if (!operator.found) throw new Error('expected the instance');
    expect(operator.detail.instance.metadata.exceptionMessage).toContain(EMAIL);
    expect(operator.detail.instance.metadata.exceptionInfo).toContain(EMAIL);
    // Stacks are recorded project-relative (lib/stack), for everyone: no server folder to hide.
    expect(operator.detail.instance.metadata.exceptionInfo).toMatch(/\n\s+at .*\(tests\/viewer-privacy\.test\.ts:\d+:\d+\)/);
    expect(operator.detail.instance.metadata.exceptionInfo).not.toContain(process.cwd());
  });

  it('the failed inbox redacts the message of each row', async () => {
    const inbox = await getFailedInbox({}, viewer);
    expect(inbox.rows.map((row) => row.exceptionMessage)).toEqual([`no subject "[value]" with account [number] (asked by 't_lookUp#0')`]);
    expect(leaks(inbox)).toBe(false);
    expect((await getFailedInbox({}, SHOW_EVERYTHING)).rows[0]?.exceptionMessage).toContain(ACCOUNT);
  });

  it('no text filter finds a failure by what redaction hides, not even a piece of it: inbox, group page, next failure, search', async () => {
    const everyone = { state: 'all', assignee: 'anyone' } as const;
    for (const q of ['lovelace', 'ada.lovelace@example', '0041791', '12345', EMAIL]) {
      const inbox = await getFailedInbox({ ...everyone, q }, viewer);
      expect([q, inbox.total, inbox.rows.length, inbox.groups.length]).toEqual([q, 0, 0, 0]);
      const fingerprint = (await getFailedInbox(everyone, SHOW_EVERYTHING)).groups[0]!.fingerprint;
      expect((await getFailedInbox({ ...everyone, q }, viewer, new Date(), { userId: '', fingerprint })).total).toBe(0);
      expect(await findNextFailure({ ...everyone, q }, { sessionUid: 'none', name: 'none' }, viewer, { userId: '' })).toBeNull();
      const found = await search({ q }, viewer);
      expect(found.ok && found.results).toEqual([]);
      expect(JSON.stringify(found)).not.toMatch(/left out|hidden/i);
      // Operators read the message whole: the same text finds it.
      expect((await getFailedInbox({ ...everyone, q }, SHOW_EVERYTHING)).total).toBe(1);
    }
    // Words the viewer reads still find it, with counts that agree.
    const readable = await getFailedInbox({ ...everyone, q: 'NO SUBJECT' }, viewer);
    expect([readable.total, readable.rows.length]).toEqual([1, 1]);
    expect((await findNextFailure({ ...everyone, q: 'no subject' }, { sessionUid: 'none', name: 'none' }, viewer, { userId: '' }))?.name).toBe('t_lookUp#0');
  });

  it("the session's snapshot, timeline and journal snapshots carry no customer data", async () => {
    expect(leaks(await getDebugSnapshot(UID, viewer))).toBe(false);
    const timeline = await getSessionTimeline(UID, viewer, {}, { limit: 50 });
    expect(timeline?.events.length).toBeGreaterThan(2);
    expect(leaks(timeline)).toBe(false);
    const failedEvent = timeline?.events.find((event) => event.data.to === 'failed');
    expect(JSON.stringify(failedEvent?.data)).toContain('no subject \\"[value]\\" with account [number]');
    expect(leaks(await getSessionSnapshotAt(UID, timeline!.lastSeq, viewer))).toBe(false);

    expect(leaks(await getSessionTimeline(UID, SHOW_EVERYTHING, {}, { limit: 50 }))).toBe(true);
  });

  it("a task's withParams and custom directives are hidden on the session page, the instance page and the snapshots", async () => {
    const page = await getSessionPage(PARAMS_UID, viewer);
    expect(page?.tasks[0]).toMatchObject({ name: 't_lookUp', run: 'quiet', withParams: { crm: { hidden: expect.any(String) } }, extra: { note: { hidden: expect.any(String) } } });
    expect(leaks(page)).toBe(false);
    const instance = await getInstancePage(PARAMS_UID, 't_lookUp#0', viewer);
    expect(instance.found && instance.detail.task?.withParams).toEqual({ crm: { hidden: expect.any(String) } });
    expect(leaks(instance)).toBe(false);
    expect(leaks(await getDebugSnapshot(PARAMS_UID, viewer))).toBe(false);
    const timeline = await getSessionTimeline(PARAMS_UID, viewer, {}, { limit: 50 });
    expect(leaks(await getSessionSnapshotAt(PARAMS_UID, timeline!.lastSeq, viewer))).toBe(false);

    expect(leaks(await getSessionPage(PARAMS_UID, SHOW_EVERYTHING))).toBe(true);
    expect(leaks(await getInstancePage(PARAMS_UID, 't_lookUp#0', SHOW_EVERYTHING))).toBe(true);
    expect(leaks(await getDebugSnapshot(PARAMS_UID, SHOW_EVERYTHING))).toBe(true);
  });

  it("the timeline's configuration events hide withParams and custom directives", async () => {
    expect(leaks(await getSessionTimeline(PARAMS_UID, viewer, {}, { limit: 50 }))).toBe(false);
  });
});
