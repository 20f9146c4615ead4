import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { freezeBulkSelection, processBulkOperation, startBulk } from '@/lib/bulk';
import { auditEvents } from '@/lib/db/schema';
import { fireTrigger, markLogsResolved, replayInstance, skipInstance } from '@/lib/recovery';
import { createEngineRuntime, type EngineRuntime } from '@/lib/runtime/engine';
import { failedGreeting, recoveryRegistry } from './support/recovery-fixture';
import { createTestDatabase, type TestDatabase } from './support/test-database';

let testDb: TestDatabase;
let engine: EngineRuntime;
const actor = { id: 'user-1', email: 'ada@support.example', name: 'Ada Lovelace', role: 'operator' } as const;

beforeAll(async () => {
  testDb = await createTestDatabase();
  engine = createEngineRuntime(testDb.db, 'inline', { registry: recoveryRegistry() });
});
afterAll(() => testDb?.close());

const failedSession = (uid: string) => failedGreeting(engine, uid);

const rowsOf = (uid: string) => testDb.db.select().from(auditEvents).where(eq(auditEvents.sessionUid, uid)).orderBy(asc(auditEvents.at));
const status = async (uid: string, name: string) => (await engine.managerFor(uid).store.instance(name)).status;

describe('audit trail', () => {
  it('a replay writes exactly one row: who, the replacement kwargs, the reason, and what changed', async () => {
    await failedSession('audit:replay');
    const result = await replayInstance(
      engine,
      { uid: 'audit:replay', instance: 't_greet#0', mode: 'replacement', reason: 'fixed the typo', replacementKwargs: { formReceived: { name: 'Ada' } } },
      actor,
    );
    expect(result.ok).toBe(true);
    await engine.inline.drain(); // the clone's own run must not add a row
    const rows = await rowsOf('audit:replay');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      actorId: 'user-1',
      actorEmail: actor.email,
      actorName: actor.name,
      action: 'replay',
      sessionUid: 'audit:replay',
      instanceName: 't_greet#0',
      input: { mode: 'replacement', replacementKwargs: { formReceived: { name: 'Ada' } }, reason: 'fixed the typo' },
      outcome: 'ok',
      error: null,
    });
    expect(rows[0]?.result).toEqual({
      changes: expect.arrayContaining([
        { name: 't_greet#0', task: 't_greet', from: 'failed', to: 'replayed' },
        { name: 't_greet#1', task: 't_greet', from: null, to: 'scheduled' },
      ]),
    });
    // The session journal names the same user for the replay, and the system for the clone's run.
    const events = await engine.managerFor('audit:replay').store.events();
    expect(events.find((e) => e.kind === 'instance-replayed')?.actor).toBe(actor.email);
    expect(events.filter((e) => e.instance === 't_greet#1').map((e) => e.actor)).toEqual(['system', 'system']);
  });

  it('a skip with a simulated result, a fire and a logs-resolved mark each write one row with their input', async () => {
    await failedSession('audit:skip');
    await skipInstance(engine, { uid: 'audit:skip', instance: 't_greet#0', reason: 'done by hand', cascade: true, simulatedResult: { greeting: 'hi' } }, actor);
    await fireTrigger(engine, { uid: 'audit:skip', trigger: 'formReceived', kwargs: { name: '<script>x</script>' }, reason: 'resend' }, actor);
    await failedSession('audit:logs');
    await markLogsResolved(engine, { uid: 'audit:logs', instance: 't_greet#0' }, actor);
    await engine.inline.drain();
    const skipRows = await rowsOf('audit:skip');
    expect(skipRows.map((r) => r.action)).toEqual(['skip', 'fire-trigger']);
    expect(skipRows[0]?.input).toEqual({ cascade: true, simulatedResult: { greeting: 'hi' }, reason: 'done by hand' });
    expect(skipRows[1]?.input).toEqual({ trigger: 'formReceived', kwargs: { name: '<script>x</script>' }, reason: 'resend' });
    const logRows = await rowsOf('audit:logs');
    expect(logRows).toHaveLength(1);
    expect(logRows[0]).toMatchObject({ action: 'mark-logs-resolved', instanceName: 't_greet#0', outcome: 'ok' });
  });

  it('a refused action records its error and changes nothing else', async () => {
    await failedSession('audit:refused');
    await skipInstance(engine, { uid: 'audit:refused', instance: 't_greet#0', reason: 'first', cascade: false, simulatedResult: {} }, actor);
    const again = await replayInstance(engine, { uid: 'audit:refused', instance: 't_greet#0', mode: 'original', reason: 'second' }, actor);
    expect(again).toMatchObject({ ok: false, code: 'already-handled' });
    const missing = await replayInstance(engine, { uid: 'audit:refused', instance: 't_greet#9', mode: 'original', reason: 'third' }, actor);
    expect(missing).toMatchObject({ ok: false, code: 'not-found' });
    const rows = await rowsOf('audit:refused');
    expect(rows.map((r) => [r.action, r.outcome])).toEqual([
      ['skip', 'ok'],
      ['replay', 'error'],
      ['replay', 'error'],
    ]);
    expect(rows[1]?.error).toMatch(/InvalidStatusError: Cannot replay instance 't_greet#0'/);
    expect(rows[1]?.result).toEqual({});
    expect(rows[2]?.error).toMatch(/InstanceNotFoundError/);
    expect(await status('audit:refused', 't_greet#0')).toBe('skipped');
    expect((await engine.managerFor('audit:refused').store.instancesOfTask('t_greet')).length).toBe(1);
  });

  it('the change and its row commit together: when the row cannot be written, the change is rolled back', async () => {
    await failedSession('audit:atomic');
    // An actor without an email violates audit_events.actor_email NOT NULL inside the transaction.
    const broken = { ...actor, email: null as unknown as string };
    await expect(
      replayInstance(engine, { uid: 'audit:atomic', instance: 't_greet#0', mode: 'original', reason: 'retry' }, broken),
    ).rejects.toThrow();
    expect(await status('audit:atomic', 't_greet#0')).toBe('failed');
    expect((await engine.managerFor('audit:atomic').store.instancesOfTask('t_greet')).length).toBe(1);
  });

  it('a bulk action records its start and one row per item, each linked to the operation', async () => {
    await failedSession('audit:bulk-a');
    await failedSession('audit:bulk-b');
    const frozen = await freezeBulkSelection(
      engine,
      { scope: 'instances', instances: [{ uid: 'audit:bulk-a', name: 't_greet#0' }, { uid: 'audit:bulk-b', name: 't_greet#0' }] },
      actor,
    );
    if (!frozen.ok) throw new Error(frozen.message);
    await startBulk(engine, { id: frozen.data.id, action: 'skip', reason: 'bad batch' }, actor);
    await processBulkOperation(engine, frozen.data.id);
    const rows = await testDb.db.select().from(auditEvents).where(eq(auditEvents.bulkOperationId, frozen.data.id));
    expect(rows.map((r) => [r.action, r.sessionUid ?? '', r.outcome]).sort()).toEqual([
      ['bulk-start', '', 'ok'],
      ['skip', 'audit:bulk-a', 'ok'],
      ['skip', 'audit:bulk-b', 'ok'],
    ]);
    expect(rows.find((r) => r.action === 'bulk-start')?.input).toEqual({ action: 'skip', reason: 'bad batch', instances: 2 });
  });
});
