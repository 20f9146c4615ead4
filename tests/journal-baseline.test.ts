import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshotAt } from '@/lib/journal';
import { createEngineRuntime, type EngineRuntime } from '@/lib/runtime/engine';
import { failedGreeting, recoveryRegistry } from './support/recovery-fixture';
import { createTestDatabase, type TestDatabase } from './support/test-database';

let testDb: TestDatabase;
let engine: EngineRuntime;

beforeAll(async () => {
  testDb = await createTestDatabase();
  engine = createEngineRuntime(testDb.db, 'inline', { registry: recoveryRegistry() });
});
afterAll(() => testDb?.close());

describe('sessions older than the journal', () => {
  it('start from a checkpoint of their state at event 0 (migration 0006), so history stays exact', async () => {
    const uid = 'legacy:1';
    await failedGreeting(engine, uid);
    // As if the session had been written before the journal existed.
    await testDb.db.execute(sql`delete from session_events where session_uid = ${uid}`);
    await testDb.db.execute(sql`update sessions set event_count = 0 where uid = ${uid}`);
    await testDb.db.execute(sql.raw(readFileSync('drizzle/0006_journal_baseline.sql', 'utf8')));

    const store = engine.managerFor(uid).store;
    const before = await store.debugRepr();
    expect((await snapshotAt(testDb.db, uid, 0))?.repr).toEqual(before);

    await engine.managerFor(uid).skipFailedInstance('t_greet#0', { cascade: true, result: { greeting: 'hi' } });
    await engine.inline.drain();
    const events = await store.events();
    expect(events[0]?.seq).toBe(1);
    const last = events.at(-1)!.seq;
    expect((await snapshotAt(testDb.db, uid, last))?.repr).toEqual(await store.debugRepr());
    expect((await snapshotAt(testDb.db, uid, 0))?.repr).toEqual(before);
  });
});
