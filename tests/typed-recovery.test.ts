/**
 * Typed tasks in the recovery services (issue 15): replay, skip with cascade and fire refuse a
 * value that fails the task's schema with the issues per path and change nothing, unless the
 * operator overrides ("… anyway", with a reason), which the audit row records with the issues.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { auditEvents, sessionEvents } from '@/lib/db/schema';
import { freezeBulkSelection, getBulkSnapshot, processBulkOperation, startBulk } from '@/lib/bulk';
import { fireTrigger, replayInstance, skipInstance } from '@/lib/recovery';
import { checkAgainst, getTaskContracts, validateAgainstSchema } from '@/lib/recovery/contracts';
import { createEngineRuntime, type EngineRuntime } from '@/lib/runtime/engine';
import { TaskRegistry, ValidationError } from '@/lib/triggers';
import { privacyFor } from '@/lib/auth/payloads';
import { getInstancePage } from '@/lib/sessions';
import { fireTriggerSchema, replaySchema, skipSchema, validateAgainstSchemaSchema } from '@/lib/validations/recovery';
import { form } from './support/recovery-fixture';
import { createTestDatabase, type TestDatabase } from './support/test-database';
import { viaForm } from './support/via-form';

const signupKwargs = z.object({ signup: z.object({ name: z.string().min(1), email: z.email() }), t_other: z.object({}).optional() });
const greetingResult = z.object({ greeting: z.string(), email: z.email() });

/** While on, greet fails for a reason other than its input (an outage). */
const outage = { on: false };

function typedRegistry(): TaskRegistry {
  return new TaskRegistry()
    .register('greet', (ctx) => {
      if (outage.on) throw new Error('upstream down');
      return { greeting: `hello ${ctx.input.signup.name}`, email: ctx.input.signup.email };
    }, {
      kwargs: signupKwargs,
      result: greetingResult,
    })
    .register('echo', (ctx) => ({ got: ctx.triggerKwargs }))
    .register('picky', (ctx) => {
      const email = String(ctx.triggerKwargs.signup?.email);
      throw new ValidationError(`signup.email: ${email} is not on the list`, { issues: [{ path: 'signup.email', message: `${email} is not on the list` }] });
    });
}

let testDb: TestDatabase;
let engine: EngineRuntime;
const actor = { id: null, email: 'ada@support.example', name: 'Ada Lovelace', role: 'operator' } as const;

beforeAll(async () => {
  testDb = await createTestDatabase();
  engine = createEngineRuntime(testDb.db, 'inline', { registry: typedRegistry() });
  // The page loaders read the app's database: this test's one.
  (globalThis as { __triggerboardDatabase?: Promise<unknown> }).__triggerboardDatabase = Promise.resolve(testDb.db);
});
afterAll(async () => {
  delete (globalThis as { __triggerboardDatabase?: unknown }).__triggerboardDatabase;
  await testDb?.close();
});

const replay = viaForm(replaySchema, (input) => replayInstance(engine, input, actor));
const skip = viaForm(skipSchema, (input) => skipInstance(engine, input, actor));
const fire = viaForm(fireTriggerSchema, (input) => fireTrigger(engine, input, actor));
const check = viaForm(validateAgainstSchemaSchema, (input) => validateAgainstSchema(engine, input));

/** Session `uid` whose t_greet#0 failed its kwargs schema (a bad email); t_after waits on it. */
async function failedSignup(uid: string): Promise<void> {
  const manager = engine.managerFor(uid);
  await manager.updateConfiguration({
    t_greet: { after: ['signup'], run: 'greet' },
    t_after: { after: ['t_greet'], run: 'echo' },
    t_log: { after: ['signup'], run: 'echo' },
  });
  await manager.fire('signup', { name: 'Ada', email: 'ada@example' });
  await engine.inline.drain();
}

const auditOf = (uid: string) => testDb.db.select().from(auditEvents).where(eq(auditEvents.sessionUid, uid));
const eventCount = async (uid: string) => (await testDb.db.select().from(sessionEvents).where(eq(sessionEvents.sessionUid, uid))).length;
const names = async (uid: string, task: string) => (await engine.managerFor(uid).store.instancesOfTask(task)).map((i) => `${i.name} ${i.status}`);
const badEmail = JSON.stringify({ signup: { name: 'Ada', email: 'ada@example.c' } });
const badEmailIssue = { path: 'signup.email', message: 'Invalid email address' };

describe('replay against the task kwargs schema', () => {
  it('the seeded failure carries the issues', async () => {
    await failedSignup('typed:seed');
    const failed = await engine.managerFor('typed:seed').store.instance('t_greet#0');
    expect(failed.metadata).toMatchObject({
      exceptionType: 'ValidationError',
      exceptionMessage: 'signup.email: Invalid email address',
      exceptionContext: { schema: 'kwargs', issues: [badEmailIssue] },
    });
  });

  it('refuses replacement kwargs that fail the schema: the issues per path, no clone, no event, no audit row', async () => {
    await failedSignup('typed:refuse');
    const events = await eventCount('typed:refuse');
    const result = await replay(form({ uid: 'typed:refuse', instance: 't_greet#0', mode: 'replacement', reason: 'fixed the email', replacementKwargs: badEmail }));
    expect(result).toEqual({
      ok: false,
      code: 'schema',
      message:
        "Nothing was changed: the replacement kwargs do not match the task's schema (1 issue). Correct them, or tick “Replay anyway” with a reason if the schema itself is wrong.",
      fieldErrors: { replacementKwargs: ['signup.email: Invalid email address'] },
      issues: [badEmailIssue],
    });
    expect(await names('typed:refuse', 't_greet')).toEqual(['t_greet#0 failed']);
    expect(await eventCount('typed:refuse')).toBe(events);
    expect(await auditOf('typed:refuse')).toEqual([]);
  });

  it('"Replay anyway" with a reason replays and records the override and the issues in the audit row', async () => {
    await failedSignup('typed:override');
    const result = await replay(
      form({ uid: 'typed:override', instance: 't_greet#0', mode: 'replacement', reason: 'the schema is too strict', replacementKwargs: badEmail, override: 'on' }),
    );
    expect(result).toMatchObject({ ok: true, message: 'Replaying t_greet#0 as t_greet#1.' });
    await engine.inline.drain();
    // The engine still checks at run time: the clone fails the same way.
    expect(await names('typed:override', 't_greet')).toEqual(['t_greet#0 replayed', 't_greet#1 failed']);
    const [row] = await auditOf('typed:override');
    expect(row).toMatchObject({ action: 'replay', outcome: 'ok', input: { reason: 'the schema is too strict', override: true, issues: [badEmailIssue] } });
  });

  it('kwargs that fit replay without override, and are not marked as overridden; the reason is still required with an override', async () => {
    await failedSignup('typed:fits');
    const fixed = JSON.stringify({ signup: { name: 'Ada', email: 'ada@example.com' } });
    const noReason = await replay(form({ uid: 'typed:fits', instance: 't_greet#0', mode: 'replacement', reason: '', replacementKwargs: badEmail, override: 'on' }));
    expect(noReason).toMatchObject({ ok: false, code: 'invalid-input', fieldErrors: { reason: [expect.stringContaining('Say briefly why')] } });
    const result = await replay(form({ uid: 'typed:fits', instance: 't_greet#0', mode: 'replacement', reason: 'fixed the email', replacementKwargs: fixed }));
    expect(result.ok).toBe(true);
    await engine.inline.drain();
    expect(await names('typed:fits', 't_greet')).toEqual(['t_greet#0 replayed', 't_greet#1 finished']);
    expect(await names('typed:fits', 't_after')).toEqual(['t_after#0 finished']);
    const [row] = await auditOf('typed:fits');
    expect(row?.input).not.toHaveProperty('override');
  });

  it('a replay with the original kwargs is not refused (bulk reports those before it starts)', async () => {
    await failedSignup('typed:original');
    expect((await replay(form({ uid: 'typed:original', instance: 't_greet#0', mode: 'original', reason: 'try again' }))).ok).toBe(true);
  });
});

describe('skip with cascade against the result schema', () => {
  it('an empty result for a schema with required fields is refused, naming each', async () => {
    await failedSignup('typed:skip-empty');
    const result = await skip(form({ uid: 'typed:skip-empty', instance: 't_greet#0', reason: 'handled by hand', cascade: 'on', simulatedResult: '' }));
    expect(result).toMatchObject({
      ok: false,
      code: 'schema',
      issues: [
        { path: 'greeting', message: 'Invalid input: expected string, received undefined' },
        { path: 'email', message: 'Invalid input: expected string, received undefined' },
      ],
      fieldErrors: { simulatedResult: ['greeting: Invalid input: expected string, received undefined', 'email: Invalid input: expected string, received undefined'] },
    });
    expect(await names('typed:skip-empty', 't_greet')).toEqual(['t_greet#0 failed']);
    expect(await auditOf('typed:skip-empty')).toEqual([]);
  });

  it('a result that fits cascades; "Skip anyway" cascades a wrong one and is recorded; no cascade is not checked', async () => {
    await failedSignup('typed:skip');
    const ok = await skip(form({ uid: 'typed:skip', instance: 't_greet#0', reason: 'by hand', cascade: 'on', simulatedResult: '{"greeting":"hi","email":"ada@example.com"}' }));
    expect(ok.ok).toBe(true);
    await engine.inline.drain();
    expect(await names('typed:skip', 't_after')).toEqual(['t_after#0 finished']);

    await failedSignup('typed:skip-anyway');
    const anyway = await skip(form({ uid: 'typed:skip-anyway', instance: 't_greet#0', reason: 'schema is wrong', cascade: 'on', simulatedResult: '{"greeting":"hi"}', override: 'on' }));
    expect(anyway.ok).toBe(true);
    const [row] = await auditOf('typed:skip-anyway');
    expect(row?.input).toMatchObject({ override: true, issues: [{ path: 'email', message: 'Invalid input: expected string, received undefined' }] });

    await failedSignup('typed:skip-plain');
    expect((await skip(form({ uid: 'typed:skip-plain', instance: 't_greet#0', reason: 'not needed' }))).ok).toBe(true);
  });
});

describe('fire against the schemas of the tasks waiting on the trigger', () => {
  it('names the task; nothing is fired; "Fire anyway" fires and is recorded', async () => {
    await failedSignup('typed:fire');
    const before = await names('typed:fire', 't_log');
    const refused = await fire(form({ uid: 'typed:fire', trigger: 'signup', kwargs: '{"name": "", "email": "x"}', reason: 'resend' }));
    expect(refused).toMatchObject({
      ok: false,
      code: 'schema',
      issues: [
        { path: 'name', message: 'Too small: expected string to have >=1 characters', task: 't_greet' },
        { path: 'email', message: 'Invalid email address', task: 't_greet' },
      ],
      fieldErrors: { kwargs: ['t_greet needs name: Too small: expected string to have >=1 characters', 't_greet needs email: Invalid email address'] },
    });
    expect(await names('typed:fire', 't_log')).toEqual(before);
    const anyway = await fire(form({ uid: 'typed:fire', trigger: 'signup', kwargs: '{"name": "", "email": "x"}', reason: 'resend', override: 'on' }));
    expect(anyway.ok).toBe(true);
    expect((await auditOf('typed:fire')).map((r) => r.input)).toEqual([expect.objectContaining({ override: true, issues: refused.ok ? [] : refused.issues })]);
    // A trigger no typed task waits on is not checked.
    expect((await fire(form({ uid: 'typed:fire', trigger: 'other', kwargs: '{"x": 1}', reason: 'unrelated' }))).ok).toBe(true);
  });
});

describe('the contracts the forms get', () => {
  it('getTaskContracts: JSON Schemas per configured task, the last result for a task without a result schema', async () => {
    await failedSignup('typed:contracts');
    const contracts = await getTaskContracts(engine, 'typed:contracts');
    expect(Object.keys(contracts).sort()).toEqual(['t_after', 't_greet', 't_log']);
    expect(contracts.t_greet).toMatchObject({
      kwargs: { type: 'object', properties: { signup: { properties: { email: { format: 'email' } } } } },
      result: { type: 'object', required: ['greeting', 'email'] },
      lastResult: null,
    });
    expect(contracts.t_log).toMatchObject({ kwargs: null, result: null, lastResult: { instance: 't_log#0', result: { got: { signup: { name: 'Ada' } } } } });
    expect(JSON.parse(JSON.stringify(contracts))).toEqual(contracts);
    const forViewer = await getTaskContracts(engine, 'typed:contracts', privacyFor({ role: 'viewer' }, true));
    expect(forViewer.t_log?.lastResult).toBeNull();
    expect(forViewer.t_greet?.kwargs).toEqual(contracts.t_greet?.kwargs);
  });

  it('validateAgainstSchema answers the issues for each kind, and refuses bad input', async () => {
    await failedSignup('typed:check');
    expect(await check({ uid: 'typed:check', instance: 't_greet#0', kind: 'replay', json: badEmail })).toMatchObject({ ok: true, data: { issues: [badEmailIssue] } });
    expect(await check({ uid: 'typed:check', instance: 't_greet#0', kind: 'replay', json: '{"signup":{"name":"A","email":"a@b.co"}}' })).toMatchObject({
      ok: true,
      data: { issues: [] },
    });
    expect(await check({ uid: 'typed:check', instance: 't_greet#0', kind: 'skip', json: '{"greeting": 1, "email": "a@b.co"}' })).toMatchObject({
      data: { issues: [{ path: 'greeting', message: 'Invalid input: expected string, received number' }] },
    });
    expect(await check({ uid: 'typed:check', trigger: 'signup', kind: 'fire', json: '{"name":"A"}' })).toMatchObject({
      data: { issues: [{ path: 'email', message: 'Invalid input: expected string, received undefined', task: 't_greet' }] },
    });
    // An unknown instance or session is said as such, never "matches the schema".
    expect(await check({ uid: 'typed:check', instance: 't_nope#0', kind: 'replay', json: '{}' })).toMatchObject({ ok: false, code: 'not-found' });
    expect(await check({ uid: 'typed:nowhere', trigger: 'signup', kind: 'fire', json: '{}' })).toMatchObject({ ok: false, code: 'not-found' });
    expect(await check({ uid: 'typed:check', kind: 'replay', json: '{}' })).toMatchObject({ ok: false, code: 'invalid-input' });
    expect(await check({ uid: 'typed:check', instance: 't_greet#0', kind: 'replay', json: '{"signup": ' })).toMatchObject({ ok: false, code: 'invalid-input' });
    expect(checkAgainst('kwargs', null, { anything: 1 })).toEqual([]);
  });
});

describe('bulk replay with the original kwargs', () => {
  /** Two sessions whose t_greet#0 fails its schema as stored, one whose kwargs fit today (it failed before the schema was stricter). */
  async function selection(prefix: string) {
    await failedSignup(`${prefix}:a`);
    await failedSignup(`${prefix}:b`);
    const fits = engine.managerFor(`${prefix}:c`);
    await fits.updateConfiguration({ t_greet: { after: ['signup'], run: 'greet' } });
    // Failed with kwargs that fit the schema, for another reason.
    outage.on = true;
    await fits.fire('signup', { name: 'Cy', email: 'cy@example.com' });
    await engine.inline.drain();
    outage.on = false;
    const instances = ['a', 'b', 'c'].map((s) => ({ uid: `${prefix}:${s}`, name: 't_greet#0' }));
    const frozen = await freezeBulkSelection(engine, { scope: 'instances', instances }, actor);
    if (!frozen.ok) throw new Error(frozen.message);
    return frozen.data.id;
  }

  it('the frozen selection reports the items whose stored kwargs fail today\'s schema', async () => {
    const id = await selection('typed:bulk-view');
    const snapshot = await getBulkSnapshot(engine, id);
    expect(snapshot?.total).toBe(3);
    expect(snapshot?.invalid.map((i) => i.uid).sort()).toEqual(['typed:bulk-view:a', 'typed:bulk-view:b']);
    expect(snapshot?.invalid[0]?.issues).toEqual([badEmailIssue]);
  });

  it('"Leave them out": only the valid item is replayed; the others are recorded as left out, and the audit row says so', async () => {
    const id = await selection('typed:bulk-out');
    const started = await startBulk(engine, { id, action: 'replay', reason: 'CRM back', excludeInvalid: true }, actor);
    expect(started).toMatchObject({ ok: true, message: "Started: replay of 3 instances, leaving out 2 whose kwargs fail today's schema." });
    const view = await processBulkOperation(engine, id);
    expect(view?.counts).toMatchObject({ done: 1, error: 2, pending: 0 });
    await engine.inline.drain();
    const snapshot = await getBulkSnapshot(engine, id);
    const left = snapshot?.items.filter((i) => i.outcome === 'error') ?? [];
    expect(left.map((i) => i.message)).toEqual([
      "Left out: its stored kwargs fail today's schema (signup.email: Invalid email address).",
      "Left out: its stored kwargs fail today's schema (signup.email: Invalid email address).",
    ]);
    expect(await names('typed:bulk-out:a', 't_greet')).toEqual(['t_greet#0 failed']);
    expect(await names('typed:bulk-out:c', 't_greet')).toEqual(['t_greet#0 replayed', 't_greet#1 finished']);
    const [row] = await testDb.db.select().from(auditEvents).where(and(eq(auditEvents.bulkOperationId, id), eq(auditEvents.action, 'bulk-start')));
    expect(row?.input).toMatchObject({ excludeInvalid: true, leftOut: expect.arrayContaining([{ uid: 'typed:bulk-out:a', instance: 't_greet#0' }]) });
  });

  it('leaving out every item is refused: nothing is started', async () => {
    await selection('typed:bulk-none');
    const onlyInvalid = await freezeBulkSelection(engine, { scope: 'instances', instances: ['a', 'b'].map((s) => ({ uid: `typed:bulk-none:${s}`, name: 't_greet#0' })) }, actor);
    if (!onlyInvalid.ok) throw new Error(onlyInvalid.message);
    const refused = await startBulk(engine, { id: onlyInvalid.data.id, action: 'replay', reason: 'none left', excludeInvalid: true }, actor);
    expect(refused).toMatchObject({ ok: false, code: 'rejected', message: expect.stringContaining('nothing to replay') });
    expect((await getBulkSnapshot(engine, onlyInvalid.data.id))?.items.every((i) => i.outcome === null)).toBe(true);
    expect(await names('typed:bulk-none:a', 't_greet')).toEqual(['t_greet#0 failed']);
  });

  it('without it, every item is replayed (and the invalid ones fail again)', async () => {
    const id = await selection('typed:bulk-all');
    await startBulk(engine, { id, action: 'replay', reason: 'all of them' }, actor);
    const view = await processBulkOperation(engine, id);
    expect(view?.counts).toMatchObject({ done: 3, error: 0 });
    await engine.inline.drain();
    expect(await names('typed:bulk-all:a', 't_greet')).toEqual(['t_greet#0 replayed', 't_greet#1 failed']);
  });
});

describe('reading a schema failure', () => {
  it('the instance page gets the issues (path → message) of a ValidationError, redacted for viewers who see no payloads', async () => {
    await failedSignup('typed:read');
    const page = await getInstancePage('typed:read', 't_greet#0', privacyFor({ role: 'operator' }, true));
    expect(page.found && page.schemaIssues).toEqual({ schema: 'kwargs', issues: [badEmailIssue] });
    const viewer = await getInstancePage('typed:read', 't_greet#0', privacyFor({ role: 'viewer' }, true));
    expect(viewer.found && viewer.schemaIssues).toEqual({ schema: 'kwargs', issues: [badEmailIssue] });

    const manager = engine.managerFor('typed:read-own');
    await manager.updateConfiguration({ t_picky: { after: ['signup'], run: 'picky' } });
    await manager.fire('signup', { email: 'ada.lovelace@example.com' });
    await engine.inline.drain();
    const own = await getInstancePage('typed:read-own', 't_picky#0', privacyFor({ role: 'operator' }, true));
    expect(own.found && own.schemaIssues).toEqual({ schema: null, issues: [{ path: 'signup.email', message: 'ada.lovelace@example.com is not on the list' }] });
    const hidden = await getInstancePage('typed:read-own', 't_picky#0', privacyFor({ role: 'viewer' }, true));
    expect(hidden.found && hidden.schemaIssues).toEqual({ schema: null, issues: [{ path: 'signup.email', message: '[email] is not on the list' }] });
    // Other failures carry none.
    outage.on = true;
    await engine.managerFor('typed:read-other').updateConfiguration({ t_greet: { after: ['signup'], run: 'greet' } });
    await engine.managerFor('typed:read-other').fire('signup', { name: 'A', email: 'a@example.com' });
    await engine.inline.drain();
    outage.on = false;
    const other = await getInstancePage('typed:read-other', 't_greet#0', privacyFor({ role: 'operator' }, true));
    expect(other.found && other.schemaIssues).toBeNull();
  });
});
