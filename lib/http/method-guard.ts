/**
 * An HTTP method Next.js cannot route (TRACE) makes `next start` throw before proxy.ts runs:
 * a 500 without the security headers, and a stack in the log for every such request. Installed at
 * boot (instrumentation.ts) through lib/http/request-hook.ts, this answers it 405 with the
 * headers instead.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { installRequestHook } from '@/lib/http/request-hook';
import { staticSecurityHeaders } from '@/lib/security/headers';

const UNSUPPORTED = new Set(['TRACE']); // TRACK and unknown methods: Node's parser answers 400 itself
const ALLOW = 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS';

/** Answers an unsupported method itself; true when it did. */
export function refuseUnsupportedMethod(request: IncomingMessage, response: ServerResponse): boolean {
  if (!UNSUPPORTED.has(request.method ?? '')) return false;
  response.writeHead(405, { ...staticSecurityHeaders(false), Allow: ALLOW, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  response.end(`Method ${request.method} is not allowed.\n`);
  return true;
}

/** Idempotent. Must run in the server's process before it serves (instrumentation's register()). */
export function installMethodGuard(): Promise<void> {
  return installRequestHook('triggerboard.methodGuard', refuseUnsupportedMethod);
}
