import { NextResponse, type NextRequest } from 'next/server';
import { SESSION_COOKIE } from '@/lib/auth/cookie';
import { refuseMalformedRequest, SIGNED_OUT_ACTION_BODY_LIMIT_BYTES } from '@/lib/http/malformed-request';
import { createNonce, requestIsHttps, securityHeaders } from '@/lib/security/headers';

/**
 * Paths the sign-in check leaves alone (as the matcher did before it also had to cover them for
 * the headers): the sign-in page, the health check (for load balancers), static files, and the
 * HTTP API, which authenticates bearer tokens itself and never reads the cookie (lib/api/auth.ts).
 */
function isPublicPath(pathname: string): boolean {
  return /^\/(sign-in|api\/health|api\/v1(\/|$)|_next\/static|favicon\.ico|icon\.svg|robots\.txt)/.test(pathname);
}

/**
 * Runs before every request except build-time static files:
 *
 * 1. Security headers on every response (lib/security/headers.ts), pages, route handlers and
 *    errors alike, with a fresh CSP nonce. Next.js reads the nonce from the request's CSP header
 *    and puts it on its scripts; the root layout hands it to CodeMirror for its styles.
 * 2. An optimistic sign-in check: a request without a session cookie is sent to the sign-in
 *    page (or answered 401 on /api). Every page, route handler and server action still checks
 *    the user and role on the server itself; a forged or stale cookie gets nothing from them.
 * 3. Requests Next.js would answer with a 500 before our code runs (a malformed %-escape, a
 *    POST to a page, i.e. a possible server action, too large, cross-site or undecodable) get
 *    their 4xx (lib/http/malformed-request.ts). Without a session cookie only the sign-in form can
 *    be posted: its bodies are tiny, so every signed-out POST is bounded by 64 KB, whatever its
 *    headers.
 */
export async function proxy(request: NextRequest) {
  const nonce = createNonce();
  const headers = securityHeaders({
    nonce,
    development: process.env.NODE_ENV === 'development',
    https: requestIsHttps(request.url, request.headers.get('x-forwarded-proto')),
  });
  const signedIn = request.cookies.has(SESSION_COOKIE);
  const response =
    noImageOptimizer(request) ??
    signInCheck(request, signedIn) ??
    (await refuseMalformedRequest(request, signedIn ? undefined : SIGNED_OUT_ACTION_BODY_LIMIT_BYTES)) ??
    passOn(request, nonce, headers['Content-Security-Policy']);
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

function passOn(request: NextRequest, nonce: string, csp: string | undefined): NextResponse {
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('Content-Security-Policy', csp ?? '');
  return NextResponse.next({ request: { headers: requestHeaders } });
}

/**
 * The app uses no next/image: Next's image optimizer would fetch and resize whatever `url` names
 * (answering 500 for a missing file). It is not offered.
 */
function noImageOptimizer(request: NextRequest): NextResponse | null {
  if (!request.nextUrl.pathname.startsWith('/_next/image')) return null;
  return new NextResponse('Not found.\n', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });
}

function signInCheck(request: NextRequest, signedIn: boolean): NextResponse | null {
  const { pathname, search } = request.nextUrl;
  if (signedIn || isPublicPath(pathname)) return null;
  if (pathname.startsWith('/api/')) {
    return NextResponse.json({ error: 'Sign in first.' }, { status: 401, headers: { 'Cache-Control': 'no-store' } });
  }
  const url = request.nextUrl.clone();
  url.pathname = '/sign-in';
  url.search = pathname === '/' ? '' : `?next=${encodeURIComponent(pathname + search)}`;
  return NextResponse.redirect(url);
}

export const config = {
  // Everything but the build's static files (next.config.mjs gives those the headers that do not
  // need a nonce). The sign-in page and the health check are matched for their headers; the
  // sign-in check itself leaves them alone (isPublicPath).
  // /_next/image is matched to be answered 404 (noImageOptimizer).
  matcher: ['/((?!_next/static).*)'],
};
