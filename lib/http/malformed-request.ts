/**
 * Requests Next.js itself would answer with a 500 before any of our code runs, answered here
 * (from proxy.ts) with the right 4xx instead:
 *
 * - a path segment with a malformed %-escape (`/sessions/%E0%A4%A`, `/x/instances/%ZZ`): Next
 *   fails to decode the route params;
 * - a POST to a page (every one is a possible server action: a `Next-Action` header from the
 *   app's JavaScript, or a no-JS form post with `$ACTION_ID_…` / `$ACTION_REF_n` fields) whose
 *   Origin is malformed (400) or not the request's host (403, Next's own CSRF rule), whose body is
 *   over the limit (413; Next throws a 413 error internally but answers 500), has no length (411),
 *   or is not decodable: a multipart body that does not parse, a text body that is not JSON or
 *   whose root is not an array, rows nested deeper than 128, more than 1,000 arguments, references
 *   to rows the body does not contain (`["$Q1"]`, `"$@5"`) or "$" encodings our forms never send
 *   (`"$Z"`, `"$F"`, `"$h"` without its id) (400), or argument strings over React's
 *   1,000,000-character budget (413): Next's decoder throws, answered 500.
 *
 * What still reaches Next: a body whose rows are valid but whose references do not fit together
 * (a row that is not the type its reference expects, a cycle) is answered 500 by Next's action
 * handler; no action code runs for it. The string budget is counted per row (React counts across
 * rows joined by references too). Requests without a session cookie reach here only for public
 * paths (sign-in, health): proxy.ts sends the others to sign-in first, and gives them a smaller limit.
 */
import { problemBody, PROBLEM_CONTENT_TYPE } from '@/lib/api/problem';
import { NextResponse, type NextRequest } from 'next/server';
import { isCsrfOriginAllowed } from 'next/dist/server/app-render/csrf-protection';
import { tooDeepAt } from '@/lib/validations/json-field';

/**
 * The most a server action request may carry; next.config.mjs sets Next's own
 * `experimental.serverActions.bodySizeLimit` to the same. Above the app's own 1 MB per JSON field
 * (MAX_JSON_BYTES), so an oversize field reaches the form's check and is answered in the form.
 */
export const ACTION_BODY_LIMIT_BYTES = 4 * 1024 * 1024;
/** Without a session cookie only the sign-in form posts, a few hundred bytes. */
export const SIGNED_OUT_ACTION_BODY_LIMIT_BYTES = 64 * 1024;

function refuse(status: number, message: string, pathname: string): NextResponse {
  const headers = { 'Cache-Control': 'no-store' };
  // The HTTP API answers every error as problem+json (only the malformed path reaches here).
  if (/^\/api\/v1(\/|$)/.test(pathname)) {
    return new NextResponse(JSON.stringify(problemBody('invalid-path', message)), { status, headers: { ...headers, 'Content-Type': PROBLEM_CONTENT_TYPE } });
  }
  if (pathname.startsWith('/api/')) return NextResponse.json({ error: message }, { status, headers });
  return new NextResponse(`${message}\n`, { status, headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8' } });
}

/** The first path segment that is not valid percent-encoded UTF-8, or null. */
export function malformedSegment(pathname: string): string | null {
  for (const segment of pathname.split('/')) {
    try {
      decodeURIComponent(segment);
    } catch {
      return segment;
    }
  }
  return null;
}

/**
 * Deepest bracket nesting of a server action's encoded arguments. Our actions take strings and
 * FormData (JSON fields travel as strings), so real bodies nest a few levels; React's decoder
 * recurses per level and overflows the stack on 100,000.
 */
const ACTION_MAX_DEPTH = 128;
/** Next refuses (with a 500) more arguments than this. */
const ACTION_MAX_ARGUMENTS = 1000;
/**
 * React's reply decoder (createResponse's arraySizeLimit) throws, answered 500, once the array
 * slots and the string characters inside an action's argument arrays pass this. FormData entries
 * are not counted: that is how the app sends large text (the cascade preview takes a FormData).
 */
export const ACTION_ARRAY_BUDGET = 1_000_000;
/**
 * `experimental.serverActions.allowedOrigins` of next.config.mjs (none): origins whose actions
 * Next accepts although their host is not the request's. Keep the two the same.
 */
export const SERVER_ACTION_ALLOWED_ORIGINS: string[] = [];

class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The array slots and string characters React's decoder counts for a row (its bumpArrayCount), as it counts them. */
function overArrayBudget(value: unknown): boolean {
  const contexts: { count: number; fork: boolean }[] = [];
  let over = false;
  const walk = (node: unknown, context: { count: number; fork: boolean } | null): void => {
    if (over) return;
    if (typeof node === 'string') {
      if (!context || (node.startsWith('$') && !node.startsWith('$$'))) return;
      context.count += node.startsWith('$$') ? node.length - 1 : node.length;
    } else if (Array.isArray(node)) {
      const own = context ?? { count: 0, fork: false };
      if (!context) contexts.push(own);
      if (node.length > 1) own.fork = true;
      own.count += node.length + 1;
      for (const child of node) walk(child, own);
    } else if (node !== null && typeof node === 'object') {
      for (const child of Object.values(node)) walk(child, null); // objects start afresh, as in React
    } else return;
    if (context && context.count > ACTION_ARRAY_BUDGET && context.fork) over = true;
  };
  walk(value, null);
  return over || contexts.some((context) => context.count > ACTION_ARRAY_BUDGET && context.fork);
}

/**
 * Row references of an encoded value: "$@5", "$Q1", "$1:a" name other rows of the body (hex ids);
 * "$B1" and typed arrays name a blob field. React waits for a missing row until the body ends,
 * then fails (500); here they are looked up.
 */
const ROW_REFERENCE = /^\$([@QWihRrXx]?)([0-9a-f]+)(?::|$)/;
const BLOB_REFERENCE = /^\$([BAOoUSsLlGgMmV])([0-9a-f]+)$/;
/**
 * The other "$" encodings the browser sends: an escaped "$" ("$$…"), a FormData ("$K1", fields
 * prefixed "1_"), undefined, NaN, ±Infinity, -0, a Date, a BigInt. Anything else starting with "$"
 * ("$Z", "$F", "$S", a letter without its id…) is not something our forms send, and React's
 * decoder throws on many of them (500): refused.
 */
const VALUE_ENCODING = /^\$(\$|K[0-9a-f]+$|undefined$|NaN$|Infinity$|-Infinity$|-0$|D.|n-?\d+$)/;

function badReference(value: unknown, hasRow: (id: number) => boolean, hasField: (id: number) => boolean): string | null {
  if (typeof value === 'string') {
    if (!value.startsWith('$') || VALUE_ENCODING.test(value)) return null;
    const row = ROW_REFERENCE.exec(value);
    if (row) return hasRow(parseInt(row[2] ?? '', 16)) ? null : value;
    const blob = BLOB_REFERENCE.exec(value);
    if (blob) return hasField(parseInt(blob[2] ?? '', 16)) ? null : value;
    return value;
  }
  if (value !== null && typeof value === 'object') {
    for (const child of Object.values(value)) {
      const bad = badReference(child, hasRow, hasField);
      if (bad) return bad;
    }
  }
  return null;
}

const kindOf = (value: unknown) => (Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value);

/**
 * Checks one encoded row (JSON) of an action body. `root`: 'arguments' for the argument list of a
 * fetch action (must be an array), 'bound' for a no-JS form's `$ACTION_n:0` ({ id, bound }).
 */
function checkRow(text: string, root: 'arguments' | 'bound' | null, hasRow: (id: number) => boolean, hasField: (id: number) => boolean): void {
  if (tooDeepAt(text, ACTION_MAX_DEPTH) >= 0) throw new Refusal(400, `The server action arguments nest deeper than ${ACTION_MAX_DEPTH} levels.`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Refusal(400, 'The server action arguments are not valid JSON.');
  }
  if (root === 'arguments') {
    if (!Array.isArray(value)) throw new Refusal(400, `The server action arguments must be an array, not ${kindOf(value)}.`);
    if (value.length > ACTION_MAX_ARGUMENTS) throw new Refusal(400, `A server action takes at most ${ACTION_MAX_ARGUMENTS} arguments.`);
  }
  if (root === 'bound' && (value === null || typeof value !== 'object' || Array.isArray(value) || typeof (value as { id?: unknown }).id !== 'string')) {
    throw new Refusal(400, 'A form action reference must be an object with the action id.');
  }
  if (overArrayBudget(value)) {
    throw new Refusal(
      413,
      `The server action arguments are too large: at most ${ACTION_ARRAY_BUDGET.toLocaleString('en')} characters of text and array items may be passed as arguments (large text goes in a form field).`,
    );
  }
  const bad = badReference(value, hasRow, hasField);
  if (bad) {
    throw new Refusal(
      400,
      `The server action arguments hold "${bad.slice(0, 40)}": a reference the request does not contain, or an encoding the app does not take.`,
    );
  }
}

/**
 * Numbered rows of a multipart body: "0", "1"… for a fetch action (Next-Action header), and
 * "$ACTION_<n>:0"… for the bound arguments of a no-JavaScript form post ($ACTION_REF_<n>).
 */
const ROW_FIELD = /^(\$ACTION_\d+:)?(\d+)$/;

function checkMultipart(form: FormData, fetchAction: boolean): void {
  const keys = new Set<string>();
  for (const key of form.keys()) keys.add(key);
  if (fetchAction && !keys.has('0')) throw new Refusal(400, 'The server action request has no arguments (form field "0").');
  for (const key of keys) {
    const ref = /^\$ACTION_REF_(\d+)$/.exec(key);
    if (ref && !keys.has(`$ACTION_${ref[1]}:0`)) throw new Refusal(400, `The form action ${key} has no "$ACTION_${ref[1]}:0" field.`);
  }
  for (const [key, value] of form.entries()) {
    const match = ROW_FIELD.exec(key);
    if (!match || typeof value !== 'string') continue;
    const prefix = match[1] ?? '';
    if (!prefix && !fetchAction) continue; // a plain form field named by a number
    const root = match[2] === '0' ? (prefix ? 'bound' : 'arguments') : null;
    const has = (id: number) => keys.has(`${prefix}${id}`);
    checkRow(value, root, has, has);
  }
}

/** Why a page POST's body cannot be decoded as a server action (a bounded read: the size is checked first). */
async function checkActionBody(request: NextRequest, fetchAction: boolean): Promise<void> {
  const type = request.headers.get('content-type') ?? '';
  if (type.startsWith('multipart/form-data')) {
    let form: FormData;
    try {
      form = await request.clone().formData();
    } catch {
      throw new Refusal(400, 'The server action request body is not valid multipart/form-data.');
    }
    checkMultipart(form, fetchAction);
  } else if (fetchAction && !type.startsWith('application/x-www-form-urlencoded')) {
    // A text body is one row, the arguments: it refers to no other row or field.
    checkRow(await request.clone().text(), 'arguments', () => false, () => false);
  }
}

/**
 * Next's own CSRF rule for server actions (action-handler.js): the Origin's host must be the
 * request's X-Forwarded-Host (first value; Next fills it from Host when absent) or else Host, or
 * be allowed by `serverActions.allowedOrigins`. Next refuses a mismatch, and a malformed Origin,
 * with a 500; this says 400/403 first. No Origin (curl, old browsers) is let through, as Next does.
 */
function checkOrigin(request: NextRequest): void {
  const origin = request.headers.get('origin');
  if (origin === null) return;
  let originHost: string;
  if (origin === 'null') originHost = 'null';
  else {
    try {
      originHost = new URL(origin).host;
    } catch {
      throw new Refusal(400, `Bad request: the Origin header "${origin.slice(0, 100)}" is not a URL.`);
    }
  }
  const host = request.headers.get('x-forwarded-host')?.split(',')[0]?.trim() || request.headers.get('host');
  if (host && originHost === host) return;
  if (isCsrfOriginAllowed(originHost, SERVER_ACTION_ALLOWED_ORIGINS)) return;
  throw new Refusal(403, `Forbidden: a form posted from ${originHost.slice(0, 100)} may not act on ${(host ?? 'this server').slice(0, 100)} (cross-site request).`);
}

/**
 * The 4xx answer for a malformed request, or null when it may go on. Every POST to a page is a
 * possible server action (with a Next-Action header from the app's JavaScript, or a no-JS form
 * post carrying $ACTION_ID_… / $ACTION_REF_n fields): its Origin, size and encoded rows are
 * checked. Only a body whose declared size is within the limit is read.
 */
export async function refuseMalformedRequest(
  request: NextRequest,
  bodyLimit: number = ACTION_BODY_LIMIT_BYTES,
): Promise<NextResponse | null> {
  const { pathname } = request.nextUrl;
  const segment = malformedSegment(pathname);
  if (segment !== null) {
    return refuse(400, `Bad request: the address has a malformed %-escape in "${segment.slice(0, 100)}".`, pathname);
  }
  // Route handlers (/api) read their own bodies and answer their own errors.
  if (request.method !== 'POST' || pathname.startsWith('/api/')) return null;
  try {
    checkOrigin(request);
    const length = request.headers.get('content-length');
    if (length === null || !/^\d+$/.test(length)) {
      throw new Refusal(411, 'A server action request must say its length (Content-Length).');
    }
    if (Number(length) > bodyLimit) {
      throw new Refusal(413, `The request is too large: ${length} bytes, the most is ${bodyLimit} bytes.`);
    }
    await checkActionBody(request, request.headers.has('next-action'));
    return null;
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    return refuse(error.status, `${error.message} Nothing was changed.`, pathname);
  }
}
