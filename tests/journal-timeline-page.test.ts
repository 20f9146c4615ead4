import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTimeline } from '@/lib/journal';
import { loadJournalEvent, loadTimelinePage, type ReadTimeline } from '@/lib/journal/timeline-page';
import { createEngineRuntime } from '@/lib/runtime/engine';
import { failedGreeting, recoveryRegistry } from './support/recovery-fixture';
import { createTestDatabase, type TestDatabase } from './support/test-database';

/** What the session and instance pages load from the journal before they render the timeline. */
let testDb: TestDatabase;
let read: ReadTimeline;
const uid = 'timeline-page:greeting';

beforeAll(async () => {
  testDb = await createTestDatabase();
  read = (u, filter, options) => getTimeline(testDb.db, u, filter, options);
  await failedGreeting(createEngineRuntime(testDb.db, 'inline', { registry: recoveryRegistry() }), uid);
});
afterAll(() => testDb?.close());

describe('a page of the timeline', () => {
  it('follows the cursor, and falls back to the first page (saying so) for one it did not make', async () => {
    const first = await loadTimelinePage(read, uid, {}, { order: 'asc', limit: 2 });
    expect(first.cursorReset).toBe(false);
    expect(first.timeline!.events.map((e) => e.seq)).toEqual([1, 2]);
    const second = await loadTimelinePage(read, uid, {}, { order: 'asc', limit: 2, cursor: first.timeline!.nextCursor });
    expect(second).toMatchObject({ cursorReset: false, timeline: { events: [{ seq: 3 }, { seq: 4 }] } });

    const mangled = await loadTimelinePage(read, uid, {}, { order: 'asc', limit: 2, cursor: 'not a cursor' });
    expect(mangled.cursorReset).toBe(true);
    expect(mangled.timeline!.events.map((e) => e.seq)).toEqual([1, 2]);
  });

  it('answers a name holding NUL with no event but the session’s bounds, and an unknown session with null', async () => {
    const nul = await loadTimelinePage(read, uid, { task: 't_greet\u0000' }, { order: 'desc', limit: 50 });
    expect(nul.cursorReset).toBe(false);
    expect(nul.timeline).toMatchObject({ events: [], nextCursor: null, total: 0, totalCapped: false, prunedBefore: null });
    expect(nul.timeline!.lastSeq).toBeGreaterThan(3);
    expect(await loadTimelinePage(read, `${uid}\u0000`, {}, { order: 'desc', limit: 50 })).toEqual({ timeline: null, cursorReset: false });
    expect(await loadTimelinePage(read, 'timeline-page:nobody', {}, { order: 'desc', limit: 50 })).toEqual({ timeline: null, cursorReset: false });
  });
});

describe('one event of the journal', () => {
  it('is found by its number, and is null before the first, after the last, or in no session', async () => {
    const { timeline } = await loadTimelinePage(read, uid, {}, { order: 'asc', limit: 500 });
    const events = timeline!.events;
    for (const event of events) expect(await loadJournalEvent(read, uid, event.seq)).toEqual(event);
    expect(await loadJournalEvent(read, uid, 0)).toBeNull();
    expect(await loadJournalEvent(read, uid, events.length + 1)).toBeNull();
    expect(await loadJournalEvent(read, 'timeline-page:nobody', 1)).toBeNull();
    expect(await loadJournalEvent(read, `${uid}\u0000`, 1)).toBeNull();
  });
});
