import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listFailedInstances } from '@/lib/db/queries/failed';
import { auditEvents, sessionEvents, sessions } from '@/lib/db/schema';
import { fireTrigger, markLogsResolved, previewSkipCascade, replayInstance, skipInstance } from '@/lib/recovery';
import { createEngineRuntime, type EngineRuntime } from '@/lib/runtime/engine';
import { fireTriggerSchema, markLogsResolvedSchema, replaySchema, skipSchema } from '@/lib/validations/recovery';
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

const failedSession = (uid: string) => failedGreeting(engine, uid);

// The typed services, behind the parsing their server actions do (runAction).
const replay = viaForm(replaySchema, (input) => replayInstance(engine, input, actor));
const skip = viaForm(skipSchema, (input) => skipInstance(engine, input, actor));
const fire = viaForm(fireTriggerSchema, (input) => fireTrigger(engine, input, actor));
const markLogs = viaForm(markLogsResolvedSchema, (input) => markLogsResolved(engine, input, actor));

const status = async (uid: string, name: string) => (await engine.managerFor(uid).store.instance(name)).status;

describe('recovery actions (FormData in, typed result out, rows checked)', () => {
  it('replay with corrected kwargs: the clone finishes and cascades; the reason and actor are kept', async () => {
    await failedSession('actions:replay');
    const result = await replay(form({ uid: 'actions:replay', instance: 't_greet#0', mode: 'replacement', reason: 'fixed the typo', replacementKwargs: '{"formReceived": {"name": "Ada"}}' }));
    expect(result).toMatchObject({ ok: true, message: 'Replaying t_greet#0 as t_greet#1.' });
    await engine.inline.drain();
    const clone = await engine.managerFor('actions:replay').store.instance('t_greet#1');
    expect(clone.status).toBe('finished');
    expect(clone.metadata.replay).toMatchObject({ by: actor.email, reason: 'fixed the typo', replacementKwargs: true });
    expect(await status('actions:replay', 't_after#0')).toBe('finished');
  });

  it('a double submit acts once; the second says who replayed it and as what', async () => {
    await failedSession('actions:double');
    const submit = () =>
      replay(form({ uid: 'actions:double', instance: 't_greet#0', mode: 'original', reason: 'retry please' }));
    const [first, second] = await Promise.all([submit(), submit()]);
    const results = [first, second];
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const refused = results.find((r) => !r.ok);
    expect(refused?.message).toBe(`t_greet#0 was already replayed by ${actor.email} as t_greet#1 at ${
      ((await engine.managerFor('actions:double').store.instance('t_greet#1')).metadata.replay as { at: string }).at
    }: nothing was changed.`);
    await engine.inline.drain();
    expect((await engine.managerFor('actions:double').store.instancesOfTask('t_greet')).map((i) => i.name)).toEqual(['t_greet#0', 't_greet#1']);
  });

  it.each([
    ['invalid JSON, with its position', '{"formReceived": {"name": }}', /not valid JSON at line 1, column 27: value expected/],
    ['not an object', '[1, 2]', /must be a JSON object/],
    ['a trigger mapped to a non-object', '{"formReceived": "Ada"}', /"formReceived" is string/],
    ['an oversize payload', JSON.stringify({ formReceived: { blob: 'x'.repeat(1_000_001) } }), /too large: 1.00 MB is larger than 1 MB/],
    ['a number JSON cannot keep', '{"formReceived": {"amount": 1e400}}', /^replacementKwargs\.formReceived\.amount: 1e400 is too large to keep exactly/],
    ['an integer beyond 2^53', '{"formReceived": {"id": 9007199254740993}}', /^replacementKwargs\.formReceived\.id: 9007199254740993 is too large to keep exactly/],
    ['-0', '{"formReceived": {"n": -0}}', /^replacementKwargs\.formReceived\.n: -0 cannot be kept/],
    ['100,000 levels of nesting', `{"formReceived": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`, /nests deeper than 100 levels/],
  ])('replacement kwargs with %s: a clear field error, nothing changed', async (_label, replacementKwargs, message) => {
    const uid = `actions:bad:${_label}`;
    await failedSession(uid);
    const before = await engine.managerFor(uid).store.debugRepr();
    const result = await replay(form({ uid, instance: 't_greet#0', mode: 'replacement', reason: 'try', replacementKwargs }));
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.fieldErrors?.replacementKwargs?.[0]).toMatch(message);
    expect(await engine.managerFor(uid).store.debugRepr()).toEqual(before);
  });

  it('a missing reason, an unknown instance and a task name are refused with clear messages', async () => {
    await failedSession('actions:refused');
    const noReason = await replay(form({ uid: 'actions:refused', instance: 't_greet#0', mode: 'original', reason: ' ' }));
    expect(noReason).toMatchObject({ ok: false, fieldErrors: { reason: [expect.stringContaining('why')] } });
    const unknown = await replay(form({ uid: 'actions:refused', instance: 't_nope#0', mode: 'original', reason: 'try' }));
    expect(unknown).toMatchObject({ ok: false, message: expect.stringContaining("No task instance named 't_nope#0'") });
    const taskName = await skip(form({ uid: 'actions:refused', instance: 't_greet', reason: 'try' }));
    expect(taskName).toMatchObject({ ok: false, message: expect.stringContaining("'t_greet' is a task name") });
    expect(await status('actions:refused', 't_greet#0')).toBe('failed');
  });

  it('skip without cascade leaves dependents waiting; with cascade the simulated result releases them', async () => {
    await failedSession('actions:skip');
    const preview = await previewSkipCascade(engine, { uid: 'actions:skip', instance: 't_greet#0', simulatedResult: { greeting: 'simulated' } });
    expect(preview).toMatchObject({ ok: true, data: { tasks: ['t_after'], created: ['t_after#0'], ready: ['t_after#0'] } });
    // Each waiting task's kwargs-to-be, for operators; none for viewers who see no payloads.
    expect(preview).toMatchObject({ data: { receives: { 't_after#0': { t_greet: { greeting: 'simulated' } } } } });
    const hidden = await previewSkipCascade(engine, { uid: 'actions:skip', instance: 't_greet#0', simulatedResult: { greeting: 'simulated' } }, { hidePayloads: true });
    expect(hidden).toMatchObject({ ok: true, data: { ready: ['t_after#0'], receives: {} } });
    const unknown = await previewSkipCascade(engine, { uid: 'actions:skip', instance: 't_greet#9', simulatedResult: {} });
    expect(unknown).toMatchObject({ ok: false, code: 'not-found', message: expect.stringContaining('t_greet#9') });
    const plain = await skip(form({ uid: 'actions:skip', instance: 't_greet#0', reason: 'customer withdrew' }));
    expect(plain).toMatchObject({ ok: true, message: 'Skipped t_greet#0. Tasks waiting on t_greet will not run.' });
    expect(await engine.managerFor('actions:skip').store.instancesOfTask('t_after')).toEqual([]);
    const again = await skip(form({ uid: 'actions:skip', instance: 't_greet#0', reason: 'again' }));
    expect(again).toMatchObject({ ok: false, message: expect.stringMatching(/already skipped by ada@support.example at /) });

    await failedSession('actions:skip-cascade');
    const cascaded = await skip(form({ uid: 'actions:skip-cascade', instance: 't_greet#0', reason: 'greet by hand', cascade: 'on', simulatedResult: '{"greeting": "hi"}' }));
    expect(cascaded.ok).toBe(true);
    await engine.inline.drain();
    const after = await engine.managerFor('actions:skip-cascade').store.instance('t_after#0');
    expect(after.metadata.result).toEqual({ got: { t_greet: { greeting: 'hi' } } });
    const skipped = await engine.managerFor('actions:skip-cascade').store.instance('t_greet#0');
    expect(skipped.metadata).toMatchObject({ cascade: true, skippedResult: { greeting: 'hi' }, skip: { by: actor.email, reason: 'greet by hand' } });
  });

  it('a simulated result that is not an object is refused and nothing is skipped', async () => {
    await failedSession('actions:skip-bad');
    const result = await skip(form({ uid: 'actions:skip-bad', instance: 't_greet#0', reason: 'x'.repeat(3), cascade: 'on', simulatedResult: '"hi"' }));
    expect(result).toMatchObject({ ok: false, fieldErrors: { simulatedResult: [expect.stringContaining('must be a JSON object')] } });
    expect(await status('actions:skip-bad', 't_greet#0')).toBe('failed');
  });

  it('fire trigger by hand, and mark logs resolved', async () => {
    await failedSession('actions:fire');
    const fired = await fire(form({ uid: 'actions:fire', trigger: 't_greet', kwargs: '{"greeting": "manual"}', reason: 'by hand' }));
    expect(fired).toMatchObject({ ok: true, data: { scheduled: ['t_after#0'] } });
    const badKwargs = await fire(form({ uid: 'actions:fire', trigger: 'x', kwargs: 'nope', reason: 'by hand' }));
    expect(badKwargs).toMatchObject({ ok: false, fieldErrors: { kwargs: [expect.stringContaining('not valid JSON')] } });
    const resolved = await markLogs(form({ uid: 'actions:fire', instance: 't_greet#0' }));
    expect(resolved.ok).toBe(true);
    const greet = await engine.managerFor('actions:fire').store.instance('t_greet#0');
    expect(greet.status).toBe('failed');
    expect(greet.metadata).toMatchObject({ logsResolved: true, logsResolvedBy: { by: actor.email } });
    // Marking them again, or an instance that logged nothing at error level, changes nothing.
    const events = async () => (await engine.managerFor('actions:fire').store.instance('t_greet#0')).metadata.timestamps?.lastModified;
    const before = await events();
    const again = await markLogs(form({ uid: 'actions:fire', instance: 't_greet#0' }));
    expect(again).toMatchObject({ ok: false, code: 'already-handled', message: expect.stringContaining('need no resolving') });
    const quiet = await markLogs(form({ uid: 'actions:fire', instance: 't_after#0' }));
    expect(quiet).toMatchObject({ ok: false, code: 'already-handled' });
    expect(await events()).toBe(before);
  });

  it('firing at an unknown session uid is refused: no session, no journal, only a refused audit row', async () => {
    // Uids only: runs of earlier tests may still be finishing in the background and change counters.
    const sessionUids = () => testDb.db.select({ uid: sessions.uid }).from(sessions).orderBy(asc(sessions.uid));
    const sessionsBefore = await sessionUids();
    const result = await fire(form({ uid: 'actions:no-such-session', trigger: 't_greet', kwargs: '{}', reason: 'by hand' }));
    expect(result).toEqual({
      ok: false,
      code: 'not-found',
      message: 'No session named actions:no-such-session: nothing was fired. Sessions are created by the application (or the API).',
    });
    expect(await sessionUids()).toEqual(sessionsBefore);
    expect(await testDb.db.select().from(sessionEvents).where(eq(sessionEvents.sessionUid, 'actions:no-such-session'))).toEqual([]);
    const audit = await testDb.db.select().from(auditEvents).where(eq(auditEvents.sessionUid, 'actions:no-such-session'));
    expect(audit).toMatchObject([{ action: 'fire-trigger', outcome: 'error', error: expect.stringContaining('No session named actions:no-such-session') }]);
  });

  it('the failed inbox orders by failure time: marking logs resolved later does not move an instance', async () => {
    await failedSession('actions:inbox-order');
    const failedAt = (await engine.managerFor('actions:inbox-order').store.instance('t_greet#0')).metadata.timestamps?.failed;
    await new Promise((resolve) => setTimeout(resolve, 20));
    await markLogs(form({ uid: 'actions:inbox-order', instance: 't_greet#0' }));
    const { rows } = await listFailedInstances(testDb.db, { session: 'actions:inbox-order' });
    expect(rows.map((r) => [r.name, r.failedAt.toISOString()])).toEqual([['t_greet#0', failedAt]]);
  });
});
