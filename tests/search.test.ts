/**
 * Search (lib/search, lib/db/queries/search.ts) and the failed inbox's `contains` filter, on
 * failures written by the engine itself: ranking, snippets, keyset pages, LIKE escaping, bad
 * input, viewer privacy, and EXPLAIN showing the trigram indexes at work.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { PostgresStore, queryRows, type Database } from '@/lib/db';
import { createBulkDraft } from '@/lib/db/queries/bulk';
import { InvalidCursorError, encodeCursor } from '@/lib/db/queries/cursor';
import { listFailedInstances } from '@/lib/db/queries/failed';
import { searchHits } from '@/lib/db/queries/search';
import { SHOW_EVERYTHING, type ViewerPrivacy } from '@/lib/auth/payloads';
import { checkSearchText, searchIn, snippetAround, type SearchResult } from '@/lib/search';
import { InlineRunner, TaskRegistry, TriggerManager, type Kwargs, type TaskContext } from '@/lib/triggers';
import { explain, recording, type CapturedQuery } from './support/query-plans';
import { createTestDatabase, type TestDatabase } from './support/test-database';

let testDb: TestDatabase;
let db: Database;
const VIEWER: ViewerPrivacy = { hidePayloads: true };

class OrderError extends Error {
  override name = 'OrderError';
  constructor(
    message: string,
    readonly context: Record<string, unknown>,
  ) {
    super(message);
  }
}

const registry = new TaskRegistry().register('check', (ctx: TaskContext) => {
  const applicant = ctx.triggerKwargs.applied as { email: string; orderId: string; note?: string; fail?: string };
  if (applicant.fail) throw new OrderError(applicant.fail, { reviewer: 'grace.hopper@example.org' });
  return { accepted: applicant.orderId };
});

async function seed(uid: string, kwargs: Kwargs): Promise<void> {
  const runner = new InlineRunner();
  const manager = new TriggerManager(new PostgresStore(db, uid), { registry, runner });
  await manager.updateConfiguration({ t_check: { after: ['applied'], run: 'check' } });
  await manager.fire('applied', kwargs);
  await runner.drain();
  await new Promise((resolve) => setTimeout(resolve, 5)); // distinct failure times
}

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = testDb.db;
  await seed('app-ada-1', { email: 'ada.lovelace@example.com', orderId: 'ORD-77001', fail: 'Payment declined for order ORD-77001' });
  await seed('app-bob-2', { email: 'bob@example.com', orderId: 'ORD-77002', fail: 'Invalid postcode "ZZ9 9ZZ"' });
  await seed('app-cy-3', { email: 'cy@example.com', orderId: 'ORD-77003', note: '100%_sure', fail: 'Rate limit: 100% used, retry later' });
  await seed('app-dee-4', { email: 'dee@example.com', orderId: 'ORD-77004' }); // finishes: not a failure
  await seed('app-eve-5', { email: 'eve@example.com', orderId: 'ORD-77005', fail: 'Could not reach mail server for eve@example.com' });
  await seed('app-ada-10', { email: 'ada.byron@example.com', orderId: 'ORD-77010', fail: 'Payment declined for order ORD-77010' });
}, 120_000);

afterAll(() => testDb.close());

const ok = async (q: string, privacy: ViewerPrivacy = SHOW_EVERYTHING, cursor?: string | null, limit?: number) => {
  const outcome = await searchIn(db, { q, cursor, limit }, privacy);
  if (!outcome.ok) throw new Error(outcome.message);
  return outcome;
};
const where = (results: SearchResult[]) => results.map((r) => `${r.kind}:${r.sessionUid}${r.name ? `/${r.name}` : ''}:${r.matchedOn}`);

describe('search', () => {
  it('finds a failed instance by an email in its kwargs, with the match in a snippet', async () => {
    const outcome = await ok('ADA.LOVELACE@example.com');
    expect(where(outcome.results)).toEqual(['instance:app-ada-1/t_check#0:payload']);
    const snippet = outcome.results[0]?.snippet;
    expect(snippet?.match).toBe('ada.lovelace@example.com');
    expect(`${snippet?.before}${snippet?.match}${snippet?.after}`).toContain('"email": "ada.lovelace@example.com"');
  });

  it('finds by exception message and by exception context; a finished instance is not a failure', async () => {
    expect(where((await ok('postcode')).results)).toEqual(['instance:app-bob-2/t_check#0:message']);
    expect((await ok('postcode')).results[0]?.snippet).toEqual({ before: 'Invalid ', match: 'postcode', after: ' "ZZ9 9ZZ"' });
    // The context of every failure names the reviewer.
    expect((await ok('grace.hopper')).results.map((r) => r.sessionUid).sort()).toEqual(['app-ada-1', 'app-ada-10', 'app-bob-2', 'app-cy-3', 'app-eve-5']);
    expect((await ok('ORD-77004')).results).toEqual([]);
  });

  it('ranks: the exact uid, its failures, uid prefixes, then messages, then payloads', async () => {
    expect(where((await ok('app-ada-1')).results)).toEqual([
      'session:app-ada-1:uid',
      'instance:app-ada-1/t_check#0:uid',
      'session:app-ada-10:uid',
    ]);
    // A message hit comes before a payload-only hit; newest failure first within a tier.
    expect(where((await ok('eve@example.com')).results)).toEqual(['instance:app-eve-5/t_check#0:message']);
    expect(where((await ok('ORD-770')).results)).toEqual([
      'instance:app-ada-10/t_check#0:message',
      'instance:app-ada-1/t_check#0:message',
      'instance:app-eve-5/t_check#0:payload',
      'instance:app-cy-3/t_check#0:payload',
      'instance:app-bob-2/t_check#0:payload',
    ]);
  });

  it('pages by an opaque cursor with no row skipped or repeated; a forged cursor restarts', async () => {
    const all = where((await ok('ORD-770')).results);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await ok('ORD-770', SHOW_EVERYTHING, cursor, 2);
      expect(page.results.length).toBeLessThanOrEqual(2);
      seen.push(...where(page.results));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all);
    expect((await ok('ORD-770', SHOW_EVERYTHING, 'garbage', 2)).cursorReset).toBe(true);
    await expect(searchHits(db, { text: 'ORD', payloads: true, cursor: encodeCursor(['9', '2026-01-01 00:00:00+00', 'a', '']) })).rejects.toThrow(InvalidCursorError);
  });

  it('escapes LIKE wildcards and takes regex characters literally', async () => {
    expect(where((await ok('100%')).results)).toEqual(['instance:app-cy-3/t_check#0:message']);
    expect(where((await ok('%_sure')).results)).toEqual(['instance:app-cy-3/t_check#0:payload']);
    expect((await ok('%%%')).results).toEqual([]);
    expect((await ok('___')).results).toEqual([]);
    expect((await ok('.*')).results).toEqual([]);
    expect((await ok('(a|b)[x]+\\')).results).toEqual([]);
  });

  it('answers bad input with a message, never an exception', async () => {
    for (const q of ['', '   ', 'a\u0000b', 'x'.repeat(10_000), '\ud800abc']) {
      const outcome = await searchIn(db, { q }, SHOW_EVERYTHING);
      expect(outcome.ok, q.slice(0, 10)).toBe(false);
    }
    expect(checkSearchText('x'.repeat(10_000))).toEqual({ ok: false, message: expect.stringContaining('10,000 characters') });
    // Under three characters only exact uids are looked up (a trigram index cannot narrow less).
    const short = await ok('ap');
    expect(short.shortText).toBe(true);
    expect(short.results).toEqual([]);
  });

  it('a viewer with hidden payloads finds nothing by payload and nothing that redaction hides', async () => {
    expect((await ok('ada.lovelace@example.com', VIEWER)).results).toEqual([]);
    expect((await ok('grace.hopper', VIEWER)).results).toEqual([]);
    expect((await ok('%_sure', VIEWER)).results).toEqual([]);
    // The email in eve's message is redacted for the viewer: no hit, and nothing of it shown.
    const eve = await ok('eve@example.com', VIEWER);
    expect(eve.results).toEqual([]);
    expect(eve).not.toHaveProperty('hiddenMatches'); // a count of dropped hits would confirm the hidden text
    // Words the viewer can read are found; the quoted postcode is not.
    const postcode = await ok('postcode', VIEWER);
    expect(where(postcode.results)).toEqual(['instance:app-bob-2/t_check#0:message']);
    expect(JSON.stringify(postcode.results)).not.toContain('ZZ9');
    expect((await ok('ZZ9 9ZZ', VIEWER)).results).toEqual([]);
    // uids stay searchable
    expect(where((await ok('app-bob-2', VIEWER)).results)).toEqual(['session:app-bob-2:uid', 'instance:app-bob-2/t_check#0:uid']);
  });

  it('snippetAround cuts long text around the match', () => {
    const text = `${'a'.repeat(100)}NEEDLE${'b'.repeat(100)}`;
    const snippet = snippetAround(text, 'needle');
    expect(snippet?.match).toBe('NEEDLE');
    expect(snippet?.before).toBe(`…${'a'.repeat(60)}`);
    expect(snippet?.after).toBe(`${'b'.repeat(60)}…`);
    expect(snippetAround(text, 'absent')).toBeNull();
  });
});

describe('the failed inbox "message or payload contains" filter', () => {
  it('filters by message and payload, escaping wildcards; without payloads only by message', async () => {
    const names = async (contains: string, containsPayloads = true) =>
      (await listFailedInstances(db, { contains, containsPayloads })).rows.map((r) => r.sessionUid).sort();
    expect(await names('declined')).toEqual(['app-ada-1', 'app-ada-10']);
    expect(await names('bob@example.com')).toEqual(['app-bob-2']);
    expect(await names('bob@example.com', false)).toEqual([]);
    expect(await names('100%')).toEqual(['app-cy-3']);
    expect(await names('%_')).toEqual(['app-cy-3']);
    expect(await names('t%check')).toEqual([]);
  });

  it('applies to a bulk selection by filter: only the matching failures are frozen', async () => {
    const draft = await createBulkDraft(db, {
      id: randomUUID(),
      selection: { kind: 'filter', filter: { contains: 'ORD-7700', containsPayloads: true }, description: '{}' },
      createdBy: 'operator@example.com',
      cap: 500,
    });
    expect(draft.total).toBe(4); // ada-1, bob-2, cy-3, eve-5 (dee-4 finished; ada-10 is ORD-77010)
    const items = await queryRows<{ session_uid: string }>(db, sql`select session_uid from bulk_operation_items where operation_id = ${draft.id} order by session_uid`);
    expect(items.map((i) => i.session_uid)).toEqual(['app-ada-1', 'app-bob-2', 'app-cy-3', 'app-eve-5']);
  });
});

describe('query plans use the trigram indexes (EXPLAIN, enable_seqscan = off)', () => {
  // Enough failures that a planner picks the trigram indexes (at a few thousand rows, a whole btree costs less).
  beforeAll(async () => {
    await db.execute(sql`insert into sessions (uid) select 'bulk-' || g from generate_series(1, 30000) g`);
    await db.execute(sql`insert into session_tasks (session_uid, name, position, run, after, unless, with_params, extra)
      select 'bulk-' || g, 't_bulk', 0, 'check', '[]', '[]', '{}', '{}' from generate_series(1, 30000) g`);
    await db.execute(sql`insert into task_instances (session_uid, name, task, seq, status, kwargs, abandon_state, metadata, exception_type, created_at, updated_at, failed_at)
      select 'bulk-' || g, 't_bulk#0', 't_bulk', 0, 'failed',
             jsonb_build_object('applied', jsonb_build_object('email', 'user' || g || '@example.net', 'orderId', 'BLK-' || g)), '[]',
             jsonb_build_object('exceptionType', 'TimeoutError', 'exceptionMessage', 'Timed out after ' || g || ' ms talking to host' || (g % 97)),
             'TimeoutError', now(), now(), now() - make_interval(secs => g)
      from generate_series(1, 30000) g`);
    await db.execute(sql`analyze`);
  }, 60_000);

  async function captured(run: (d: Database) => Promise<unknown>): Promise<CapturedQuery> {
    const { db: recorded, queries } = recording(db);
    await run(recorded);
    const query = queries.at(-1);
    if (!query) throw new Error('no query captured');
    return query;
  }
  const indexes = async (query: CapturedQuery) => {
    const plan = await explain(db, query);
    const described = JSON.stringify(plan.map((n) => [n['Node Type'], n['Relation Name'], n['Index Name']]));
    expect(plan.filter((n) => n['Node Type'] === 'Seq Scan'), described).toEqual([]);
    return plan.map((n) => n['Index Name']).filter(Boolean);
  };

  it('the search reads sessions and failed instances through their trigram indexes', async () => {
    const used = await indexes(await captured((d) => searchHits(d, { text: 'ada.lovelace', payloads: true })));
    expect(used).toEqual(
      expect.arrayContaining(['sessions_uid_trgm_idx', 'task_instances_failed_text_trgm_idx', 'task_instances_failed_payload_trgm_idx']),
    );
    const viewer = await indexes(await captured((d) => searchHits(d, { text: 'ada.lovelace', payloads: false })));
    expect(viewer).toContain('task_instances_failed_text_trgm_idx');
    expect(viewer).not.toContain('task_instances_failed_payload_trgm_idx');
  });

  it('the inbox filter reads failed instances through the trigram indexes', async () => {
    const used = await indexes(await captured((d) => listFailedInstances(d, { contains: 'declined', containsPayloads: true })));
    expect(used).toEqual(expect.arrayContaining(['task_instances_failed_text_trgm_idx', 'task_instances_failed_payload_trgm_idx']));
  });
});

describe('a failure that was worked on is still found', () => {
  it('a skipped or replayed failure is found by its kwargs, with its status now; the inbox filter lists only what is still failed', async () => {
    await seed('app-fay-6', { email: 'fay.wray@example.com', orderId: 'ORD-77006', fail: 'Payment declined for order ORD-77006' });
    await seed('app-gus-7', { email: 'gus.grissom@example.com', orderId: 'ORD-77007', fail: 'Payment declined for order ORD-77007' });
    const manager = (uid: string) => new TriggerManager(new PostgresStore(db, uid), { registry, runner: new InlineRunner() });
    await manager('app-fay-6').skipFailedInstance('t_check#0');
    const runner = new InlineRunner();
    await new TriggerManager(new PostgresStore(db, 'app-gus-7'), { registry, runner }).replayFailedInstance('t_check#0');
    await runner.drain(); // the clone fails again (same kwargs)

    const fay = (await ok('fay.wray@example.com')).results;
    expect(fay.map((r) => [r.sessionUid, r.name, r.status])).toEqual([['app-fay-6', 't_check#0', 'skipped']]);
    const gus = (await ok('gus.grissom@example.com')).results;
    expect(gus.map((r) => [r.name, r.status]).sort()).toEqual([
      ['t_check#0', 'replayed'],
      ['t_check#1', 'failed'],
    ]);
    const stillFailed = await listFailedInstances(db, { contains: 'ORD-7700', containsPayloads: true });
    expect(stillFailed.rows.map((r) => `${r.sessionUid}/${r.name}`)).not.toContain('app-fay-6/t_check#0');
    expect(stillFailed.rows.map((r) => `${r.sessionUid}/${r.name}`)).toContain('app-gus-7/t_check#1');
  });
});
