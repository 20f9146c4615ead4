import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { freezeBulkSelection, getBulkOperationPage, processBulkOperation, resumeBulkOperations, startBulk } from '@/lib/bulk';
import { queryRows } from '@/lib/db';
import { replayInstance } from '@/lib/recovery';
import { createEngineRuntime, type EngineRuntime } from '@/lib/runtime/engine';
import { BULK_START_INVALID, MAX_BULK_ITEMS, bulkSelectionSchema, bulkStartSchema, selectionProblem } from '@/lib/validations/bulk';
import { failedGreeting, form, recoveryRegistry } from './support/recovery-fixture';
import { createTestDatabase, type TestDatabase } from './support/test-database';
import { viaForm } from './support/via-form';

let testDb: TestDatabase;
let engine: EngineRuntime;
const actor = { id: null, email: 'ada@support.example', name: 'Ada Lovelace', role: 'operator' } as const;

beforeAll(async () => {
  testDb = await createTestDatabase();
  engine = createEngineRuntime(testDb.db, 'inline', { registry: recoveryRegistry() });
});
afterAll(() => testDb?.close());

/** Sessions `${prefix}:0..n-1`, each with t_greet#0 failed and t_after waiting on it. */
async function failedSessions(prefix: string, n: number): Promise<string[]> {
  const uids = Array.from({ length: n }, (_, i) => `${prefix}:${i}`);
  for (const uid of uids) await failedGreeting(engine, uid);
  return uids;
}

const status = async (uid: string, name: string) => (await engine.managerFor(uid).store.instance(name)).status;
const row = (uid: string) => JSON.stringify([uid, 't_greet#0']);

// The typed services, behind the parsing their server actions do (runAction).
const freeze = viaForm(bulkSelectionSchema, (input) => freezeBulkSelection(engine, input, actor), selectionProblem);
const start = viaForm(bulkStartSchema, (input) => startBulk(engine, input, actor), BULK_START_INVALID);

describe('bulk actions from the failed inbox', () => {
  it('freezes the ticked rows, replays each once with its original kwargs, and records the outcomes', async () => {
    const uids = await failedSessions('bulk-replay', 3);
    const frozen = await freeze(form({ scope: 'instances', instance: uids.map(row) }));
    expect(frozen).toMatchObject({ ok: true, data: { total: 3, leftOut: 0 } });
    if (!frozen.ok) return;
    const id = frozen.data.id;

    // A draft acts on nothing.
    for (const uid of uids) expect(await status(uid, 't_greet#0')).toBe('failed');
    const draft = await getBulkOperationPage(engine, id);
    expect(draft?.operation.state).toBe('draft');
    expect(draft?.items.map((i) => i.sessionUid).sort()).toEqual([...uids].sort());

    const started = await start(form({ id, action: 'replay', reason: 'CRM back up' }));
    expect(started).toMatchObject({ ok: true, data: { id, started: true } });
    const done = await processBulkOperation(engine, id);
    expect(done?.operation.state).toBe('finished');
    expect(done?.counts).toEqual({ total: 3, pending: 0, done: 3, alreadyHandled: 0, error: 0 });

    await engine.inline.drain();
    const page = await getBulkOperationPage(engine, id);
    for (const item of page?.items ?? []) {
      expect(item.outcome).toBe('done');
      expect(item.resultInstance).toBe('t_greet#1');
      expect(await status(item.sessionUid, 't_greet#0')).toBe('replayed');
      const clone = await engine.managerFor(item.sessionUid).store.instance('t_greet#1');
      expect(clone.metadata.replay).toMatchObject({ by: actor.email, reason: 'CRM back up', bulkOperation: id, replacementKwargs: false });
    }
  });

  it('a double submit starts the operation once, and no instance is acted on twice', async () => {
    const uids = await failedSessions('bulk-double', 4);
    const frozen = await freeze(form({ scope: 'instances', instance: uids.map(row) }));
    if (!frozen.ok) throw new Error(frozen.message);
    const id = frozen.data.id;
    const submit = () => start(form({ id, action: 'skip', reason: 'customer withdrew' }));
    const results = await Promise.all([submit(), submit()]);
    expect(results.filter((r) => r.ok && r.data.started)).toHaveLength(1);
    expect(results.find((r) => r.ok && !r.data.started)?.message).toMatch(/already started by ada@support\.example at .*not started twice/);

    // Two processes working the same operation at once: each item is processed exactly once.
    await Promise.all([processBulkOperation(engine, id), processBulkOperation(engine, id)]);
    const page = await getBulkOperationPage(engine, id);
    expect(page?.counts).toMatchObject({ pending: 0, done: 4, alreadyHandled: 0, error: 0 });
    for (const uid of uids) {
      expect(await status(uid, 't_greet#0')).toBe('skipped');
      expect((await engine.managerFor(uid).store.instancesOfTask('t_greet')).length).toBe(1);
      // Skip without cascade: the dependent task does not run.
      expect(await engine.managerFor(uid).store.instancesOfTask('t_after')).toEqual([]);
    }
  });

  it('an instance handled between freezing and processing is reported "already handled", not acted on again', async () => {
    const uids = await failedSessions('bulk-race', 2);
    const frozen = await freeze(form({ scope: 'instances', instance: uids.map(row) }));
    if (!frozen.ok) throw new Error(frozen.message);
    await engine.managerFor(uids[0]!).skipFailedInstance('t_greet#0');
    await start({ id: frozen.data.id, action: 'replay', reason: 'retry all' });
    await processBulkOperation(engine, frozen.data.id);
    const page = await getBulkOperationPage(engine, frozen.data.id);
    const byUid = Object.fromEntries(page!.items.map((i) => [i.sessionUid, i]));
    expect(byUid[uids[0]!]).toMatchObject({ outcome: 'already-handled', message: expect.stringMatching(/already skipped/) });
    expect(byUid[uids[1]!]).toMatchObject({ outcome: 'done', resultInstance: 't_greet#1' });
    expect(page?.counts).toMatchObject({ done: 1, alreadyHandled: 1, error: 0 });
    expect(await status(uids[0]!, 't_greet#0')).toBe('skipped');
  });

  it('a filter is frozen into an explicit list: instances that fail later are not swept in', async () => {
    const early = await failedSessions('bulk-filter', 2);
    const frozen = await freeze(form({ scope: 'filter', session: 'bulk-filter:', task: 't_greet', type: 'Error', age: '' }));
    expect(frozen).toMatchObject({ ok: true, data: { total: 2 } });
    if (!frozen.ok) return;
    // Another instance fails after the selection was frozen.
    const manager = engine.managerFor('bulk-filter:late');
    await manager.updateConfiguration({ t_greet: { after: ['formReceived'], run: 'needsName' } });
    await manager.fire('formReceived', {});
    await engine.inline.drain();

    await start({ id: frozen.data.id, action: 'skip', reason: 'bad batch' });
    await processBulkOperation(engine, frozen.data.id);
    const page = await getBulkOperationPage(engine, frozen.data.id);
    expect(page?.items.map((i) => i.sessionUid).sort()).toEqual([...early].sort());
    expect(page?.filter).toMatchObject({ session: 'bulk-filter:', task: 't_greet', type: 'Error' });
    expect(await status('bulk-filter:late', 't_greet#0')).toBe('failed');
  });

  it('bad input changes nothing: no rows, malformed rows, too many rows, unknown operation, missing reason', async () => {
    const uids = await failedSessions('bulk-bad', 1);
    expect(await freeze(form({ scope: 'instances' }))).toMatchObject({
      ok: false,
      message: 'Tick at least one failed instance first.',
    });
    expect(await freeze(form({ scope: 'instances', instance: 'not json' }))).toMatchObject({
      ok: false,
      message: 'A selected row is not a [session uid, instance] pair.',
    });
    const tooMany = Array.from({ length: MAX_BULK_ITEMS + 1 }, (_, i) => JSON.stringify([`x${i}`, 't#0']));
    expect(await freeze(form({ scope: 'instances', instance: tooMany }))).toMatchObject({ ok: false });
    expect(await freeze(form({ scope: 'instances', instance: row('bulk-bad:missing') }))).toMatchObject({
      ok: false,
      code: 'already-handled',
    });

    const frozen = await freeze(form({ scope: 'instances', instance: uids.map(row) }));
    if (!frozen.ok) throw new Error(frozen.message);
    expect(await start({ id: frozen.data.id, action: 'replay', reason: '' })).toMatchObject({
      ok: false,
      fieldErrors: { reason: [expect.stringMatching(/at least 3 characters/)] },
    });
    expect(await start({ id: frozen.data.id, action: 'delete', reason: 'because' })).toMatchObject({
      ok: false,
      fieldErrors: { action: ['Choose Replay or Skip.'] },
    });
    expect(await start({ id: '00000000-0000-4000-8000-000000000000', action: 'skip', reason: 'because' })).toMatchObject({
      ok: false,
      code: 'not-found',
    });
    expect((await getBulkOperationPage(engine, frozen.data.id))?.operation.state).toBe('draft');
    expect(await status(uids[0]!, 't_greet#0')).toBe('failed');
  });
});

describe('bulk actions after a crash', () => {
  /** A started operation on `n` fresh failed instances. */
  async function startedBulk(prefix: string, n: number, action: 'replay' | 'skip' = 'replay'): Promise<{ id: string; uids: string[] }> {
    const uids = await failedSessions(prefix, n);
    const frozen = await freeze(form({ scope: 'instances', instance: uids.map(row) }));
    if (!frozen.ok) throw new Error(frozen.message);
    await start({ id: frozen.data.id, action, reason: 'after the outage' });
    return { id: frozen.data.id, uids };
  }
  const claim = (id: string, position: number, owner: string) =>
    testDb.db.execute(sql`update bulk_operation_items set claimed_at = now(), claimed_by = ${owner} where operation_id = ${id} and position = ${position}`);
  const journalEvents = async (uid: string, kind: string) =>
    (await queryRows<{ n: number }>(testDb.db, sql`select count(*)::int as n from session_events where session_uid = ${uid} and kind = ${kind}`))[0]?.n;

  it('the item a dead process had claimed (fresh claim, no live lease) is taken over: the operation finishes', async () => {
    const { id, uids } = await startedBulk('bulk-dead-claim', 3);
    // The process that claimed position 1 died a moment ago: its claim is fresh, but no live
    // process of that id exists (an embedded server holds no lease: it is the only process).
    await claim(id, 1, 'gone-host:4242:deadbeef');
    expect(await resumeBulkOperations(engine)).toContain(id);
    const page = await getBulkOperationPage(engine, id);
    expect(page?.operation.state).toBe('finished');
    expect(page?.counts).toMatchObject({ pending: 0, done: 3, alreadyHandled: 0, error: 0 });
    for (const uid of uids) {
      expect(await status(uid, 't_greet#0')).toBe('replayed');
      expect(await journalEvents(uid, 'instance-replayed')).toBe(1);
    }
  });

  it('a live process’s fresh claim is left alone until its lease goes silent', async () => {
    const { id, uids } = await startedBulk('bulk-live-claim', 2, 'skip');
    await testDb.db.execute(sql`insert into workers (id, kind, hostname, pid, concurrency) values ('other-web:7:alive', 'web', 'other-web', 7, 1)`);
    await claim(id, 0, 'other-web:7:alive');
    await resumeBulkOperations(engine);
    let page = await getBulkOperationPage(engine, id);
    expect(page?.operation.state).toBe('running');
    expect(page?.counts).toMatchObject({ pending: 1, done: 1 });
    const held = page?.items.find((i) => i.position === 0);
    expect(await status(held!.sessionUid, 't_greet#0')).toBe('failed');

    // That process stops answering: its claim is taken over.
    await testDb.db.execute(sql`update workers set heartbeat_at = now() - interval '5 minutes' where id = 'other-web:7:alive'`);
    await resumeBulkOperations(engine);
    page = await getBulkOperationPage(engine, id);
    expect(page?.operation.state).toBe('finished');
    expect(page?.counts).toMatchObject({ pending: 0, done: 2 });
    for (const uid of uids) expect(await status(uid, 't_greet#0')).toBe('skipped');
  });

  it('an item’s outcome commits with its replay: a crash at that point leaves neither, and the resume reports it done, not "already handled"', async () => {
    const { id, uids } = await startedBulk('bulk-atomic', 2);
    // Fault injection: the process "dies" at the moment the item's outcome is written.
    await testDb.db.execute(sql.raw(`
      create function bulk_outcome_crash() returns trigger language plpgsql as $$
      begin raise exception 'simulated crash while recording the outcome'; end $$`));
    await testDb.db.execute(sql.raw(`
      create trigger bulk_outcome_crash before update of outcome on bulk_operation_items
        for each row when (new.outcome is not null and new.operation_id = '${id}') execute function bulk_outcome_crash()`));
    try {
      const crash = await processBulkOperation(engine, id).then(() => null, (error: unknown) => error as Error);
      expect(String(crash?.cause ?? crash)).toMatch(/simulated crash/);
    } finally {
      await testDb.db.execute(sql.raw('drop trigger bulk_outcome_crash on bulk_operation_items'));
      await testDb.db.execute(sql.raw('drop function bulk_outcome_crash()'));
    }
    let page = await getBulkOperationPage(engine, id);
    const first = page!.items.find((i) => i.position === 0)!;
    // Neither the replay nor its outcome: the instance is still failed, with no clone.
    expect(first.outcome).toBeNull();
    expect(await status(first.sessionUid, 't_greet#0')).toBe('failed');
    expect(await engine.managerFor(first.sessionUid).store.instancesOfTask('t_greet')).toHaveLength(1);

    // The next start: the dead process's claim is taken over and every item is done once.
    await claim(id, 0, 'crashed-host:1:dead');
    await resumeBulkOperations(engine);
    page = await getBulkOperationPage(engine, id);
    expect(page?.counts).toMatchObject({ pending: 0, done: 2, alreadyHandled: 0, error: 0 });
    for (const uid of uids) {
      expect(await status(uid, 't_greet#0')).toBe('replayed');
      expect(await journalEvents(uid, 'instance-replayed')).toBe(1);
    }
  });

  it('an instance this operation replayed whose outcome was never written (older versions) is reported done, with its clone', async () => {
    const { id, uids } = await startedBulk('bulk-legacy', 1);
    // What a crash between the replay and a separate outcome write left behind.
    await replayInstance(engine, { uid: uids[0]!, instance: 't_greet#0', mode: 'original', reason: 'after the outage' }, actor, { bulkOperation: id });
    await claim(id, 0, 'old-version:1:dead');
    await resumeBulkOperations(engine);
    const page = await getBulkOperationPage(engine, id);
    expect(page?.items[0]).toMatchObject({ outcome: 'done', resultInstance: 't_greet#1' });
    expect(await journalEvents(uids[0]!, 'instance-replayed')).toBe(1);
  });
});
