/**
 * Makes the TCP peer's address visible to route code under `next start`.
 *
 * Measured on Next 16.4 (`next start`): the server sets `x-forwarded-for` to the socket's address
 * only when the request has none (`req.headers['x-forwarded-for'] ??= socket.remoteAddress`), so a
 * client that sends its own X-Forwarded-For erases the one fact we have; no other header carries
 * the peer, and route code never sees the socket. So at boot (instrumentation.ts) we wrap the
 * HTTP server's 'request' event to write the peer into PEER_HEADER, always overwriting whatever
 * the client sent under that name. Route code believes the header only when the stamp is
 * installed in this process.
 */
import { installRequestHook, requestHookInstalled } from '@/lib/http/request-hook';

export const PEER_HEADER = 'x-triggerboard-peer';

const HOOK = 'triggerboard.peerAddressStamp';

/** Whether every request of this process carries the peer in PEER_HEADER. */
export function peerStampInstalled(): boolean {
  return requestHookInstalled(HOOK);
}

/** Idempotent. Must run in the server's process before it serves (instrumentation's register()). */
export function installPeerAddressStamp(): Promise<void> {
  return installRequestHook(HOOK, (request) => {
    request.headers[PEER_HEADER] = request.socket?.remoteAddress ?? '';
    return false;
  });
}
