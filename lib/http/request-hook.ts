/**
 * Runs a hook on every HTTP request of this process before Next.js sees it, by wrapping the
 * 'request' event of node:http and node:https servers: the only place ahead of `next start`
 * (route code never sees the socket; proxy.ts runs after Next has parsed the request).
 * A hook returns true when it answered the request itself (Next then never sees it).
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

export type RequestHook = (request: IncomingMessage, response: ServerResponse) => boolean;

/** Idempotent per `key` (a Symbol.for name): must run before the server serves (instrumentation's register()). */
export async function installRequestHook(key: string, hook: RequestHook): Promise<void> {
  const flag = Symbol.for(key);
  const flagged = globalThis as typeof globalThis & Record<symbol, boolean | undefined>;
  if (flagged[flag]) return;
  const http = await import('node:http');
  const https = await import('node:https');
  for (const proto of [http.Server.prototype, https.Server.prototype] as Server[]) {
    const emit = proto.emit;
    proto.emit = function withHook(this: Server, event: string | symbol, ...args: unknown[]): boolean {
      if (event === 'request' && hook(args[0] as IncomingMessage, args[1] as ServerResponse)) return true;
      return emit.apply(this, [event, ...args] as Parameters<Server['emit']>);
    } as Server['emit'];
  }
  flagged[flag] = true;
}

/** Whether the hook under `key` is installed in this process. */
export function requestHookInstalled(key: string): boolean {
  return (globalThis as typeof globalThis & Record<symbol, boolean | undefined>)[Symbol.for(key)] === true;
}
