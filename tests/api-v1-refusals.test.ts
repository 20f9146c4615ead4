/**
 * /api/v1 refusing what it would otherwise accept and lose or break: a `run` no handler has, a
 * `__proto__` task, a skip's result without a cascade; PUT …/configuration merging (and saying
 * so); query validation on reads; the `schema` problem's API wording; and the document's
 * details (invalid-path, Idempotency-Key pattern, Idempotent-Replayed, the skip rule).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument } from '@/lib/api/openapi';
import * as s from '@/lib/api/schemas';
import * as sessionsRoute from '@/app/api/v1/sessions/route';
import * as sessionRoute from '@/app/api/v1/sessions/[uid]/route';
import * as configurationRoute from '@/app/api/v1/sessions/[uid]/configuration/route';
import * as triggerRoute from '@/app/api/v1/sessions/[uid]/triggers/[trigger]/route';
import * as instancesRoute from '@/app/api/v1/sessions/[uid]/instances/route';
import * as instanceRoute from '@/app/api/v1/sessions/[uid]/instances/[name]/route';
import * as skipRoute from '@/app/api/v1/sessions/[uid]/instances/[name]/skip/route';
import { call, problemOf, startApiHarness, type ApiHarness } from './support/api-harness';
import { failedGreeting } from './support/recovery-fixture';

let h: ApiHarness;
beforeAll(async () => {
  h = await startApiHarness();
});
afterAll(() => h.close());

const GREETING = { t_greet: { after: ['formReceived'], run: 'needsName' }, t_after: { after: ['t_greet'], run: 'echo' } };
const create = (uid: string, configuration: unknown) => call(sessionsRoute.POST, 'POST', '/api/v1/sessions', { token: h.operate, json: { uid, configuration } });
const configure = (uid: string, configuration: unknown) => call(configurationRoute.PUT, 'PUT', '/', { token: h.operate, params: { uid }, json: configuration });
const taskNames = async (uid: string) => ((await (await call(sessionRoute.GET, 'GET', '/', { token: h.read, params: { uid } })).json()) as { tasks: { name: string }[] }).tasks.map((t) => t.name);

describe('configurations', () => {
  it('a `run` no handler has is refused (422 at configuration.<task>.run, naming the known handlers), on create and on change', async () => {
    const created = await problemOf(await create('ref:unknown-run', { t_ok: GREETING.t_greet, t_bad: { after: ['x'], run: 'nope' } }));
    expect(created).toMatchObject({ status: 422, type: 'https://triggerboard.dev/problems/validation' });
    expect(created.errors).toEqual([{ path: 'configuration.t_bad.run', message: expect.stringContaining('the known handlers are needsName, echo') }]);
    expect((await call(sessionRoute.GET, 'GET', '/', { token: h.read, params: { uid: 'ref:unknown-run' } })).status).toBe(404);

    expect((await create('ref:unknown-run', GREETING)).status).toBe(201);
    const changed = await problemOf(await configure('ref:unknown-run', { t_new: { after: ['x'], run: 'nope' } }));
    expect(changed).toMatchObject({ status: 422, errors: [{ path: 'configuration.t_new.run' }] });
    expect(await taskNames('ref:unknown-run')).toEqual(['t_greet', 't_after']);
  });

  it('PUT …/configuration merges: the tasks it names are added or replaced, the others kept, and the answer lists them all', async () => {
    expect((await create('ref:merge', GREETING)).status).toBe(201);
    const put = await configure('ref:merge', { t_more: { after: ['formReceived'], run: 'echo' } });
    expect(put.status).toBe(200);
    expect(s.sessionConfiguredResponse.parse(await put.json())).toEqual({ uid: 'ref:merge', tasks: ['t_greet', 't_after', 't_more'] });
    const operation = (openApiDocument() as { paths: Record<string, { put?: { summary: string; description: string } }> }).paths['/api/v1/sessions/{uid}/configuration']!.put!;
    expect(operation.summary).not.toMatch(/replace a session's configuration/i);
    expect(operation.description).toContain('tasks it does not name are kept');
  });

  it('names people read are printable: invisible or text-direction characters in a new uid, a task or a trigger are refused (422); a too long uid says so', async () => {
    for (const [uid, configuration, path] of [
      ['ref:bidi\u202Ex', GREETING, 'uid'],
      ['ref:zw\u200Bx', GREETING, 'uid'],
      ['ref:task', { 't_\u202Ex': { after: ['formReceived'], run: 'echo' } }, 'configuration.t_\u202Ex'],
      ['ref:after', { t_x: { after: ['g\u202Eo'], run: 'echo' } }, 'configuration.t_x.after.0'],
      ['ref:unless', { t_x: { after: ['go'], unless: ['n\u200Bo'], run: 'echo' } }, 'configuration.t_x.unless.0'],
      ['ref:every', { t_x: { after: [], andEvery: 't\u00ADick', run: 'echo' } }, 'configuration.t_x.andEvery'],
    ] as const) {
      const problem = await problemOf(await create(uid, configuration));
      expect(problem, path).toMatchObject({ status: 422, errors: [{ path, message: expect.stringMatching(/only printable characters/) }] });
    }
    const utf16 = await call(sessionsRoute.POST, 'POST', '/', {
      token: h.operate,
      raw: JSON.stringify({ uid: 'ref:utf16', configuration: GREETING }),
      contentType: 'application/json; charset=utf-16',
    });
    expect(utf16.status).toBe(415);
    const long = await problemOf(await create('u'.repeat(5000), GREETING));
    expect(long).toMatchObject({ status: 422, errors: [{ path: 'uid', message: 'The session uid is longer than 500 characters.' }] });
    // A trigger no configuration can name is not found, and the answer writes the character out.
    const fired = await problemOf(await call(triggerRoute.POST, 'POST', '/', { token: h.operate, params: { uid: 'ref:x', trigger: 'g\u202Eo' }, json: {} }));
    expect(fired).toMatchObject({ status: 404, detail: 'Nothing is at ref:x / g\\u{202E}o.' });
  });

  it('a task named __proto__, constructor or prototype is refused (422), not dropped; so is a __proto__ key in any body', async () => {
    const proto = await problemOf(await call(sessionsRoute.POST, 'POST', '/', { token: h.operate, raw: '{"uid":"ref:proto","configuration":{"__proto__":{"after":["x"],"run":"echo"}}}' }));
    expect(proto).toMatchObject({ status: 422, type: 'https://triggerboard.dev/problems/validation', errors: [{ path: 'configuration.__proto__' }] });
    for (const name of ['constructor', 'prototype']) {
      const problem = await problemOf(await create(`ref:${name}`, { [name]: { after: ['x'], run: 'echo' } }));
      expect(problem).toMatchObject({ status: 422, errors: [{ path: `configuration.${name}`, message: expect.stringContaining('cannot be named') }] });
    }
    expect((await call(sessionRoute.GET, 'GET', '/', { token: h.read, params: { uid: 'ref:proto' } })).status).toBe(404);
    expect((await create('ref:proto-kwargs', GREETING)).status).toBe(201);
    const kwargs = await call(triggerRoute.POST, 'POST', '/', { token: h.operate, raw: '{"order":{"__proto__":{"x":1}}}', params: { uid: 'ref:proto-kwargs', trigger: 'formReceived' } });
    expect(await problemOf(kwargs)).toMatchObject({ status: 422, errors: [{ path: 'order.__proto__' }] });
  });
});

describe('skip', () => {
  it('a result (or confirmEmpty) without cascade: true is refused (422), nothing skipped; the document says so', async () => {
    await failedGreeting(h.engine, 'ref:skip');
    const skip = (body: unknown) => call(skipRoute.POST, 'POST', '/', { token: h.operate, params: { uid: 'ref:skip', name: 't_greet#0' }, json: body });
    const withResult = await problemOf(await skip({ result: { greeting: 'hi' }, reason: 'handled by phone' }));
    expect(withResult).toMatchObject({ status: 422, type: 'https://triggerboard.dev/problems/validation', errors: [{ path: 'result', message: expect.stringContaining('cascade: true') }] });
    expect(await problemOf(await skip({ cascade: false, confirmEmpty: true, reason: 'handled by phone' }))).toMatchObject({ status: 422, errors: [{ path: 'confirmEmpty' }] });
    const instance = await (await call(instanceRoute.GET, 'GET', '/', { token: h.read, params: { uid: 'ref:skip', name: 't_greet#0' } })).json();
    expect(instance.instance.status).toBe('failed');
    expect((await skip({ reason: 'handled by phone' })).status).toBe(200);

    const skipRequest = (openApiDocument() as { components: { schemas: Record<string, Record<string, unknown>> } }).components.schemas.SkipRequest!;
    expect(skipRequest.then).toEqual({ required: ['cascade'], properties: { cascade: { const: true } } });
  });
});

describe('reads and wording', () => {
  it('an empty ?task= is "not given" (as /failed); read validation problems do not say "Nothing was changed", writes do', async () => {
    expect((await create('ref:query', GREETING)).status).toBe(201);
    const all = await call(instancesRoute.GET, 'GET', '/api/v1/sessions/ref%3Aquery/instances?task=', { token: h.read, params: { uid: 'ref:query' } });
    expect(all.status).toBe(200);
    const read = await problemOf(await call(instancesRoute.GET, 'GET', '/api/v1/sessions/ref%3Aquery/instances?limit=0', { token: h.read, params: { uid: 'ref:query' } }));
    expect(read).toMatchObject({ status: 422, errors: [{ path: 'query.limit' }] });
    expect(read.detail).not.toContain('Nothing was changed');
    expect((await problemOf(await create('', GREETING))).detail).toMatch(/^Nothing was changed/);
  });

  it("a `schema` problem tells the API's override, not the dashboard's checkbox", async () => {
    expect((await create('ref:schema', { t_welcome: { after: ['signup'], run: 'welcome' } })).status).toBe(201);
    const refused = await problemOf(await call(triggerRoute.POST, 'POST', '/', { token: h.operate, json: { email: 'nope' }, params: { uid: 'ref:schema', trigger: 'signup' } }));
    expect(refused).toMatchObject({ status: 422, type: 'https://triggerboard.dev/problems/schema' });
    expect(refused.detail).not.toMatch(/tick|anyway/i);
    expect(refused.detail).toContain('?override=true');
  });

  it('the document lists invalid-path (400) on every path with parameters, the Idempotency-Key pattern and the Idempotent-Replayed header', () => {
    type Op = { parameters: { name: string; schema: { pattern?: string } }[]; responses: Record<string, { description?: string; headers?: Record<string, unknown> }> };
    const paths = (openApiDocument() as { paths: Record<string, Record<string, Op>> }).paths;
    for (const [path, methods] of Object.entries(paths)) {
      if (!path.includes('{')) continue;
      for (const operation of Object.values(methods)) expect(operation.responses['400']?.description, path).toContain('`invalid-path`');
    }
    const fire = paths['/api/v1/sessions/{uid}/triggers/{trigger}']!.post!;
    const pattern = new RegExp(fire.parameters.find((p) => p.name === 'Idempotency-Key')!.schema.pattern!);
    expect(['a-1', '~'.repeat(255)].every((k) => pattern.test(k))).toBe(true);
    expect(['has space', 'é', 'x'.repeat(256), ''].some((k) => pattern.test(k))).toBe(false);
    expect(fire.responses['200']!.headers).toHaveProperty('Idempotent-Replayed');
  });
});
