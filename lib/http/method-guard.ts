/**
 * An HTTP method Next.js cannot route (TRACE) makes `next start` throw before proxy.ts runs:
 * a 500 without the security headers, and a stack in the log for every such request. Installed at
 * boot (instrumentation.ts), this answers it 405 with the headers instead. Same technique as
 * lib/auth/peer-address.ts: the HTTP server's 'request' event is the only place ahead of Next.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { staticSecurityHeaders } from '@/lib/security/headers';

const UNSUPPORTED = new Set(['TRACE']); // TRACK and unknown methods: Node's parser answers 400 itself
const ALLOW = 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS';

const INSTALLED = Symbol.for('triggerboard.methodGuard');
type Flagged = typeof globalThis & { [INSTALLED]?: boolean };

/** Answers an unsupported method itself; true when it did. */
export function refuseUnsupportedMethod(request: IncomingMessage, response: ServerResponse): boolean {
  if (!UNSUPPORTED.has(request.method ?? '')) return false;
  response.writeHead(405, { ...staticSecurityHeaders(false), Allow: ALLOW, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  response.end(`Method ${request.method} is not allowed.\n`);
  return true;
}

/** Idempotent. Must run in the server's process before it serves (instrumentation's register()). */
export async function installMethodGuard(): Promise<void> {
  const flagged = globalThis as Flagged;
  if (flagged[INSTALLED]) return;
  const http = await import('node:http');
  const https = await import('node:https');
  for (const proto of [http.Server.prototype, https.Server.prototype] as Server[]) {
    const emit = proto.emit;
    proto.emit = function guardMethods(this: Server, event: string | symbol, ...args: unknown[]): boolean {
      if (event === 'request' && refuseUnsupportedMethod(args[0] as IncomingMessage, args[1] as ServerResponse)) return true;
      return emit.apply(this, [event, ...args] as Parameters<Server['emit']>);
    } as Server['emit'];
  }
  flagged[INSTALLED] = true;
}
