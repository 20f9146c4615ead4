/**
 * The one wrapper of every /api/v1 route handler, in order: authenticate the bearer token and
 * check its scope (before anything of the request is read), decode and parse the route params,
 * the query and the JSON body with the endpoint's schemas, honour `Idempotency-Key`, then call
 * the handler, a thin call of a service. Every refusal is a problem+json; anything unexpected is
 * logged with a request id and answered 500 without its details.
 */
import type { z } from 'zod';
import type { Actor } from '@/lib/audit';
import { privacyFor, type ViewerPrivacy } from '@/lib/auth/payloads';
import { getAppDatabase } from '@/lib/db/app-database';
import { hasNul } from '@/lib/http/route-params';
import { getAppEngine } from '@/lib/runtime/app-engine';
import type { EngineRuntime } from '@/lib/runtime/engine';
import { scopeRole, type ApiPrincipal } from '@/lib/tokens';
import { authorizeApiRequest } from './auth';
import { escapeUnprintable } from '@/lib/validations/printable';
import { readJsonBody } from './body';
import type { EndpointSpec, HttpMethod } from './endpoints';
import { idempotencyKeyOf, idempotentRequest, IdempotencyKeyTakenError, pruneExpiredKeys, requestHash, storedAnswer, type IdempotentRequest } from './idempotency';
import { internalProblem, problemResponse, zodFieldErrors } from './problem';

type Out<T> = T extends z.ZodType ? z.output<T> : undefined;

export interface ApiContext<E extends EndpointSpec> {
  request: Request;
  params: Out<E['params']>;
  query: Out<E['query']>;
  body: Out<E['body']>;
  /** The token (null only on public endpoints). */
  principal: E['permission'] extends null ? null : ApiPrincipal;
  /** Who the audit rows name: the token. */
  actor: Actor;
  /** What the token may see: read tokens are viewers (HIDE_PAYLOADS_FROM_VIEWERS). */
  privacy: ViewerPrivacy;
  engine: () => Promise<EngineRuntime>;
  /** Set when the endpoint is idempotent and the request sent a key not seen before. */
  idempotency: IdempotentRequest | null;
}

type RouteContext = { params: Promise<Record<string, string | string[]>> };
export type RouteHandler = (request: Request, context: RouteContext) => Promise<Response>;

const SYSTEM_ACTOR: Actor = { kind: 'system', id: null, email: 'system', name: 'system', role: 'viewer' };

/** A JSON answer, never cached. */
export function json(status: number, body: unknown): Response {
  return Response.json(body, { status, headers: { 'Cache-Control': 'no-store' } });
}

/** A validation problem; "Nothing was changed" only where something could have been (writes). */
function invalid(errors: ReturnType<typeof zodFieldErrors>, what: string, write: boolean): Response {
  const listed = `${what} ${errors.length === 1 ? 'has an error' : `has ${errors.length} errors`}: ${errors.map((e) => `${e.path || 'body'}: ${e.message}`).join('; ')}`;
  return problemResponse('validation', write ? `Nothing was changed: ${listed}` : `${listed.charAt(0).toUpperCase()}${listed.slice(1)}`, { errors });
}

/**
 * The query's values through `schema`; a parameter given but dropped by a lenient schema (the
 * dashboard's URL schemas fall back on invalid values) is an error here: an API says so.
 */
function parseQuery(schema: z.ZodObject, url: URL, write: boolean): { ok: true; data: unknown } | { ok: false; response: Response } {
  const raw: Record<string, string> = {};
  for (const [key, value] of url.searchParams) {
    if (key in raw) return { ok: false, response: invalid([{ path: `query.${key}`, message: 'Give this parameter once.' }], 'the query', write) };
    raw[key] = value;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) return { ok: false, response: invalid(zodFieldErrors(parsed.error, 'query'), 'the query', write) };
  const data = parsed.data as Record<string, unknown>;
  const dropped = Object.keys(raw).filter((key) => raw[key]!.trim() !== '' && data[key] === undefined);
  if (dropped.length) return { ok: false, response: invalid(dropped.map((key) => ({ path: `query.${key}`, message: 'Not a valid value.' })), 'the query', write) };
  return { ok: true, data };
}

/**
 * The route's params, parsed; a value no session or instance can have is "not found". Next.js
 * hands route handlers their params already decoded: decoding again would turn a uid `lit%41`
 * into `litA` (and `t_charge%2523…` into `t_charge#…`).
 */
async function parseParams(schema: z.ZodObject, context: RouteContext): Promise<{ ok: true; data: unknown } | { ok: false; response: Response }> {
  const raw = await context.params;
  const decoded = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v.join('/') : v]));
  const parsed = schema.safeParse(decoded);
  if (!parsed.success || hasNul(...Object.values(decoded))) {
    return { ok: false, response: problemResponse('not-found', `Nothing is at ${escapeUnprintable(Object.values(decoded).join(' / ').slice(0, 200))}.`) };
  }
  return { ok: true, data: parsed.data };
}

export function apiHandler<const E extends EndpointSpec>(spec: E, handle: (context: ApiContext<E>) => Promise<Response>): RouteHandler {
  const where = `${spec.method} /api/v1${spec.path}`;
  return async (request, routeContext) => {
    let idempotency: IdempotentRequest | null = null;
    try {
      let principal: ApiPrincipal | null = null;
      if (spec.permission !== null) {
        const auth = await authorizeApiRequest(await getAppDatabase(), request, spec.permission);
        if (auth instanceof Response) return auth;
        principal = auth;
      }
      const params = spec.params ? await parseParams(spec.params, routeContext) : { ok: true as const, data: undefined };
      if (!params.ok) return params.response;
      const url = new URL(request.url);
      const query = spec.query ? parseQuery(spec.query, url, spec.method !== 'GET') : { ok: true as const, data: undefined };
      if (!query.ok) return query.response;
      let body: unknown;
      let bodyText = '';
      if (spec.body) {
        const read = await readJsonBody(request);
        if (!read.ok) return read.response;
        bodyText = read.text;
        const parsed = spec.body.safeParse(read.value);
        if (!parsed.success) return invalid(zodFieldErrors(parsed.error), 'the body', true);
        body = parsed.data;
      }
      if (spec.idempotent && principal) {
        const header = idempotencyKeyOf(request);
        if ('problem' in header) return header.problem;
        if (header.key !== null) {
          const hash = requestHash(request, bodyText);
          const stored = await storedAnswer(await getAppDatabase(), principal.tokenId, header.key, hash);
          if (stored) return stored;
          idempotency = idempotentRequest(principal.tokenId, header.key, hash);
        }
      }
      const actor = principal?.actor ?? SYSTEM_ACTOR;
      const response = await handle({
        request,
        params: params.data,
        query: query.data,
        body,
        principal,
        actor,
        privacy: privacyFor(principal ? { role: scopeRole(principal.scope) } : null),
        engine: getAppEngine,
        idempotency,
      } as ApiContext<E>);
      if (idempotency) await pruneExpiredKeys(await getAppDatabase()).catch((error: unknown) => void internalProblem(error, 'pruning idempotency keys'));
      return response;
    } catch (error) {
      if (error instanceof IdempotencyKeyTakenError && idempotency) {
        // The twin that committed first answered: this request answers the same.
        const stored = await storedAnswer(await getAppDatabase(), idempotency.tokenId, idempotency.key, idempotency.requestHash).catch(() => null);
        if (stored) return stored;
      }
      return internalProblem(error, where);
    }
  };
}

/** Tags the handlers that only answer 405, so the contract test can tell them from real ones. */
export const NOT_ALLOWED = Symbol.for('triggerboard.api.notAllowed');
const ROUTE_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
type RouteMethod = (typeof ROUTE_METHODS)[number];

/**
 * A route file's exports: its handlers, a 405 problem (with `Allow`) for every other method
 * (Next.js would answer an empty 405 without `Allow`), and OPTIONS answering that same `Allow`
 * (Next.js's own OPTIONS would list every method).
 */
export function apiRoute(handlers: Partial<Record<HttpMethod, RouteHandler>>): Record<RouteMethod | 'OPTIONS', RouteHandler> {
  const allowed = Object.keys(handlers) as HttpMethod[];
  const allow = [...allowed, ...(allowed.includes('GET') ? ['HEAD'] : []), 'OPTIONS'].join(', ');
  const notAllowed: RouteHandler = async (request) =>
    problemResponse('method-not-allowed', `${request.method} is not allowed here; this endpoint allows ${allowed.join(', ')}.`, {}, { Allow: allow });
  Object.assign(notAllowed, { [NOT_ALLOWED]: true });
  const options: RouteHandler = async () => new Response(null, { status: 204, headers: { Allow: allow } });
  return {
    ...(Object.fromEntries(ROUTE_METHODS.map((method) => [method, (handlers as Record<string, RouteHandler>)[method] ?? notAllowed])) as Record<RouteMethod, RouteHandler>),
    OPTIONS: options,
  };
}
