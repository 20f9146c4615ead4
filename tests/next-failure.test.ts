/**
 * "Next failure →" after a replay or a skip: the next-older failed instance under the inbox's
 * filter (lib/db/queries/failed.ts nextFailedInstance), checked against the inbox's own order
 * (listFailedInstances), on data the engine wrote. PGlite by default; TEST_DB=postgres too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listFailedInstances, nextFailedInstance, type FailedFilter, type InstanceKey } from '@/lib/db/queries/failed';
import { replayInstance, skipInstance } from '@/lib/recovery';
import { createEngineRuntime, type EngineRuntime } from '@/lib/runtime/engine';
import { replaySchema, skipSchema } from '@/lib/validations/recovery';
import { failedGreeting, form, recoveryRegistry } from './support/recovery-fixture';
import { createTestDatabase, testDatabaseKind, type TestDatabase } from './support/test-database';
import { viaForm } from './support/via-form';

let testDb: TestDatabase;
let engine: EngineRuntime;
const actor = { id: null, email: 'ada@support.example', name: 'Ada Lovelace', role: 'operator' } as const;
const replay = viaForm(replaySchema, (input) => replayInstance(engine, input, actor));
const skip = viaForm(skipSchema, (input) => skipInstance(engine, input, actor));

const key = (row: InstanceKey) => `${row.sessionUid} ${row.name}`;
const inbox = async (filter: FailedFilter) => (await listFailedInstances(testDb.db, filter, { limit: 500 })).rows.map(key);
const next = async (filter: FailedFilter, sessionUid: string, name: string) => {
  const found = await nextFailedInstance(testDb.db, filter, { sessionUid, name });
  return found && key(found);
};

beforeAll(async () => {
  testDb = await createTestDatabase();
  engine = createEngineRuntime(testDb.db, 'inline', { registry: recoveryRegistry() });
  // Five sessions fail one after another (newest last); one more outside the filter's prefix.
  for (const uid of ['next:a', 'next:b', 'next:c', 'next:d', 'next:e', 'other:z']) {
    await failedGreeting(engine, uid);
    await new Promise((resolve) => setTimeout(resolve, 5)); // distinct failure times
  }
});
afterAll(() => testDb?.close());

describe(`next failure under the inbox filter (${testDatabaseKind()})`, () => {
  const filter: FailedFilter = { session: 'next:' };

  it('each failure is followed by the next row of the inbox; the last by none', async () => {
    const rows = await inbox(filter);
    expect(rows).toEqual(['next:e t_greet#0', 'next:d t_greet#0', 'next:c t_greet#0', 'next:b t_greet#0', 'next:a t_greet#0']);
    for (const [i, row] of rows.entries()) {
      const [uid, name] = row.split(' ') as [string, string];
      expect(await next(filter, uid, name)).toBe(rows[i + 1] ?? null);
    }
    // Without the filter, the newest failure of all is other:z, and next:e follows it.
    expect(await next({}, 'other:z', 't_greet#0')).toBe('next:e t_greet#0');
    expect(await next({ task: 't_after' }, 'next:e', 't_greet#0')).toBeNull();
  });

  it('an instance that was just replayed or skipped keeps its place: the next-older one follows it', async () => {
    // Replayed with the original kwargs, the clone fails again and becomes the newest failure.
    expect(await replay(form({ uid: 'next:e', instance: 't_greet#0', mode: 'original', reason: 'retry please' }))).toMatchObject({ ok: true });
    await engine.inline.drain();
    expect((await inbox(filter))[0]).toBe('next:e t_greet#1');
    expect(await next(filter, 'next:e', 't_greet#0')).toBe('next:d t_greet#0');

    // Replayed with corrected kwargs, the clone finishes: placed by its parent's failure.
    const fixed = await replay(
      form({ uid: 'next:d', instance: 't_greet#0', mode: 'replacement', reason: 'fixed the typo', replacementKwargs: '{"formReceived": {"name": "Ada"}}' }),
    );
    expect(fixed).toMatchObject({ ok: true });
    await engine.inline.drain();
    expect(await next(filter, 'next:d', 't_greet#1')).toBe('next:c t_greet#0');

    expect(await skip(form({ uid: 'next:c', instance: 't_greet#0', reason: 'done by hand' }))).toMatchObject({ ok: true });
    expect(await next(filter, 'next:c', 't_greet#0')).toBe('next:b t_greet#0');
    expect(await inbox(filter)).toEqual(['next:e t_greet#1', 'next:b t_greet#0', 'next:a t_greet#0']);
  });

  it('an instance that never failed, or does not exist, is followed by the newest failure', async () => {
    expect(await next(filter, 'next:a', 't_after#404')).toBe('next:e t_greet#1');
    expect(await next(filter, 'nowhere', 't_greet#0')).toBe('next:e t_greet#1');
    expect(await next({ session: 'none-such' }, 'next:a', 't_greet#0')).toBeNull();
  });
});
