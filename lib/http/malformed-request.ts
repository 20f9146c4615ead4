/**
 * Requests Next.js itself would answer with a 500 before any of our code runs, answered here
 * (from proxy.ts) with the right 4xx instead:
 *
 * - a path segment with a malformed %-escape (`/sessions/%E0%A4%A`, `/x/instances/%ZZ`): Next
 *   fails to decode the route params;
 * - a server action POST (`Next-Action` header) whose body is over the limit (Next throws a 413
 *   error internally but answers 500), has no length, or is not decodable (a multipart body that
 *   does not parse, a text body that is not JSON, arguments nested 100,000 deep, more than 1,000
 *   arguments): Next's decoder throws, answered 500.
 *
 * What still reaches Next: a body that is valid JSON/multipart but not a valid React reply
 * (e.g. references to rows that do not exist, "$@5") is answered 500 by Next's action handler;
 * no action code runs for it. Requests without a session cookie reach here only for public paths
 * (sign-in, health): proxy.ts sends the others to sign-in first, and gives them a smaller limit.
 */
import { NextResponse, type NextRequest } from 'next/server';
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

/** Why the encoded arguments (the root row, or another model row) cannot be decoded, or null. */
function modelRowProblem(text: string, root: boolean): string | null {
  if (tooDeepAt(text, ACTION_MAX_DEPTH) >= 0) return `The server action arguments nest deeper than ${ACTION_MAX_DEPTH} levels.`;
  const value: unknown = JSON.parse(text);
  if (root && Array.isArray(value) && value.length > ACTION_MAX_ARGUMENTS) return `A server action takes at most ${ACTION_MAX_ARGUMENTS} arguments.`;
  return null;
}

/** Why a server action body cannot be decoded, or null (a bounded read: the size is checked first). */
async function actionBodyProblem(request: NextRequest): Promise<string | null> {
  const type = request.headers.get('content-type') ?? '';
  const multipart = type.startsWith('multipart/form-data');
  try {
    if (multipart) {
      const form = await request.clone().formData();
      // Rows named by a number are encoded arguments (JSON); "_<id>_…" fields are a FormData's own.
      for (const [key, value] of form.entries()) {
        if (typeof value !== 'string' || !/^\d+$/.test(key)) continue;
        const problem = modelRowProblem(value, key === '0');
        if (problem) return problem;
      }
    } else if (!type.startsWith('application/x-www-form-urlencoded')) {
      return modelRowProblem(await request.clone().text(), true);
    }
    return null;
  } catch {
    return multipart ? 'The server action request body is not valid multipart/form-data.' : 'The server action request body is not valid JSON.';
  }
}

/**
 * The 4xx answer for a malformed request, or null when it may go on. Only reads a body for a
 * server action POST, and only one whose declared size is within the limit.
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
  if (request.method !== 'POST' || !request.headers.has('next-action')) return null;
  const length = request.headers.get('content-length');
  if (length === null || !/^\d+$/.test(length)) {
    return refuse(411, 'A server action request must say its length (Content-Length).', pathname);
  }
  if (Number(length) > bodyLimit) {
    return refuse(413, `The request is too large: ${length} bytes, the most is ${bodyLimit} bytes. Nothing was changed.`, pathname);
  }
  const problem = await actionBodyProblem(request);
  return problem ? refuse(400, `${problem} Nothing was changed.`, pathname) : null;
}
