import { createServer, type IncomingHttpHeaders } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { installPeerAddressStamp, PEER_HEADER, peerStampInstalled } from '@/lib/auth/peer-address';

// The request's headers, as route code would see them through next/headers.
const request = vi.hoisted(() => ({ headers: new Headers() }));
vi.mock('next/headers', () => ({ headers: async () => request.headers, cookies: async () => new Map() }));
const { clientAddress } = await import('@/lib/auth/session');

beforeAll(async () => {
  await installPeerAddressStamp();
});

describe('the peer address stamp (what next start does not give route code)', () => {
  let server: ReturnType<typeof createServer>;
  let seen: IncomingHttpHeaders[] = [];
  const port = 3212;
  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(req.headers);
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('writes the TCP peer into its header on every request, over whatever the client sent under that name', async () => {
    seen = [];
    expect(peerStampInstalled()).toBe(true);
    await fetch(`http://127.0.0.1:${port}/`, { headers: { 'x-forwarded-for': '6.6.6.6', [PEER_HEADER]: '9.9.9.9' } });
    await fetch(`http://127.0.0.1:${port}/`);
    expect(seen.map((headers) => headers[PEER_HEADER])).toEqual(['127.0.0.1', '127.0.0.1']);
    expect(seen[0]!['x-forwarded-for']).toBe('6.6.6.6'); // left alone: only a trusted proxy's is believed
  });

  it('installing twice wraps the server once', async () => {
    await installPeerAddressStamp();
    seen = [];
    await fetch(`http://127.0.0.1:${port}/`, { headers: { [PEER_HEADER]: 'forged' } });
    expect(seen.map((headers) => headers[PEER_HEADER])).toEqual(['127.0.0.1']);
  });
});

describe('clientAddress() at the edge, with no TRUSTED_PROXIES', () => {
  it('is the peer, however the client rotates X-Forwarded-For', async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 25; i += 1) {
      request.headers = new Headers({ 'x-forwarded-for': `198.51.100.${i}, 203.0.113.${i}`, [PEER_HEADER]: '192.0.2.44' });
      seen.add(await clientAddress());
    }
    expect([...seen]).toEqual(['192.0.2.44']);
  });
});
