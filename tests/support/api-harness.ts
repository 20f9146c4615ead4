/**
 * The /api/v1 route handlers called as Next.js calls them (a real `Request`, params as a
 * promise of the decoded segments), on this file's test database: the app's database and engine
 * handles (`getAppDatabase`, `getAppEngine`) are pointed at it, nothing is mocked.
 */
import { z } from 'zod';
import { closeDatabase, type Database } from '@/lib/db';
import { createEngineRuntime, type EngineRuntime } from '@/lib/runtime/engine';
import { createApiToken } from '@/lib/tokens';
import { createTestDatabase, type TestDatabase } from './test-database';
import { recoveryRegistry } from './recovery-fixture';

export const API_ORIGIN = 'http://localhost:3000';

export interface ApiHarness {
  testDb: TestDatabase;
  db: Database;
  engine: EngineRuntime;
  /** Secrets of an `operate` and a `read` token. */
  operate: string;
  read: string;
  close(): Promise<void>;
}

const holder = globalThis as typeof globalThis & { __triggerboardDatabase?: Promise<Database>; __triggerboardEngine?: Promise<EngineRuntime> };

export async function startApiHarness(): Promise<ApiHarness> {
  const testDb = await createTestDatabase();
  // The recovery handlers, and one with a kwargs schema (for the `schema` problem).
  const registry = recoveryRegistry().register('welcome', (ctx) => ({ sent: ctx.input.signup.email }), {
    kwargs: z.object({ signup: z.object({ email: z.email() }) }),
  });
  const engine = createEngineRuntime(testDb.db, 'inline', { registry });
  holder.__triggerboardDatabase = Promise.resolve(testDb.db);
  holder.__triggerboardEngine = Promise.resolve(engine);
  const operate = await createApiToken(testDb.db, { name: 'billing-service', scope: 'operate', createdBy: 'admin@example.com' });
  const read = await createApiToken(testDb.db, { name: 'reporting', scope: 'read', createdBy: 'admin@example.com' });
  return {
    testDb,
    db: testDb.db,
    engine,
    operate: operate.secret,
    read: read.secret,
    async close() {
      await engine.inline.drain();
      holder.__triggerboardDatabase = undefined;
      holder.__triggerboardEngine = undefined;
      await testDb.close();
    },
  };
}

export { closeDatabase };

type Handler = (request: Request, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;

export interface CallOptions {
  token?: string | null;
  /** A JSON value (sent as application/json), or raw text with `contentType`. */
  json?: unknown;
  raw?: BodyInit;
  contentType?: string | null;
  headers?: Record<string, string>;
  params?: Record<string, string>;
}

/** Calls a route handler with a real Request to `path` (params decoded, as Next.js hands them over). */
export async function call(handler: Handler, method: string, path: string, options: CallOptions = {}): Promise<Response> {
  const headers = new Headers(options.headers);
  if (options.token) headers.set('Authorization', `Bearer ${options.token}`);
  let body: BodyInit | undefined = options.raw;
  if (options.json !== undefined) body = JSON.stringify(options.json);
  const contentType = options.contentType === undefined ? (body !== undefined ? 'application/json' : null) : options.contentType;
  if (contentType) headers.set('Content-Type', contentType);
  const request = new Request(`${API_ORIGIN}${path}`, { method, headers, body, ...(body instanceof ReadableStream ? { duplex: 'half' } : {}) } as RequestInit);
  return handler(request, { params: Promise.resolve({ ...options.params }) });
}

/** Asserts the shape of a problem answer and returns its body. */
export async function problemOf(response: Response): Promise<{ type: string; title: string; status: number; detail: string; errors?: { path: string; message: string }[]; requestId?: string }> {
  if (response.headers.get('content-type') !== 'application/problem+json') {
    throw new Error(`expected application/problem+json, got ${response.headers.get('content-type')} (${response.status}): ${await response.text()}`);
  }
  const body = (await response.json()) as { type: string; title: string; status: number; detail: string };
  if (body.status !== response.status || typeof body.type !== 'string' || typeof body.title !== 'string' || typeof body.detail !== 'string') {
    throw new Error(`not a problem: ${JSON.stringify(body)}`);
  }
  if (JSON.stringify(body).includes('    at ')) throw new Error(`a stack trace leaked: ${JSON.stringify(body)}`);
  return body;
}
