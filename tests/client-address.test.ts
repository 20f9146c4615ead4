import { describe, expect, it } from 'vitest';
import { clientAddressFrom, forwardedHttps, normaliseAddress, parseTrustedProxies } from '@/lib/auth/client-address';

const none = parseTrustedProxies([]);
const lb = parseTrustedProxies(['10.0.0.5']);
const chain = parseTrustedProxies(['10.0.0.0/8', '192.168.1.1', 'fd00::/8']);

describe('the client address, from the socket peer, X-Forwarded-For and TRUSTED_PROXIES', () => {
  it.each([
    // No trusted proxy (the default): the peer, whatever the client says.
    ['no header', '203.0.113.9', [], none, '203.0.113.9'],
    ['a made-up X-Forwarded-For is ignored', '203.0.113.9', ['1.2.3.4'], none, '203.0.113.9'],
    ['a made-up chain is ignored', '203.0.113.9', ['1.2.3.4, 5.6.7.8'], none, '203.0.113.9'],
    ['an IPv4-mapped peer is its IPv4 address', '::ffff:203.0.113.9', ['1.2.3.4'], none, '203.0.113.9'],
    ['an IPv6 peer', '2001:DB8::1', [], none, '2001:db8::1'],
    ['no peer known', undefined, ['1.2.3.4'], none, 'unknown'],
    // A peer that is not a trusted proxy: its header is not believed either.
    ['an untrusted peer with a header', '203.0.113.9', ['1.2.3.4'], lb, '203.0.113.9'],
    // The trusted load balancer: the entry it appended (the rightmost) is the client.
    ['behind the load balancer', '10.0.0.5', ['198.51.100.7'], lb, '198.51.100.7'],
    ['behind the load balancer, the client’s own prefix ignored', '10.0.0.5', ['6.6.6.6, 198.51.100.7'], lb, '198.51.100.7'],
    ['behind the load balancer, as a mapped address', '::ffff:10.0.0.5', ['198.51.100.7'], lb, '198.51.100.7'],
    ['the load balancer sent no header: the proxy itself', '10.0.0.5', [], lb, '10.0.0.5'],
    // A chain of trusted proxies (CIDR ranges): walk from the right past every trusted hop.
    ['two trusted hops', '10.0.0.5', ['198.51.100.7, 192.168.1.1'], chain, '198.51.100.7'],
    ['a forged entry left of the client stays ignored', '10.1.2.3', ['6.6.6.6, 198.51.100.7, 10.9.9.9'], chain, '198.51.100.7'],
    ['several header lines are one list, in order', '10.0.0.5', ['6.6.6.6', '198.51.100.7, 10.2.2.2'], chain, '198.51.100.7'],
    ['IPv6 proxies and clients', 'fd00::1', ['2001:db8::7, fd00::2'], chain, '2001:db8::7'],
    ['hops with ports and brackets', '10.0.0.5', ['198.51.100.7:5123, [fd00::2]:443'], chain, '198.51.100.7'],
    ['every hop trusted: the farthest proxy', '10.0.0.5', ['10.0.0.6, 10.0.0.7'], chain, '10.0.0.6'],
    ['garbage next to a trusted hop: the nearest trusted proxy, never the garbage', '10.0.0.5', ['not-an-ip, 10.0.0.6'], chain, '10.0.0.6'],
    ['garbage right after the peer', '10.0.0.5', ['1.2.3.4, unknown'], chain, '10.0.0.5'],
  ] as const)('%s', (_name, peer, forwardedFor, trusted, expected) => {
    expect(clientAddressFrom({ peer, forwardedFor, trusted })).toBe(expected);
  });

  it('rotating made-up X-Forwarded-For values never changes the address without a trusted proxy', () => {
    const seen = new Set(Array.from({ length: 50 }, (_, i) => clientAddressFrom({ peer: '127.0.0.1', forwardedFor: [`198.51.100.${i}`], trusted: none })));
    expect([...seen]).toEqual(['127.0.0.1']);
  });

  it.each([
    ['10.0.0.1', '10.0.0.1'],
    ['::FFFF:10.0.0.1', '10.0.0.1'],
    ['[::1]', '::1'],
    ['[::1]:8080', '::1'],
    ['10.0.0.1:8080', '10.0.0.1'],
    [' 10.0.0.1 ', '10.0.0.1'],
    ['unknown', null],
    ['10.0.0.256', null],
    ['', null],
  ])('normalises %j to %j', (raw, expected) => {
    expect(normaliseAddress(raw)).toBe(expected);
  });
});

describe('HTTPS for the Secure cookie: X-Forwarded-Proto only from a trusted proxy', () => {
  it.each([
    ['a client claiming https, no trusted proxy', '203.0.113.9', 'https', none, false],
    ['a client claiming https, not the trusted proxy', '203.0.113.9', 'https', lb, false],
    ['no peer known', undefined, 'https', lb, false],
    ['the trusted load balancer says https', '10.0.0.5', 'https', lb, true],
    ['… as a mapped address, in capitals', '::ffff:10.0.0.5', 'HTTPS', lb, true],
    ['the trusted load balancer says http', '10.0.0.5', 'http', lb, false],
    ['a chain: the outermost proxy’s scheme', '10.1.2.3', 'https, http', chain, true],
    ['the trusted proxy sent none', '10.0.0.5', null, lb, false],
  ] as const)('%s', (_name, peer, forwardedProto, trusted, expected) => {
    expect(forwardedHttps({ peer, forwardedProto, trusted })).toBe(expected);
  });
});
