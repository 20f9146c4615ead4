import { NextResponse, type NextRequest } from 'next/server';
import { SESSION_COOKIE } from '@/lib/auth/cookie';
import { refuseMalformedRequest } from '@/lib/http/malformed-request';

/**
 * An optimistic check only: a request without a session cookie is sent to the sign-in page (or
 * answered 401 on /api). Every page, route handler and server action still checks the user and
 * role on the server itself; a forged or stale cookie gets nothing from them.
 */
export async function proxy(request: NextRequest) {
  if (request.cookies.has(SESSION_COOKIE)) return (await refuseMalformedRequest(request)) ?? NextResponse.next();
  const { pathname, search } = request.nextUrl;
  if (pathname.startsWith('/api/')) {
    return NextResponse.json({ error: 'Sign in first.' }, { status: 401, headers: { 'Cache-Control': 'no-store' } });
  }
  const url = request.nextUrl.clone();
  url.pathname = '/sign-in';
  url.search = pathname === '/' ? '' : `?next=${encodeURIComponent(pathname + search)}`;
  return NextResponse.redirect(url);
}

export const config = {
  // Everything except the sign-in page, the health check (for load balancers), and static files.
  matcher: ['/((?!sign-in|api/health|_next/static|_next/image|favicon.ico|robots.txt).*)'],
};
