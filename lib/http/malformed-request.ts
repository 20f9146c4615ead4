/**
 * Requests Next.js itself would answer with a 500 before any of our code runs, answered here
 * (from proxy.ts) with the right 4xx instead:
 *
 * - a path segment with a malformed %-escape (`/sessions/%E0%A4%A`, `/x/instances/%ZZ`): Next
 *   fails to decode the route params;
 * - a server action POST (`Next-Action` header) whose body is over the limit (Next throws a 413
 *   error internally but answers 500), has no length, or is not decodable (a multipart body that
 *   does not parse, a text body that is not JSON): Next's decoder throws, answered 500.
 *
 * What still reaches Next: a body that is valid JSON/multipart but not a valid React reply
 * (e.g. references to rows that do not exist) is answered 500 by Next's action handler; no
 * action code runs for it.
 */
import { NextResponse, type NextRequest } from 'next/server';

/**
 * The most a server action request may carry; next.config.mjs sets Next's own
 * `experimental.serverActions.bodySizeLimit` to the same. Above the app's own 1 MB per JSON field
 * (MAX_JSON_BYTES), so an oversize field reaches the form's check and is answered in the form.
 */
export const ACTION_BODY_LIMIT_BYTES = 4 * 1024 * 1024;

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

/** Why a server action body cannot be decoded, or null (a bounded read: the size is checked first). */
async function actionBodyProblem(request: NextRequest): Promise<string | null> {
  const type = request.headers.get('content-type') ?? '';
  try {
    if (type.startsWith('multipart/form-data')) await request.clone().formData();
    else if (!type.startsWith('application/x-www-form-urlencoded')) JSON.parse(await request.clone().text());
    return null;
  } catch {
    return type.startsWith('multipart/form-data')
      ? 'The server action request body is not valid multipart/form-data.'
      : 'The server action request body is not valid JSON.';
  }
}

/**
 * The 4xx answer for a malformed request, or null when it may go on. Only reads a body for a
 * server action POST, and only one whose declared size is within the limit.
 */
export async function refuseMalformedRequest(request: NextRequest): Promise<NextResponse | null> {
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
  if (Number(length) > ACTION_BODY_LIMIT_BYTES) {
    return refuse(413, `The request is too large: ${length} bytes, the most is ${ACTION_BODY_LIMIT_BYTES} bytes. Nothing was changed.`, pathname);
  }
  const problem = await actionBodyProblem(request);
  return problem ? refuse(400, `${problem} Nothing was changed.`, pathname) : null;
}
