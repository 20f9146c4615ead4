/**
 * The security headers of every response (set by proxy.ts): a Content Security Policy whose
 * scripts run only with this request's nonce, no framing by any other page, no referrer leak
 * across origins, no MIME sniffing, no powerful browser features, a browsing context of our own,
 * and HSTS when the request came over HTTPS. Pure (the nonce is passed in), so it is tested as a
 * table of cases (tests/security-headers.test.ts).
 */

export interface SecurityHeaderOptions {
  /** A fresh, unguessable value per request (base64). Next.js reads it from the CSP request header. */
  nonce: string;
  /** `next dev`: React rebuilds server error stacks with eval() in the browser. */
  development: boolean;
  /** The browser reached us over HTTPS (directly or through a proxy that says so). */
  https: boolean;
}

/** Browser features the dashboard never uses: denied to it and to anything it could embed. */
const DENIED_FEATURES = [
  'accelerometer',
  'autoplay',
  'camera',
  'display-capture',
  'encrypted-media',
  'fullscreen',
  'geolocation',
  'gyroscope',
  'hid',
  'idle-detection',
  'magnetometer',
  'microphone',
  'midi',
  'payment',
  'picture-in-picture',
  'publickey-credentials-get',
  'screen-wake-lock',
  'serial',
  'usb',
  'xr-spatial-tracking',
] as const;

export const HSTS_VALUE = 'max-age=31536000';

/** The Content-Security-Policy value for one response. */
export function contentSecurityPolicy({ nonce, development, https }: SecurityHeaderOptions): string {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(nonce)) throw new TypeError('A CSP nonce must be base64 (no quotes, spaces or semicolons).');
  const directives: Array<[string, ...string[]]> = [
    ['default-src', "'self'"],
    // 'strict-dynamic': the scripts Next.js loads with the nonce may load its other chunks; no
    // other script runs (host lists and 'self' are ignored by browsers that know strict-dynamic).
    ['script-src', "'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(development ? ["'unsafe-eval'"] : [])],
    // <style> elements need the nonce: Next.js puts it on its own, CodeMirror through
    // EditorView.cspNonce (components/recovery/json-editor.tsx). Style *attributes* are allowed:
    // React renders a few (a progress bar's width, a lineage indent) and CodeMirror sets some;
    // an injected attribute can restyle one element but, unlike an injected <style>, cannot
    // read the page with attribute selectors. Under `next dev` its dev tools add <style> elements
    // without the nonce: 'unsafe-inline' there, and no nonce (browsers ignore 'unsafe-inline'
    // next to a nonce).
    ['style-src', "'self'", ...(development ? ["'unsafe-inline'"] : [`'nonce-${nonce}'`])],
    ['style-src-attr', "'unsafe-inline'"],
    ['img-src', "'self'", 'data:', 'blob:'],
    ['font-src', "'self'"],
    ['connect-src', "'self'"],
    ['object-src', "'none'"],
    ['base-uri', "'self'"],
    ['form-action', "'self'"],
    ['frame-src', "'none'"],
    ['frame-ancestors', "'none'"],
    ['manifest-src', "'self'"],
    ['worker-src', "'self'"],
    // Over plain HTTP (the default on 127.0.0.1) upgrading would break every subresource.
    ...(https ? ([['upgrade-insecure-requests']] as Array<[string]>) : []),
  ];
  return directives.map((parts) => parts.join(' ')).join('; ');
}

/** Every security header of one response, CSP included. */
export function securityHeaders(options: SecurityHeaderOptions): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(options),
    ...staticSecurityHeaders(options.https),
  };
}

/** The headers that do not depend on the request's nonce (also sent on static files). */
export function staticSecurityHeaders(https: boolean): Record<string, string> {
  return {
    // frame-ancestors is the standard; X-Frame-Options for browsers that predate it.
    'X-Frame-Options': 'DENY',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'Permissions-Policy': DENIED_FEATURES.map((feature) => `${feature}=()`).join(', '),
    'Cross-Origin-Opener-Policy': 'same-origin',
    // Browsers ignore HSTS received over plain HTTP, so it is only sent when it can work.
    ...(https ? { 'Strict-Transport-Security': HSTS_VALUE } : {}),
  };
}

/**
 * Whether the browser reached us over HTTPS: the request URL, or the first hop named in
 * `X-Forwarded-Proto` by a TLS-terminating proxy (the sign-in cookie's `Secure` flag trusts it
 * the same way). A client that forges it over plain HTTP only changes its own response: browsers
 * ignore HSTS received over HTTP, and upgrade-insecure-requests breaks only that page.
 */
export function requestIsHttps(url: string, forwardedProto: string | null): boolean {
  const first = forwardedProto?.split(',')[0]?.trim().toLowerCase();
  if (first) return first === 'https';
  return url.startsWith('https:');
}

/** A fresh nonce: 16 random bytes, base64 (Web Crypto: works in every runtime). */
export function createNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}
