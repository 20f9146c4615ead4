/**
 * The client's address, for the sign-in limits. Pure: the edge (lib/auth/session.ts) reads the
 * headers and the socket peer and passes them in.
 *
 * Only the TCP peer is a fact; `X-Forwarded-For` is text anyone can send. So the peer is the
 * client, unless the peer is one of the configured TRUSTED_PROXIES: then the forwarded chain is
 * walked from the right (the entry the nearest proxy appended) past every trusted proxy, and the
 * first address that is not one is the client. With no trusted proxies (the default) a client's
 * X-Forwarded-For is ignored entirely.
 */
import { BlockList, isIP } from 'node:net';

/** A parsed TRUSTED_PROXIES list. */
export interface TrustedProxies {
  has(address: string): boolean;
  readonly entries: readonly string[];
}

/** `::ffff:10.0.0.1` is the IPv4 address 10.0.0.1 (a dual-stack socket reports it so). */
export function normaliseAddress(raw: string): string | null {
  let value = raw.trim();
  // Tolerate the forms proxies write: "[::1]", "[::1]:443", "10.0.0.1:8080".
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed) value = bracketed[1]!;
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(value)) value = value.slice(0, value.lastIndexOf(':'));
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(value);
  if (mapped) value = mapped[1]!;
  const kind = isIP(value);
  if (kind === 0) return null;
  return kind === 6 ? value.toLowerCase() : value;
}

/** Why one TRUSTED_PROXIES entry is not an address or a CIDR range, or null when it is. */
export function trustedProxyProblem(entry: string): string | null {
  const [address, prefix, extra] = entry.split('/');
  if (extra !== undefined || !address) return `"${entry}" is not an IP address or a CIDR range`;
  const kind = isIP(address);
  if (kind === 0) return `"${entry}" is not an IP address or a CIDR range`;
  if (prefix === undefined) return null;
  const max = kind === 4 ? 32 : 128;
  if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > max) return `"${entry}" has a prefix length outside 0–${max}`;
  return null;
}

/** Parses the comma-separated list (entries already validated by lib/env.ts). */
export function parseTrustedProxies(entries: readonly string[]): TrustedProxies {
  const list = new BlockList();
  for (const entry of entries) {
    const [address, prefix] = entry.split('/');
    const kind = isIP(address!) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(address!, kind);
    else list.addSubnet(address!, Number(prefix), kind);
  }
  return {
    entries,
    has(address: string) {
      const normal = normaliseAddress(address);
      if (!normal) return false;
      return list.check(normal, isIP(normal) === 6 ? 'ipv6' : 'ipv4');
    },
  };
}

export const NO_TRUSTED_PROXIES: TrustedProxies = parseTrustedProxies([]);

/**
 * The client's address.
 * @param peer the TCP peer of the request (the socket's remote address), if known
 * @param forwardedFor every X-Forwarded-For header value, in the order received
 */
export function clientAddressFrom(input: { peer: string | null | undefined; forwardedFor: readonly string[]; trusted: TrustedProxies }): string {
  const peer = input.peer ? normaliseAddress(input.peer) : null;
  if (!peer) return 'unknown';
  if (!input.trusted.has(peer)) return peer;
  const hops = input.forwardedFor.flatMap((value) => value.split(',')).map((hop) => hop.trim()).filter(Boolean);
  let client = peer;
  for (let i = hops.length - 1; i >= 0; i -= 1) {
    const hop = normaliseAddress(hops[i]!);
    // A hop that is not an address cannot be told apart from a made-up one: stop at the last
    // trusted proxy, so garbage never becomes a key of its own.
    if (!hop) return client;
    client = hop;
    if (!input.trusted.has(hop)) return hop;
  }
  return client; // every hop is a trusted proxy: the farthest one is the best we know
}

/**
 * Whether the client reached us over HTTPS, for the cookie's Secure flag (COOKIE_SECURE=auto).
 * `next start` speaks plain HTTP, so HTTPS can only have ended at a proxy in front, and
 * `X-Forwarded-Proto` is believed, like X-Forwarded-For, only when the peer is one of the
 * TRUSTED_PROXIES; its first value is the scheme the outermost proxy saw (as Express reads it).
 */
export function forwardedHttps(input: { peer: string | null | undefined; forwardedProto: string | null | undefined; trusted: TrustedProxies }): boolean {
  const peer = input.peer ? normaliseAddress(input.peer) : null;
  if (!peer || !input.trusted.has(peer)) return false;
  return input.forwardedProto?.split(',')[0]?.trim().toLowerCase() === 'https';
}
