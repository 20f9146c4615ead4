/**
 * Errors of /api/v1 as `application/problem+json` (RFC 9457): a stable `type` per kind of
 * problem, a `title` that never changes for it, the HTTP `status`, a `detail` for this
 * occurrence, and `errors` (field path + message) when the input was invalid. Never a stack.
 */
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';

/** Where each problem type is described (the dashboard's API page has an anchor per code). */
export const PROBLEM_BASE = 'https://triggerboard.dev/problems/';

export const PROBLEMS = {
  'unauthenticated': { status: 401, title: 'Authentication required', about: 'No `Authorization: Bearer tb_…` header, a malformed one, or an unknown or revoked token. Session cookies do not authenticate the API.' },
  'forbidden': { status: 403, title: 'Scope does not allow this', about: "The token's scope does not allow the operation: `read` tokens read (like a viewer), `operate` tokens also change (like an operator)." },
  'not-found': { status: 404, title: 'Not found', about: 'No such session, instance or endpoint.' },
  'method-not-allowed': { status: 405, title: 'Method not allowed', about: 'The endpoint exists but not with this method: see the `Allow` header.' },
  'conflict': { status: 409, title: 'Conflict', about: 'The session exists already (create), or the instance was already replayed or skipped, or is not failed.' },
  'payload-too-large': { status: 413, title: 'Request body too large', about: 'The body is larger than 1 MB.' },
  'unsupported-media-type': { status: 415, title: 'Unsupported media type', about: 'A request with a body must send `Content-Type: application/json`.' },
  'invalid-json': { status: 400, title: 'Invalid JSON', about: 'The body is not valid UTF-8 JSON (the detail gives line and column), or nests deeper than 100 levels.' },
  'invalid-path': { status: 400, title: 'Malformed path', about: 'A path segment has a malformed %-escape.' },
  'invalid-cursor': { status: 400, title: 'Invalid cursor', about: 'The `cursor` parameter was not made by this API (or belongs to another list): start from the first page.' },
  'validation': { status: 422, title: 'Invalid request', about: 'A parameter or a field of the body is invalid; `errors` lists each with its path.' },
  'schema': { status: 422, title: "Value fails the task's schema", about: "Kwargs or a simulated result fail the schema the task declares; `errors` lists the issues. Send `override: true` (fire: `?override=true`) to do it anyway (recorded in the audit row)." },
  'rejected': { status: 422, title: 'Rejected by the engine', about: 'The engine refused the input (an invalid configuration, kwargs of the wrong shape).' },
  'confirm-empty-cascade': { status: 422, title: 'Empty cascade not confirmed', about: 'A skip with `cascade: true` and no `result` would hand `{}` to the waiting tasks: send `confirmEmpty: true` if that is meant.' },
  'idempotency-key-reused': { status: 422, title: 'Idempotency-Key reused for a different request', about: 'The key was used (by this token, in the last 24 hours) for a request with another method, path or body.' },
  'invalid-idempotency-key': { status: 400, title: 'Invalid Idempotency-Key', about: 'The key must be 1–255 printable ASCII characters.' },
  'rate-limited': { status: 429, title: 'Too many requests', about: 'The token sent too many requests: wait for the seconds of `Retry-After`.' },
  'internal': { status: 500, title: 'Internal server error', about: 'Something unexpected failed; nothing is known to have changed. The `requestId` is in the server log.' },
} as const satisfies Record<string, { status: number; title: string; about: string }>;

export type ProblemCode = keyof typeof PROBLEMS;

export interface FieldError {
  /** Dotted path of the field (`reason`, `configuration.t_a.after`, `query.limit`); '' for the whole body. */
  path: string;
  message: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
  requestId?: string;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export function problemBody(code: ProblemCode, detail: string, extra: Partial<Pick<Problem, 'errors' | 'requestId'>> = {}): Problem {
  const { status, title } = PROBLEMS[code];
  return { type: `${PROBLEM_BASE}${code}`, title, status, detail, ...extra };
}

export function problemResponse(
  code: ProblemCode,
  detail: string,
  extra: Partial<Pick<Problem, 'errors' | 'requestId'>> = {},
  headers: Record<string, string> = {},
): Response {
  const body = problemBody(code, detail, extra);
  return new Response(JSON.stringify(body), {
    status: body.status,
    headers: { 'Content-Type': PROBLEM_CONTENT_TYPE, 'Cache-Control': 'no-store', ...headers },
  });
}

/** Field errors of a zod error, under a prefix (`query`, or '' for the body). */
export function zodFieldErrors(error: z.ZodError, prefix = ''): FieldError[] {
  return error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter((p) => p !== '').join('.'),
    // A record key's own message says what is wrong with it ("Invalid key in record" does not).
    message: issue.code === 'invalid_key' ? (issue.issues[0]?.message ?? issue.message) : issue.message,
  }));
}

/** The catch-all: logs the error with an id, answers 500 with that id and nothing of the error. */
export function internalProblem(error: unknown, where: string): Response {
  const requestId = randomUUID();
  const described = error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : { message: String(error) };
  console.error(JSON.stringify({ level: 'error', msg: `${where} failed`, requestId, error: described }));
  return problemResponse('internal', `The server could not answer this request. Quote request id ${requestId} when reporting it.`, { requestId });
}
