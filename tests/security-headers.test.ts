import { NextRequest } from 'next/server';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, createNonce, requestIsHttps, securityHeaders } from '@/lib/security/headers';
import { proxy } from '@/proxy';

const directives = (csp: string) => new Map(csp.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)] as const));

describe('security headers (lib/security/headers.ts)', () => {
  it('production over HTTP: nonce-only scripts, no eval, no framing, no HSTS', () => {
    const headers = securityHeaders({ nonce: 'bm9uY2U=', development: false, https: false });
    const csp = directives(headers['Content-Security-Policy']!);
    expect(csp.get('script-src')).toEqual(["'self'", "'nonce-bm9uY2U='", "'strict-dynamic'"]);
    expect(csp.get('style-src')).toEqual(["'self'", "'nonce-bm9uY2U='"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'self'"]);
    expect(csp.get('form-action')).toEqual(["'self'"]);
    expect(csp.has('upgrade-insecure-requests')).toBe(false);
    expect(headers['Content-Security-Policy']).not.toContain('unsafe-eval');
    expect(headers).toMatchObject({
      'X-Frame-Options': 'DENY',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'strict-origin-when-cross-origin',
      'Cross-Origin-Opener-Policy': 'same-origin',
    });
    for (const feature of ['camera', 'microphone', 'geolocation', 'payment', 'usb']) {
      expect(headers['Permissions-Policy']).toContain(`${feature}=()`);
    }
    expect(headers['Strict-Transport-Security']).toBeUndefined();
  });

  it("development allows 'unsafe-eval' (React's dev stacks) and inline styles (Next's dev tools), and only there", () => {
    const dev = directives(contentSecurityPolicy({ nonce: 'abc', development: true, https: false }));
    expect(dev.get('script-src')).toEqual(["'self'", "'nonce-abc'", "'strict-dynamic'", "'unsafe-eval'"]);
    expect(dev.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    const production = contentSecurityPolicy({ nonce: 'abc', development: false, https: true });
    expect(production).not.toContain('unsafe-eval');
    expect(directives(production).get('style-src')).toEqual(["'self'", "'nonce-abc'"]);
  });

  it('behind HTTPS: HSTS and upgrade-insecure-requests', () => {
    const headers = securityHeaders({ nonce: 'abc', development: false, https: true });
    expect(headers['Strict-Transport-Security']).toBe('max-age=31536000');
    expect(directives(headers['Content-Security-Policy']!).has('upgrade-insecure-requests')).toBe(true);
  });

  it.each([
    ['http://127.0.0.1:3000/', null, false],
    ['https://board.example/', null, true],
    ['http://127.0.0.1:3000/', 'https', true],
    ['http://127.0.0.1:3000/', 'https, http', true],
    ['http://127.0.0.1:3000/', ' HTTPS ', true],
    ['http://127.0.0.1:3000/', 'http', false],
    ['https://board.example/', 'http', false],
  ])('requestIsHttps(%s, %s) = %s', (url, proto, expected) => {
    expect(requestIsHttps(url, proto)).toBe(expected);
  });

  it('a nonce is fresh base64 each time, and a value that could break out of the header is refused', () => {
    const nonces = new Set(Array.from({ length: 50 }, createNonce));
    expect(nonces.size).toBe(50);
    for (const nonce of nonces) expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(() => contentSecurityPolicy({ nonce: "x'; script-src *", development: false, https: false })).toThrow(TypeError);
  });
});

describe('proxy.ts: the headers on every response, the sign-in check on its old scope', () => {
  const call = (path: string, init: { cookie?: boolean; headers?: Record<string, string> } = {}) =>
    proxy(
      new NextRequest(`http://127.0.0.1:3000${path}`, {
        headers: { ...(init.cookie ? { cookie: 'triggerboard_session=x' } : {}), ...init.headers },
      }),
    );

  it.each([
    ['a page, signed out: redirected to sign-in', '/sessions', false, 307],
    ['a route handler, signed out: 401', '/api/sessions/x/live', false, 401],
    ['the sign-in page', '/sign-in', false, 200],
    ['the health check', '/api/health', false, 200],
    ['a page, with a cookie', '/sessions/x/instances/y', true, 200],
    ['the HTTP API, without a cookie: on to its bearer check', '/api/v1/sessions/x', false, 200],
    ['the OpenAPI document', '/api/v1/openapi.json', false, 200],
  ])('%s, with every header', async (_label, path, cookie, status) => {
    const response = await call(path, { cookie });
    expect(response.status).toBe(status);
    expect(response.headers.get('content-security-policy')).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(response.headers.get('permissions-policy')).toContain('camera=()');
    expect(response.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(response.headers.get('strict-transport-security')).toBeNull();
  });

  it('passes the nonce on to the render in the request headers (Next.js reads it from the CSP)', async () => {
    const response = await call('/sessions', { cookie: true });
    const csp = response.headers.get('content-security-policy') ?? '';
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(response.headers.get('x-middleware-request-x-nonce')).toBe(nonce);
    expect(response.headers.get('x-middleware-request-content-security-policy')).toBe(csp);
    expect((await call('/sessions', { cookie: true })).headers.get('content-security-policy')).not.toBe(csp);
  });

  it('/api/v1: a cross-site bearer POST with a large body is left to the route (no server-action rules), a malformed path is a problem', async () => {
    const post = await proxy(
      new NextRequest('http://127.0.0.1:3000/api/v1/sessions/x/triggers/y', {
        method: 'POST',
        headers: { authorization: 'Bearer tb_x', origin: 'https://elsewhere.example', 'content-type': 'application/json', 'content-length': String(5_000_000) },
        body: '{}',
      }),
    );
    expect(post.status).toBe(200); // passed on: the route authenticates, then caps the body at 1 MB
    const bad = await call('/api/v1/sessions/%E0%A4%A');
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toBe('application/problem+json');
    expect(await bad.json()).toMatchObject({ type: 'https://triggerboard.dev/problems/invalid-path', status: 400 });
  });

  it('HSTS behind an HTTPS proxy', async () => {
    expect((await call('/sign-in', { headers: { 'x-forwarded-proto': 'https' } })).headers.get('strict-transport-security')).toBe('max-age=31536000');
  });

  it('a malformed request gets its 4xx with the headers; signed out, the sign-in form may post only a small body', async () => {
    const badEscape = await call('/sessions/%E0%A4%A', { cookie: true });
    expect(badEscape.status).toBe(400);
    expect(badEscape.headers.get('x-frame-options')).toBe('DENY');
    const post = (cookie: boolean, bytes: number) =>
      proxy(
        new NextRequest('http://127.0.0.1:3000/sign-in', {
          method: 'POST',
          headers: { 'next-action': 'x', 'content-type': 'text/plain', 'content-length': String(bytes), ...(cookie ? { cookie: 'triggerboard_session=x' } : {}) },
          body: '[]',
        }),
      );
    expect((await post(false, 100 * 1024)).status).toBe(413);
    expect((await post(true, 100 * 1024)).status).not.toBe(413);
  });

  it('signed out, a no-JS form post (no Next-Action header) is bounded by 64 KB too', async () => {
    const response = await proxy(
      new NextRequest('http://127.0.0.1:3000/sign-in', {
        method: 'POST',
        headers: { host: '127.0.0.1:3000', 'content-type': 'multipart/form-data; boundary=XYZ', 'content-length': String(5 * 1024 * 1024) },
        body: '--XYZ--\r\n',
      }),
    );
    expect(response.status).toBe(413);
    expect(response.headers.get('x-frame-options')).toBe('DENY');
  });

  it('/_next/image (the app uses no next/image): 404 with every header, signed in or out', async () => {
    for (const cookie of [false, true]) {
      const response = await call('/_next/image?url=%2Fx.png&w=64&q=75', { cookie });
      expect(response.status).toBe(404);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    }
  });

  it('the matcher sends /_next/image through the proxy, not only pages', async () => {
    const { config } = await import('@/proxy');
    const pattern = new RegExp(`^${config.matcher[0]?.replace('/((?!', '/(?!').replace(').*)', ').*')}$`);
    expect(pattern.test('/_next/image')).toBe(true);
    expect(pattern.test('/_next/static/chunks/x.js')).toBe(false);
  });
});
