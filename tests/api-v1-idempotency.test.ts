/**
 * Idempotency-Key on POST …/triggers/{trigger}: a retry fires nothing and answers as the first
 * time; the key with a different request is refused; keys are per token and expire; concurrent
 * retries fire once (on PostgreSQL they really run at once: the second's claim waits for the
 * first's commit, fails, and rolls its fire back).
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAuditEvents } from '@/lib/db/queries/audit';
import { queryRows } from '@/lib/db/client';
import * as sessionsRoute from '@/app/api/v1/sessions/route';
import * as triggerRoute from '@/app/api/v1/sessions/[uid]/triggers/[trigger]/route';
import { createApiToken } from '@/lib/tokens';
import { call, problemOf, startApiHarness, type ApiHarness } from './support/api-harness';

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(() => h.close());

const EVERY = { t_every: { after: [], andEvery: 'tick', run: 'echo' } };
async function session(uid: string): Promise<void> {
  expect((await call(sessionsRoute.POST, 'POST', '/api/v1/sessions', { token: h.operate, json: { uid, configuration: EVERY } })).status).toBe(201);
}
const tick = (uid: string, kwargs: unknown, key: string | null, token = h.operate) =>
  call(triggerRoute.POST, 'POST', `/api/v1/sessions/${encodeURIComponent(uid)}/triggers/tick`, {
    token,
    json: kwargs,
    params: { uid, trigger: 'tick' },
    headers: key === null ? {} : { 'Idempotency-Key': key },
  });
async function instanceCount(uid: string): Promise<number> {
  const [row] = await queryRows<{ n: number }>(h.db, sql`select count(*)::int as n from task_instances where session_uid = ${uid}`);
  return Number(row?.n);
}
async function okFires(uid: string): Promise<number> {
  return (await listAuditEvents(h.db, { action: 'fire-trigger', sessionUid: uid, outcome: 'ok' }, { limit: 100 })).rows.length;
}

describe('Idempotency-Key', () => {
  it('a retry fires nothing and gets the first answer (same status and body, marked replayed)', async () => {
    await session('idem:retry');
    const first = await tick('idem:retry', { n: 1 }, 'key-1');
    const firstBody = await first.json();
    expect(first.status).toBe(200);
    expect(firstBody.instances).toEqual([{ name: 't_every#0', task: 't_every', status: 'scheduled', created: true }]);
    await h.engine.inline.drain();
    for (let i = 0; i < 3; i++) {
      const retry = await tick('idem:retry', { n: 1 }, 'key-1');
      expect(retry.status).toBe(200);
      expect(retry.headers.get('idempotent-replayed')).toBe('true');
      expect(await retry.json()).toEqual(firstBody); // as first answered, though t_every#0 has finished since
    }
    expect(await instanceCount('idem:retry')).toBe(1);
    expect(await okFires('idem:retry')).toBe(1);
    // Without a key, each request fires.
    await tick('idem:retry', { n: 1 }, null);
    expect(await instanceCount('idem:retry')).toBe(2);
  });

  it('the key with a different request (body, trigger, query) is a 422 problem and fires nothing', async () => {
    await session('idem:reuse');
    expect((await tick('idem:reuse', { n: 1 }, 'key-2')).status).toBe(200);
    const other = await problemOf(await tick('idem:reuse', { n: 2 }, 'key-2'));
    expect(other).toMatchObject({ status: 422, type: 'https://triggerboard.dev/problems/idempotency-key-reused' });
    const elsewhere = await call(triggerRoute.POST, 'POST', '/api/v1/sessions/idem%3Areuse/triggers/tick?reason=another%20reason', {
      token: h.operate, json: { n: 1 }, params: { uid: 'idem:reuse', trigger: 'tick' }, headers: { 'Idempotency-Key': 'key-2' },
    });
    expect(elsewhere.status).toBe(422);
    expect(await instanceCount('idem:reuse')).toBe(1);
  });

  it('keys belong to their token: another token\'s same key is its own request', async () => {
    await session('idem:tokens');
    const other = await createApiToken(h.db, { name: 'second-service', scope: 'operate', createdBy: 'admin' });
    expect((await tick('idem:tokens', {}, 'shared-key')).status).toBe(200);
    const second = await tick('idem:tokens', {}, 'shared-key', other.secret);
    expect(second.headers.get('idempotent-replayed')).toBeNull();
    expect(await instanceCount('idem:tokens')).toBe(2);
  });

  it('a refused fire stores no answer: after the session exists the same key fires', async () => {
    expect((await tick('idem:later', {}, 'key-3')).status).toBe(404);
    await session('idem:later');
    const fired = await tick('idem:later', {}, 'key-3');
    expect(fired.status).toBe(200);
    expect(fired.headers.get('idempotent-replayed')).toBeNull();
    expect(await instanceCount('idem:later')).toBe(1);
  });

  it('an expired key (24 h) is a new request', async () => {
    await session('idem:expired');
    await tick('idem:expired', {}, 'key-4');
    await h.db.execute(sql`update api_idempotency_keys set expires_at = now() - interval '1 second' where key = 'key-4'`);
    const again = await tick('idem:expired', {}, 'key-4');
    expect(again.headers.get('idempotent-replayed')).toBeNull();
    expect(await instanceCount('idem:expired')).toBe(2);
    const [row] = await queryRows<{ later: boolean }>(h.db, sql`select expires_at > now() + interval '23 hours' as later from api_idempotency_keys where key = 'key-4'`);
    expect(row?.later).toBe(true);
  });

  it('concurrent retries with one key fire once, and all get the same answer', async () => {
    await session('idem:race');
    const answers = await Promise.all(Array.from({ length: 8 }, () => tick('idem:race', { order: 42 }, 'race-key')));
    const bodies = await Promise.all(answers.map((a) => a.json()));
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(200));
    for (const body of bodies) expect(body).toEqual(bodies[0]);
    expect(bodies[0].instances).toHaveLength(1);
    await h.engine.inline.drain();
    expect(await instanceCount('idem:race')).toBe(1);
    expect(await okFires('idem:race')).toBe(1);
    expect(answers.filter((a) => a.headers.get('idempotent-replayed') === 'true')).toHaveLength(7);
    // The requests that got past the first lookup before the winner committed fired too, then
    // rolled back at the claim: their audit rows say so (outcome error), and changed nothing.
    const lost = (await listAuditEvents(h.db, { action: 'fire-trigger', sessionUid: 'idem:race', outcome: 'error' }, { limit: 100 })).rows;
    for (const row of lost) expect(row.error).toMatch(/^IdempotencyKeyTakenError: /);
    console.info(`race: ${lost.length} of 7 retries lost the claim after firing (rolled back), the rest found the stored answer`);
  });
});
