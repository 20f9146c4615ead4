/**
 * Contract of /api/v1 (lib/api, app/api/v1): every endpoint's success checked against its
 * documented response schema, with the rows it wrote; refusals as problem+json. Auth failures,
 * scopes and the error classes: api-v1-errors.test.ts; idempotency: api-v1-idempotency.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAuditEvents } from '@/lib/db/queries/audit';
import * as s from '@/lib/api/schemas';
import * as sessionsRoute from '@/app/api/v1/sessions/route';
import * as sessionRoute from '@/app/api/v1/sessions/[uid]/route';
import * as configurationRoute from '@/app/api/v1/sessions/[uid]/configuration/route';
import * as snapshotRoute from '@/app/api/v1/sessions/[uid]/snapshot/route';
import * as triggerRoute from '@/app/api/v1/sessions/[uid]/triggers/[trigger]/route';
import * as instancesRoute from '@/app/api/v1/sessions/[uid]/instances/route';
import * as instanceRoute from '@/app/api/v1/sessions/[uid]/instances/[name]/route';
import * as replayRoute from '@/app/api/v1/sessions/[uid]/instances/[name]/replay/route';
import * as skipRoute from '@/app/api/v1/sessions/[uid]/instances/[name]/skip/route';
import * as failedRoute from '@/app/api/v1/failed/route';
import { call, problemOf, startApiHarness, type ApiHarness } from './support/api-harness';
import { failedGreeting } from './support/recovery-fixture';

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(() => h.close());

const GREETING = { t_greet: { after: ['formReceived'], run: 'needsName' }, t_after: { after: ['t_greet'], run: 'echo' } };
const create = (uid: string, configuration: unknown = GREETING, token = h.operate) => call(sessionsRoute.POST, 'POST', '/api/v1/sessions', { token, json: { uid, configuration } });
const fire = (uid: string, trigger: string, kwargs?: unknown, token = h.operate, headers: Record<string, string> = {}) =>
  call(triggerRoute.POST, 'POST', `/api/v1/sessions/${encodeURIComponent(uid)}/triggers/${trigger}`, { token, json: kwargs, params: { uid, trigger }, headers });

describe('sessions', () => {
  it('POST /sessions creates a session (201) and audits it as the token; the same uid again is a 409 problem', async () => {
    const created = await create('api:orders/1');
    expect(created.status).toBe(201);
    expect(s.sessionConfiguredResponse.parse(await created.json())).toEqual({ uid: 'api:orders/1', tasks: ['t_greet', 't_after'] });
    const [row] = (await listAuditEvents(h.db, { action: 'session-create', sessionUid: 'api:orders/1' }, { limit: 5 })).rows;
    expect(row).toMatchObject({ actorKind: 'token', actorEmail: 'token:billing-service', outcome: 'ok', input: { configuration: GREETING } });

    const again = await problemOf(await create('api:orders/1', { other: { after: ['x'], run: 'echo' } }));
    expect(again).toMatchObject({ status: 409, type: 'https://triggerboard.dev/problems/conflict' });
    expect(again.detail).toContain('exists already');
    // Nothing changed: still the first configuration.
    const read = (await (await call(sessionRoute.GET, 'GET', '/api/v1/sessions/x', { token: h.read, params: { uid: 'api:orders/1' } })).json()) as { tasks: { name: string }[] };
    expect(read.tasks.map((t) => t.name)).toEqual(['t_greet', 't_after']);
  });

  it('refuses invalid input with each field error: the body schema (422 validation), the engine (422 rejected)', async () => {
    const invalid = await problemOf(await call(sessionsRoute.POST, 'POST', '/api/v1/sessions', { token: h.operate, json: { uid: '', configuration: { t: { after: 'x', run: 'echo' } }, extra: 1 } }));
    expect(invalid).toMatchObject({ status: 422, type: 'https://triggerboard.dev/problems/validation' });
    expect(invalid.errors?.map((e) => e.path).sort()).toEqual(['', 'configuration.t.after', 'uid']);
    const rejected = await problemOf(await create('api:bad-config', { t: { after: [], run: 'echo' } }));
    expect(rejected).toMatchObject({ status: 422, type: 'https://triggerboard.dev/problems/rejected' });
    expect((await call(sessionRoute.GET, 'GET', '/', { token: h.read, params: { uid: 'api:bad-config' } })).status).toBe(404);
  });

  it('PUT …/configuration changes the configuration (200, audited); an unknown session is 404', async () => {
    await create('api:configure');
    const put = await call(configurationRoute.PUT, 'PUT', '/api/v1/sessions/api%3Aconfigure/configuration', {
      token: h.operate,
      params: { uid: 'api:configure' },
      json: { ...GREETING, t_more: { after: ['formReceived'], run: 'echo' } },
    });
    expect(put.status).toBe(200);
    expect(s.sessionConfiguredResponse.parse(await put.json()).tasks).toEqual(['t_greet', 't_after', 't_more']);
    expect((await listAuditEvents(h.db, { action: 'session-configure', sessionUid: 'api:configure' }, { limit: 5 })).rows).toHaveLength(1);
    const missing = await call(configurationRoute.PUT, 'PUT', '/', { token: h.operate, params: { uid: 'api:nobody' }, json: GREETING });
    expect(await problemOf(missing)).toMatchObject({ status: 404, type: 'https://triggerboard.dev/problems/not-found' });
  });

  it('GET /sessions/{uid} and …/snapshot answer the session and its debug snapshot; unknown uids are 404', async () => {
    await create('api:read');
    await fire('api:read', 'formReceived', { name: 'Ada' });
    await h.engine.inline.drain();
    const session = await call(sessionRoute.GET, 'GET', '/', { token: h.read, params: { uid: 'api:read' } });
    expect(session.status).toBe(200);
    const view = s.sessionResponse.parse(await session.json());
    expect(view.firedTriggers).toContainEqual(expect.objectContaining({ trigger: 'formReceived', kwargs: { name: 'Ada' } }));
    const snapshot = await call(snapshotRoute.GET, 'GET', '/', { token: h.read, params: { uid: 'api:read' } });
    expect(Object.keys(s.snapshotResponse.parse(await snapshot.json()).instances)).toEqual(expect.arrayContaining(['t_greet#0', 't_after#0']));
    for (const route of [sessionRoute.GET, snapshotRoute.GET]) {
      expect(await problemOf(await call(route, 'GET', '/', { token: h.read, params: { uid: 'api:none' } }))).toMatchObject({ status: 404 });
    }
  });
});

describe('triggers', () => {
  it('POST …/triggers/{trigger} fires the kwargs (audited as the token) and answers the instances it created or made ready', async () => {
    await create('api:fire');
    const first = await fire('api:fire', 'formReceived', { name: 'Ada' });
    expect(first.status).toBe(200);
    expect(s.fireResponse.parse(await first.json())).toEqual({
      uid: 'api:fire',
      trigger: 'formReceived',
      instances: [{ name: 't_greet#0', task: 't_greet', status: 'scheduled', created: true }],
      scheduled: ['t_greet#0'],
    });
    await h.engine.inline.drain();
    const [row] = (await listAuditEvents(h.db, { action: 'fire-trigger', sessionUid: 'api:fire' }, { limit: 5 })).rows;
    expect(row).toMatchObject({ actorKind: 'token', outcome: 'ok', input: { trigger: 'formReceived', kwargs: { name: 'Ada' }, reason: 'Fired through the HTTP API' } });

    // A trigger no task uses: fired, nothing created.
    expect(await (await fire('api:fire', 'nobodyListens')).json()).toEqual({ uid: 'api:fire', trigger: 'nobodyListens', instances: [], scheduled: [] });
    // An empty body is {}; a reason may come in the query.
    const withReason = await call(triggerRoute.POST, 'POST', '/api/v1/sessions/api%3Afire/triggers/ping?reason=nightly%20batch', { token: h.operate, params: { uid: 'api:fire', trigger: 'ping' } });
    expect(withReason.status).toBe(200);
  });

  it('refuses a session that does not exist (404, recorded, nothing created) and a body that is not an object (422)', async () => {
    expect(await problemOf(await fire('api:ghost', 'formReceived', {}))).toMatchObject({ status: 404, type: 'https://triggerboard.dev/problems/not-found' });
    expect((await call(sessionRoute.GET, 'GET', '/', { token: h.read, params: { uid: 'api:ghost' } })).status).toBe(404);
    expect((await listAuditEvents(h.db, { action: 'fire-trigger', sessionUid: 'api:ghost' }, { limit: 5 })).rows[0]).toMatchObject({ outcome: 'error' });
    await create('api:fire-bad');
    const notObject = await problemOf(await fire('api:fire-bad', 'formReceived', [1, 2]));
    expect(notObject).toMatchObject({ status: 422, type: 'https://triggerboard.dev/problems/validation' });
  });
});

describe('task schemas', () => {
  it('kwargs that fail a waiting task\'s schema are a 422 `schema` problem with the issues; ?override=true fires anyway (recorded)', async () => {
    await create('api:typed', { t_welcome: { after: ['signup'], run: 'welcome' } });
    const refused = await problemOf(await fire('api:typed', 'signup', { email: 'not-an-email' }));
    expect(refused).toMatchObject({ status: 422, type: 'https://triggerboard.dev/problems/schema' });
    expect(refused.errors).toEqual([expect.objectContaining({ path: expect.stringContaining('email') })]);
    expect((await call(instancesRoute.GET, 'GET', '/', { token: h.read, params: { uid: 'api:typed' } }).then((r) => r.json())).instances).toEqual([]);

    const anyway = await call(triggerRoute.POST, 'POST', '/api/v1/sessions/api%3Atyped/triggers/signup?override=true&reason=backfill%20from%20CRM', {
      token: h.operate, json: { email: 'not-an-email' }, params: { uid: 'api:typed', trigger: 'signup' },
    });
    expect(anyway.status).toBe(200);
    const [row] = (await listAuditEvents(h.db, { action: 'fire-trigger', sessionUid: 'api:typed', outcome: 'ok' }, { limit: 5 })).rows;
    expect(row?.input).toMatchObject({ override: true, reason: 'backfill from CRM' });
  });
});

describe('instances', () => {
  it('GET …/instances pages by keyset with an opaque cursor, filtered by status and task', async () => {
    await create('api:many', { t_every: { after: [], andEvery: 'tick', run: 'echo' }, t_greet: GREETING.t_greet });
    for (let i = 0; i < 5; i++) await fire('api:many', 'tick', { i });
    await fire('api:many', 'formReceived', {});
    await h.engine.inline.drain();
    const page = async (query: string) => {
      const response = await call(instancesRoute.GET, 'GET', `/api/v1/sessions/api%3Amany/instances${query}`, { token: h.read, params: { uid: 'api:many' } });
      expect(response.status).toBe(200);
      return s.instancesPageResponse.parse(await response.json());
    };
    const seen: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const next = await page(`?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(next.instances.length).toBeLessThanOrEqual(2);
      seen.push(...next.instances.map((i) => i.name));
      cursor = next.nextCursor;
    }
    expect(seen).toEqual(['t_every#0', 't_every#1', 't_every#2', 't_every#3', 't_every#4', 't_greet#0']);
    expect((await page('?status=failed')).instances.map((i) => i.name)).toEqual(['t_greet#0']);
    expect((await page('?task=t_every&status=finished&limit=3')).instances.map((i) => i.name)).toEqual(['t_every#0', 't_every#1', 't_every#2']);

    const bad = await call(instancesRoute.GET, 'GET', '/api/v1/sessions/api%3Amany/instances?status=exploded&limit=0&color=red', { token: h.read, params: { uid: 'api:many' } });
    expect((await problemOf(bad)).errors?.map((e) => e.path).sort()).toEqual(['query', 'query.limit', 'query.status']);
    const cursorOfElsewhere = await call(instancesRoute.GET, 'GET', '/api/v1/sessions/api%3Amany/instances?cursor=MTIz', { token: h.read, params: { uid: 'api:many' } });
    expect(await problemOf(cursorOfElsewhere)).toMatchObject({ status: 400, type: 'https://triggerboard.dev/problems/invalid-cursor' });
  });

  it('GET …/instances/{name} answers the instance with its lineage; an unknown one is 404', async () => {
    await failedGreeting(h.engine, 'api:one');
    const response = await call(instanceRoute.GET, 'GET', '/', { token: h.read, params: { uid: 'api:one', name: 't_greet#0' } });
    const detail = s.instanceResponse.parse(await response.json());
    expect(detail.instance).toMatchObject({ name: 't_greet#0', status: 'failed', kwargs: { formReceived: { nmae: 'typo' } } });
    const missing = await problemOf(await call(instanceRoute.GET, 'GET', '/', { token: h.read, params: { uid: 'api:one', name: 't_greet#9' } }));
    expect(missing).toMatchObject({ status: 404, detail: 'No instance named t_greet#9 in session api:one.' });
  });

  it('POST …/replay replays like the dashboard (replacement kwargs, audited); a second replay is a 409 problem', async () => {
    await failedGreeting(h.engine, 'api:replay');
    const replay = (body: unknown) => call(replayRoute.POST, 'POST', '/', { token: h.operate, params: { uid: 'api:replay', name: 't_greet#0' }, json: body });
    expect((await problemOf(await replay({ reason: 'x' }))).errors).toEqual([{ path: 'reason', message: 'Say briefly why (at least 3 characters): it is kept with the change.' }]);
    const done = await replay({ replacementKwargs: { formReceived: { name: 'Ada' } }, reason: 'typo in the form' });
    expect(done.status).toBe(200);
    const body = s.replayResponse.parse(await done.json());
    expect(body.clone).toMatchObject({ name: 't_greet#1', kwargs: { formReceived: { name: 'Ada' } } });
    await h.engine.inline.drain();
    const again = await problemOf(await replay({ reason: 'once more' }));
    expect(again).toMatchObject({ status: 409, type: 'https://triggerboard.dev/problems/conflict' });
    expect(again.detail).toContain('was already replayed by token:billing-service as t_greet#1');
  });

  it('POST …/skip skips like the dashboard: an empty cascade must be confirmed (422), a result cascades', async () => {
    await failedGreeting(h.engine, 'api:skip');
    const skip = (body: unknown) => call(skipRoute.POST, 'POST', '/', { token: h.operate, params: { uid: 'api:skip', name: 't_greet#0' }, json: body });
    const unconfirmed = await problemOf(await skip({ cascade: true, reason: 'handled by phone' }));
    expect(unconfirmed).toMatchObject({ status: 422, type: 'https://triggerboard.dev/problems/confirm-empty-cascade' });
    const done = await skip({ cascade: true, result: { greeting: 'hello by phone' }, reason: 'handled by phone' });
    expect(s.skipResponse.parse(await done.json())).toMatchObject({ skipped: { name: 't_greet#0', status: 'skipped' }, cascade: { fired: 't_greet', scheduled: ['t_after#0'] } });
  });
});

describe('failed inbox', () => {
  it('GET /failed lists failures with the inbox filters, keyset paged', async () => {
    await failedGreeting(h.engine, 'api:failed:a');
    await failedGreeting(h.engine, 'api:failed:b');
    const list = async (query: string) => {
      const response = await call(failedRoute.GET, 'GET', `/api/v1/failed${query}`, { token: h.read });
      expect(response.status).toBe(200);
      return s.failedResponse.parse(await response.json());
    };
    const bySession = await list('?session=api%3Afailed%3Ab');
    expect(bySession.instances.map((i) => `${i.sessionUid} ${i.name}`)).toEqual(['api:failed:b t_greet#0']);
    const first = await list('?task=t_greet&limit=1');
    expect(first.total).toBeGreaterThanOrEqual(2);
    const second = await list(`?task=t_greet&limit=1&cursor=${encodeURIComponent(first.nextCursor!)}`);
    expect(second.instances[0]!.sessionUid).not.toBe(first.instances[0]!.sessionUid);
    const invalid = await problemOf(await call(failedRoute.GET, 'GET', '/api/v1/failed?age=century', { token: h.read }));
    expect(invalid.errors).toEqual([{ path: 'query.age', message: 'Not a valid value.' }]);
  });
});
