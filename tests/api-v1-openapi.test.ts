/**
 * The OpenAPI document of /api/v1: valid OpenAPI 3.1 (@seriousme/openapi-schema-validator), every
 * `$ref` resolves, and it matches the routes: every route.ts under app/api/v1 and each method it
 * really handles (not its 405 stand-ins) is in the document, and nothing else is. The catch-all
 * `[...path]` (404 for unknown routes) is no operation.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { NOT_ALLOWED } from '@/lib/api/handler';
import { openApiDocument } from '@/lib/api/openapi';
import { PROBLEMS } from '@/lib/api/problem';
import * as openapiRoute from '@/app/api/v1/openapi.json/route';
import { call } from './support/api-harness';

const API_DIR = path.join(process.cwd(), 'app', 'api', 'v1');

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === 'route.ts' ? [full] : [];
  });
}

/** "METHOD /api/v1/…" for every method a route file handles, from the file system. */
async function routedOperations(): Promise<string[]> {
  const found: string[] = [];
  for (const file of routeFiles(API_DIR)) {
    const segments = path.relative(API_DIR, path.dirname(file)).split(path.sep).filter(Boolean);
    if (segments.some((s) => s.startsWith('[...'))) continue;
    const route = `/api/v1/${segments.map((s) => s.replace(/^\[(\w+)\]$/, '{$1}')).join('/')}`.replace(/\/$/, '');
    const routeModule = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) {
      const handler = routeModule[method] as ({ [NOT_ALLOWED]?: boolean } & (() => unknown)) | undefined;
      if (typeof handler === 'function' && !handler[NOT_ALLOWED]) found.push(`${method} ${route}`);
    }
  }
  return found.sort();
}

function refsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, v]) => (key === '$ref' && typeof v === 'string' ? [v] : refsIn(v)));
  }
  return [];
}

describe('GET /api/v1/openapi.json', () => {
  const doc = openApiDocument() as { paths: Record<string, Record<string, { responses: Record<string, unknown>; security: unknown[]; parameters: { name: string; in: string }[] }>>; components: { schemas: Record<string, unknown> } };

  it('is served without a token, as JSON', async () => {
    const response = await call(openapiRoute.GET, 'GET', '/api/v1/openapi.json');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(JSON.parse(JSON.stringify(doc)));
  });

  it('is a valid OpenAPI 3.1 document whose every $ref resolves', async () => {
    const validator = new Validator();
    const result = await validator.validate(doc as unknown as Record<string, unknown>);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    // The validator is no rubber stamp: a response without a description is refused.
    const broken = structuredClone(doc);
    delete (broken.paths['/api/v1/failed']!.get!.responses['200'] as { description?: string }).description;
    expect((await new Validator().validate(broken as unknown as Record<string, unknown>)).valid).toBe(false);
    for (const ref of refsIn(doc)) {
      expect(ref).toMatch(/^#\/components\/schemas\/\w+$/);
      expect(doc.components.schemas).toHaveProperty(ref.split('/').pop()!);
    }
  });

  it('lists exactly the operations the route files handle', async () => {
    const documented = Object.entries(doc.paths).flatMap(([p, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${p}`)).sort();
    expect(documented).toEqual(await routedOperations());
    expect(documented).toHaveLength(11);
  });

  it('documents the bearer scheme, every path parameter, and problem answers on every operation', () => {
    for (const [p, methods] of Object.entries(doc.paths)) {
      const pathParams = [...p.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const [method, operation] of Object.entries(methods)) {
        expect(operation.parameters.filter((x) => x.in === 'path').map((x) => x.name)).toEqual(pathParams);
        expect(operation.responses).toHaveProperty('500');
        expect(operation.responses).toHaveProperty('405');
        if (p.endsWith('openapi.json')) continue;
        expect(operation.security).toEqual([{ bearer: [] }]);
        expect(operation.responses, `${method} ${p}`).toHaveProperty('401');
        expect(operation.responses).toHaveProperty('429');
        if (method !== 'get') expect(operation.responses, `${method} ${p}`).toEqual(expect.objectContaining({ '403': expect.anything(), '413': expect.anything(), '415': expect.anything(), '422': expect.anything() }));
      }
    }
    expect(doc.paths['/api/v1/sessions/{uid}/triggers/{trigger}']!.post!.parameters.map((x) => x.name)).toEqual(['uid', 'trigger', 'reason', 'override', 'Idempotency-Key']);
    expect(Object.keys((doc as unknown as { 'x-problem-types': object })['x-problem-types'])).toHaveLength(Object.keys(PROBLEMS).length);
  });
});
