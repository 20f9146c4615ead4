/**
 * /api/v1 refusals, on every endpoint: no token, a malformed, unknown or revoked one, a session
 * cookie instead of a token (401 + WWW-Authenticate), a read token on writes (403), and the
 * error classes (404 route, 405 + Allow, 413 streamed, 415, 400 JSON, 422, 500 with a request id)
 * all as problem+json without a stack.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { revokeApiTokenRow, listApiTokenRows } from '@/lib/db/queries/api-tokens';
import { newApiTokenSecret } from '@/lib/tokens';
import { authFailureProblem } from '@/lib/api/auth';
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
import * as catchAll from '@/app/api/v1/[...path]/route';
import { call, problemOf, startApiHarness, type ApiHarness } from './support/api-harness';
import { failedGreeting } from './support/recovery-fixture';

let h: ApiHarness;
let revoked: string;
beforeAll(async () => {
  h = await startApiHarness();
  await failedGreeting(h.engine, 'err:s');
  const { createApiToken } = await import('@/lib/tokens');
  const token = await createApiToken(h.db, { name: 'old-service', scope: 'operate', createdBy: 'admin' });
  revoked = token.secret;
  await revokeApiTokenRow(h.db, token.token.id, 'admin', new Date());
});
afterAll(() => h.close());

const uid = 'err:s';
const name = 't_greet#0';
/** One valid request per endpoint (the writes would change something if allowed). */
const ENDPOINTS = [
  { id: 'createSession', write: true, run: (token: string | null) => call(sessionsRoute.POST, 'POST', '/api/v1/sessions', { token, json: { uid: 'err:new', configuration: {} } }) },
  { id: 'getSession', write: false, run: (token: string | null) => call(sessionRoute.GET, 'GET', '/', { token, params: { uid } }) },
  { id: 'configureSession', write: true, run: (token: string | null) => call(configurationRoute.PUT, 'PUT', '/', { token, params: { uid }, json: {} }) },
  { id: 'getSnapshot', write: false, run: (token: string | null) => call(snapshotRoute.GET, 'GET', '/', { token, params: { uid } }) },
  { id: 'fireTrigger', write: true, run: (token: string | null) => call(triggerRoute.POST, 'POST', '/', { token, params: { uid, trigger: 'formReceived' }, json: { name: 'x' } }) },
  { id: 'listInstances', write: false, run: (token: string | null) => call(instancesRoute.GET, 'GET', '/', { token, params: { uid } }) },
  { id: 'getInstance', write: false, run: (token: string | null) => call(instanceRoute.GET, 'GET', '/', { token, params: { uid, name } }) },
  { id: 'replayInstance', write: true, run: (token: string | null) => call(replayRoute.POST, 'POST', '/', { token, params: { uid, name }, json: { reason: 'try again' } }) },
  { id: 'skipInstance', write: true, run: (token: string | null) => call(skipRoute.POST, 'POST', '/', { token, params: { uid, name }, json: { reason: 'give up' } }) },
  { id: 'listFailed', write: false, run: (token: string | null) => call(failedRoute.GET, 'GET', '/api/v1/failed', { token }) },
];

describe('authentication', () => {
  it.each(ENDPOINTS.map((e) => [e.id, e] as const))('%s: 401 problem with WWW-Authenticate without a valid token', async (_id, endpoint) => {
    const cases: [string | null, string, RegExp][] = [
      [null, 'Bearer realm="triggerboard"', /Send an API token/],
      ['not-a-token', 'Bearer realm="triggerboard", error="invalid_token"', /not "Bearer tb_…"/],
      [newApiTokenSecret(), 'Bearer realm="triggerboard", error="invalid_token"', /unknown or was revoked/],
      [revoked, 'Bearer realm="triggerboard", error="invalid_token"', /unknown or was revoked/],
    ];
    for (const [token, challenge, detail] of cases) {
      const response = await endpoint.run(token);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe(challenge);
      const problem = await problemOf(response);
      expect(problem).toMatchObject({ type: 'https://triggerboard.dev/problems/unauthenticated', title: 'Authentication required' });
      expect(problem.detail).toMatch(detail);
    }
  });

  it('a rate-limited token is answered 429 with Retry-After in whole seconds (the limiter itself: lib/tokens)', async () => {
    const response = authFailureProblem({ ok: false, reason: 'rate-limited', retryAfterSeconds: 2.2 });
    expect(response.headers.get('retry-after')).toBe('3');
    expect(await problemOf(response)).toMatchObject({ status: 429, type: 'https://triggerboard.dev/problems/rate-limited', detail: 'This token sent too many requests: retry in 3 s.' });
  });

  it('a session cookie does not authenticate the API (tokens only: no CSRF surface)', async () => {
    const response = await call(sessionRoute.GET, 'GET', '/', { params: { uid }, headers: { Cookie: 'tb_session=anything; other=1' } });
    expect(response.status).toBe(401);
  });

  it('refuses before reading the body: a stranger\'s endless body is never pulled', async () => {
    let pulls = 0;
    const endless = new ReadableStream<Uint8Array>({ pull: (controller) => void (pulls++, controller.enqueue(new Uint8Array(65_536))) });
    const response = await call(triggerRoute.POST, 'POST', '/', { raw: endless, params: { uid, trigger: 'x' } });
    expect(response.status).toBe(401);
    expect(pulls).toBeLessThanOrEqual(1); // a stream may pre-pull its first chunk; never read on
  });
});

describe('scopes', () => {
  it.each(ENDPOINTS.filter((e) => e.write).map((e) => [e.id, e] as const))('%s: a read token is refused 403, nothing changes', async (_id, endpoint) => {
    const problem = await problemOf(await endpoint.run(h.read));
    expect(problem).toMatchObject({ status: 403, type: 'https://triggerboard.dev/problems/forbidden' });
    expect(problem.detail).toContain('read scope');
    expect((await call(instanceRoute.GET, 'GET', '/', { token: h.read, params: { uid, name } }).then((r) => r.json())).instance.status).toBe('failed');
  });

  it.each(ENDPOINTS.filter((e) => !e.write).map((e) => [e.id, e] as const))('%s: read and operate tokens may read', async (_id, endpoint) => {
    expect((await endpoint.run(h.read)).status).toBe(200);
    expect((await endpoint.run(h.operate)).status).toBe(200);
  });

  it('stamps the token\'s last use', async () => {
    const rows = await listApiTokenRows(h.db);
    expect(rows.find((r) => r.name === 'reporting')?.lastUsedAt).toBeInstanceOf(Date);
  });
});

describe('error classes are problem+json', () => {
  it('404 for an unknown route under /api/v1, whatever the method', async () => {
    for (const method of ['GET', 'POST', 'DELETE'] as const) {
      const problem = await problemOf(await call(catchAll[method], method, '/api/v1/nothing/here', { token: h.read }));
      expect(problem).toMatchObject({ status: 404, type: 'https://triggerboard.dev/problems/not-found', detail: 'There is no endpoint /api/v1/nothing/here: see /api/v1/openapi.json.' });
    }
  });

  it('405 with Allow for a method the endpoint does not have', async () => {
    const response = await call(sessionsRoute.DELETE, 'DELETE', '/api/v1/sessions', { token: h.operate });
    expect(response.headers.get('allow')).toBe('POST, OPTIONS');
    expect(await problemOf(response)).toMatchObject({ status: 405, type: 'https://triggerboard.dev/problems/method-not-allowed' });
    expect((await call(sessionRoute.PUT, 'PUT', '/', { params: { uid } })).headers.get('allow')).toBe('GET, HEAD, OPTIONS');
  });

  it('OPTIONS answers 204 with the same Allow as the 405', async () => {
    for (const [route, allow] of [[sessionsRoute, 'POST, OPTIONS'], [sessionRoute, 'GET, HEAD, OPTIONS'], [triggerRoute, 'POST, OPTIONS']] as const) {
      const options = await route.OPTIONS(new Request('http://localhost/api/v1/x', { method: 'OPTIONS' }), { params: Promise.resolve({}) });
      expect(options.status).toBe(204);
      expect(options.headers.get('allow')).toBe(allow);
      expect((await call(route.DELETE, 'DELETE', '/', { params: { uid, trigger: 'x' } })).headers.get('allow')).toBe(allow);
    }
  });

  it('413 for a body over 1 MB, checked while streaming (no Content-Length) and from Content-Length', async () => {
    let pulled = 0;
    const chunk = new TextEncoder().encode(`"${'x'.repeat(65_534)}"`);
    const streamed = new ReadableStream<Uint8Array>({ pull: (controller) => void (pulled++, controller.enqueue(chunk)) });
    const response = await call(triggerRoute.POST, 'POST', '/', { token: h.operate, raw: streamed, contentType: 'application/json', params: { uid, trigger: 'x' } });
    expect(await problemOf(response)).toMatchObject({ status: 413, type: 'https://triggerboard.dev/problems/payload-too-large' });
    expect(pulled).toBeLessThan(20); // stopped just past 1 MB of an endless body
    const declared = await call(triggerRoute.POST, 'POST', '/', { token: h.operate, raw: '{}', headers: { 'Content-Length': '5000000' }, params: { uid, trigger: 'x' } });
    expect(declared.status).toBe(413);
  });

  it('415 for a body that is not JSON, 400 for invalid JSON (with line and column), 422 for unstorable values', async () => {
    const post = (raw: string, contentType: string | null = 'application/json') => call(triggerRoute.POST, 'POST', '/', { token: h.operate, raw, contentType, params: { uid, trigger: 'x' } });
    expect(await problemOf(await post('name=x', 'application/x-www-form-urlencoded'))).toMatchObject({ status: 415 });
    expect(await problemOf(await post('{"a":1}', null))).toMatchObject({ status: 415 });
    const syntax = await problemOf(await post('{"a":\n  1,}'));
    expect(syntax).toMatchObject({ status: 400, type: 'https://triggerboard.dev/problems/invalid-json' });
    expect(syntax.detail).toContain('line 2, column');
    expect(await problemOf(await post('['.repeat(200) + ']'.repeat(200)))).toMatchObject({ status: 400 });
    const unstorable = await problemOf(await post('{"order":{"amount":1e400},"a":1,"a":2}'));
    expect(unstorable).toMatchObject({ status: 422, type: 'https://triggerboard.dev/problems/validation' });
    expect(unstorable.errors?.[0]?.path).toBe('order.amount');
    expect(await problemOf(await call(triggerRoute.POST, 'POST', '/', { token: h.operate, json: {}, headers: { 'Idempotency-Key': 'has space' }, params: { uid, trigger: 'x' } }))).toMatchObject({ status: 400, type: 'https://triggerboard.dev/problems/invalid-idempotency-key' });
  });

  it('route params are taken as Next.js decoded them, not decoded again', async () => {
    // `lit%41` (the request path said lit%2541) is its own uid, not `litA`.
    expect((await call(sessionsRoute.POST, 'POST', '/', { token: h.operate, json: { uid: 'lit%41', configuration: {} } })).status).toBe(201);
    expect((await call(sessionRoute.GET, 'GET', '/api/v1/sessions/lit%2541', { token: h.read, params: { uid: 'lit%41' } })).status).toBe(200);
    // …/instances/t_greet%25230 names `t_greet%230`, which is not t_greet#0.
    const other = await problemOf(await call(instanceRoute.GET, 'GET', '/', { token: h.read, params: { uid, name: 't_greet%230' } }));
    expect(other).toMatchObject({ status: 404, detail: `No instance named t_greet%230 in session ${uid}.` });
  });

  it('a NUL or over-long name in the path is 404, not a database error', async () => {
    expect((await call(sessionRoute.GET, 'GET', '/', { token: h.read, params: { uid: 'a\u0000b' } })).status).toBe(404);
    expect((await call(instanceRoute.GET, 'GET', '/', { token: h.read, params: { uid, name: 'x'.repeat(600) } })).status).toBe(404);
  });

  it('500 for the unexpected: a request id, the error logged on the server, nothing of it in the answer', async () => {
    const holder = globalThis as { __triggerboardDatabase?: Promise<unknown> };
    const saved = holder.__triggerboardDatabase;
    const failing = Promise.reject(new Error('connection to 10.0.0.7 refused: password=hunter2'));
    failing.catch(() => undefined);
    holder.__triggerboardDatabase = failing;
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const problem = await problemOf(await call(sessionRoute.GET, 'GET', '/', { token: h.read, params: { uid } }));
      expect(problem).toMatchObject({ status: 500, type: 'https://triggerboard.dev/problems/internal' });
      expect(problem.requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(JSON.stringify(problem)).not.toMatch(/hunter2|10\.0\.0\.7|Error/);
      expect(String(logged.mock.calls[0]?.[0])).toContain(problem.requestId!);
      expect(String(logged.mock.calls[0]?.[0])).toContain('hunter2');
    } finally {
      logged.mockRestore();
      holder.__triggerboardDatabase = saved;
    }
  });
});
