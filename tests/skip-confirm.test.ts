/**
 * A skip that says what it did, and a cascade of an empty result that must be confirmed (issue 16
 * part 7): the service refuses it without the confirmation (typed, nothing changed, nothing
 * audited), proceeds with it, and the instance page's outcome is read back from the audit row.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents } from '@/lib/db/schema';
import { skipInstance } from '@/lib/recovery';
import { getSkipOutcome, scheduledByCascade } from '@/lib/recovery/skip-outcome';
import { createEngineRuntime, type EngineRuntime } from '@/lib/runtime/engine';
import { skipSchema } from '@/lib/validations/recovery';
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

const skip = viaForm(skipSchema, (input) => skipInstance(engine, input, actor));
const instance = async (uid: string, name: string) => engine.managerFor(uid).store.instance(name);
const skipAudits = (uid: string) => testDb.db.select().from(auditEvents).where(and(eq(auditEvents.sessionUid, uid), eq(auditEvents.action, 'skip')));

describe('skip with cascade and an empty result', () => {
  it.each([
    ['an empty field', ''],
    ['{}', '{}'],
    ['{} with blanks', '  { }  '],
  ])('is refused without the confirmation (%s): typed error, nothing changed, nothing audited', async (_, simulatedResult) => {
    const uid = `confirm:refused:${simulatedResult.trim() || 'blank'}`;
    await failedGreeting(engine, uid);
    const refused = await skip(form({ uid, instance: 't_greet#0', reason: 'handled by hand', cascade: 'on', simulatedResult }));
    expect(refused).toMatchObject({ ok: false, code: 'confirm-empty-cascade', message: expect.stringContaining('empty result ({})') });
    expect((await instance(uid, 't_greet#0')).status).toBe('failed');
    expect(await engine.managerFor(uid).store.instancesOfTask('t_after')).toEqual([]);
    expect(await skipAudits(uid)).toEqual([]);
  });

  it('proceeds with the confirmation, and says what the cascade fired and scheduled', async () => {
    const uid = 'confirm:ok';
    await failedGreeting(engine, uid);
    const done = await skip(form({ uid, instance: 't_greet#0', reason: 'handled by hand', cascade: 'on', simulatedResult: '{}', confirmEmpty: 'on' }));
    expect(done).toMatchObject({
      ok: true,
      message: "Skipped t_greet#0. The cascade fired 't_greet' and scheduled: t_after#0.",
      data: { cascade: { fired: 't_greet', scheduled: ['t_after#0'] } },
    });
    expect((await instance(uid, 't_greet#0')).status).toBe('skipped');
    await engine.inline.drain();
    expect((await instance(uid, 't_after#0')).metadata.actualKwargs).toEqual({ t_greet: {} });
    // The page reads the same back from the audit row.
    expect(await getSkipOutcome(testDb.db, uid, 't_greet#0')).toMatchObject({ by: actor.email, fired: 't_greet', scheduled: ['t_after#0'] });
  });

  it('needs no confirmation for a non-empty result or without cascade', async () => {
    await failedGreeting(engine, 'confirm:filled');
    const filled = await skip(form({ uid: 'confirm:filled', instance: 't_greet#0', reason: 'by hand', cascade: 'on', simulatedResult: '{"greeting":"hi"}' }));
    expect(filled).toMatchObject({ ok: true, data: { cascade: { fired: 't_greet', scheduled: ['t_after#0'] } } });

    await failedGreeting(engine, 'confirm:plain');
    const plain = await skip(form({ uid: 'confirm:plain', instance: 't_greet#0', reason: 'customer withdrew' }));
    expect(plain).toMatchObject({ ok: true, data: { cascade: null } });
    expect(await getSkipOutcome(testDb.db, 'confirm:plain', 't_greet#0')).toMatchObject({ fired: null, scheduled: [] });
    expect(await getSkipOutcome(testDb.db, 'confirm:plain', 't_after#0')).toBeNull();
  });
});

describe('scheduledByCascade', () => {
  it('keeps the scheduled instances other than the skipped one, once each', () => {
    expect(
      scheduledByCascade(
        [
          { name: 't_x#0', task: 't_x', from: 'failed', to: 'skipped' },
          { name: 't_y#0', task: 't_y', from: null, to: 'scheduled' },
          { name: 't_w#0', task: 't_w', from: null, to: 'unstarted' },
          { name: 't_z#0', task: 't_z', from: 'unstarted', to: 'scheduled' },
          { name: 't_y#0', task: 't_y', from: null, to: 'scheduled' },
        ],
        't_x#0',
      ),
    ).toEqual(['t_y#0', 't_z#0']);
  });
});
