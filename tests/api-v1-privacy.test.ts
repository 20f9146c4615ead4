/**
 * Read tokens are viewers: under HIDE_PAYLOADS_FROM_VIEWERS they get what a viewer sees in the
 * dashboard (payloads hidden, exception text redacted); operate tokens see everything.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HIDDEN } from '@/lib/auth/payloads';
import * as sessionRoute from '@/app/api/v1/sessions/[uid]/route';
import * as snapshotRoute from '@/app/api/v1/sessions/[uid]/snapshot/route';
import * as instanceRoute from '@/app/api/v1/sessions/[uid]/instances/[name]/route';
import { call, startApiHarness, type ApiHarness } from './support/api-harness';
import { failedGreeting } from './support/recovery-fixture';

process.env.HIDE_PAYLOADS_FROM_VIEWERS = 'true'; // read once, on first use (lib/env.ts); this file's modules are its own

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
  await failedGreeting(h.engine, 'private:1');
});
afterAll(() => h.close());

const get = async (route: typeof sessionRoute.GET, token: string, params: Record<string, string>) => {
  const response = await call(route, 'GET', '/', { token, params });
  expect(response.status).toBe(200);
  return response.json();
};

describe('HIDE_PAYLOADS_FROM_VIEWERS', () => {
  it('hides kwargs from read tokens on the instance, the session and the snapshot; operate tokens see them', async () => {
    const params = { uid: 'private:1', name: 't_greet#0' };
    expect((await get(instanceRoute.GET, h.read, params)).instance.kwargs).toEqual({ formReceived: HIDDEN });
    expect((await get(instanceRoute.GET, h.operate, params)).instance.kwargs).toEqual({ formReceived: { nmae: 'typo' } });

    const session = await get(sessionRoute.GET, h.read, { uid: 'private:1' });
    expect(session.firedTriggers.map((t: { kwargs: unknown }) => t.kwargs)).toEqual([HIDDEN]);
    const snapshot = await get(snapshotRoute.GET, h.read, { uid: 'private:1' });
    expect(JSON.stringify(snapshot)).not.toContain('typo');
    expect(JSON.stringify(await get(snapshotRoute.GET, h.operate, { uid: 'private:1' }))).toContain('typo');
  });

  it("hides a task's withParams and custom directives from read tokens on the session, the instance and the snapshot", async () => {
    const manager = h.engine.managerFor('private:params');
    await manager.updateConfiguration({ t_echo: { after: ['go'], run: 'echo', withParams: { crm: { apiKey: 'sk-secret' } }, owner: 'ada@example.com' } });
    await manager.fire('go', {});
    await h.engine.inline.drain();
    const leaks = (value: unknown) => /sk-secret|ada@example\.com/.test(JSON.stringify(value));
    const session = await get(sessionRoute.GET, h.read, { uid: 'private:params' });
    expect(session.tasks[0]).toMatchObject({ name: 't_echo', run: 'echo', withParams: { crm: HIDDEN }, extra: { owner: HIDDEN } });
    const params = { uid: 'private:params', name: 't_echo#0' };
    expect((await get(instanceRoute.GET, h.read, params)).task.withParams).toEqual({ crm: HIDDEN });
    for (const [route, p] of [[sessionRoute.GET, { uid: 'private:params' }], [instanceRoute.GET, params], [snapshotRoute.GET, { uid: 'private:params' }]] as const) {
      expect(leaks(await get(route, h.read, p))).toBe(false);
      expect(leaks(await get(route, h.operate, p))).toBe(true);
    }
  });
});
