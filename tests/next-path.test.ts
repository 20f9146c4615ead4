import { describe, expect, it } from 'vitest';
import { landingPath, safeNextPath } from '@/lib/auth/next-path';

describe('the page to go back to after signing in', () => {
  it.each([
    ['/sessions/questionnaire-1?tl_kind=trigger-fired', '/sessions/questionnaire-1?tl_kind=trigger-fired'],
    ['/sessions/a%23b/instances/t%231', '/sessions/a%23b/instances/t%231'],
    ['/failed#top', '/failed#top'],
    // Dot segments are resolved as a browser would: the answer is the path it finally loads.
    ['/./sessions', '/sessions'],
    ['/sessions/./a/../b?x=1#h', '/sessions/b?x=1#h'],
    ['/sessions/%2e%2e/failed', '/failed'],
    // A slash inside a segment (an encoded uid) is not a leading slash.
    ['/sessions/a%2F%2Fb', '/sessions/a%2F%2Fb'],
    // A query or hash may hold anything: it never changes the host.
    ['/sessions?q=//evil.example', '/sessions?q=//evil.example'],
    ['/audit#//evil.example', '/audit#//evil.example'],
    // A malformed escape is left as it is (the page answers it), not a way out.
    ['/sessions/%zz', '/sessions/%zz'],
  ])('keeps a path on this site: %s → %s', (next, expected) => {
    expect(safeNextPath(next)).toBe(expected);
  });

  it.each([
    [undefined],
    [''],
    ['https://evil.example/'],
    ['//evil.example/x'],
    ['/\\evil.example'],
    ['/\t/evil.example'],
    ['/%09/evil.example'.replace('%09', '\t')],
    ['/\n/evil.example'],
    ['sessions'],
    ['/sign-in?next=/sessions'],
    // Dot segments that resolve to a second leading slash: `//evil.example` in a browser.
    ['/.//evil.example'],
    ['/sessions/../..//evil.example'],
    ['/a/..//evil.example'],
    ['/sessions/./..//evil.example/steal?x=1'],
    // The same with the dots percent-encoded (browsers decode %2e in dot segments).
    ['/%2e//evil.example'],
    ['/%2E%2E//evil.example'],
    ['/sessions/%2e%2e/%2e%2e//evil.example'],
    ['/sessions/.%2e/%2e.//evil.example'],
    // A second slash or a backslash hidden behind an escape a router or proxy could decode.
    ['/%2F%2Fevil.example'],
    ['/%2fevil.example'],
    ['/%5Cevil.example'],
    ['/%2F/evil.example'],
    // Control characters, also encoded.
    ['/%00/sessions'],
    ['/%0a/evil.example'],
    // The sign-in page itself, however written.
    ['/./sign-in'],
    ['/%73ign-in'],
    ['/SIGN-IN'],
  ])('refuses anything a browser could read as another site, or the sign-in page itself: %j', (next) => {
    expect(safeNextPath(next)).toBe('/sessions');
  });

  it('its answer is always a single-slash path that resolves to itself', () => {
    const inputs = ['/.//evil.example', '/x/../y', '/%2e%2e/%2e%2e/sessions', '/sessions?next=//x', '/a/b/../../c#d'];
    for (const input of inputs) {
      const path = safeNextPath(input);
      expect(path).toMatch(/^\/(?![/\\])/);
      const url = new URL(path, 'http://triggerboard.invalid');
      expect(url.origin).toBe('http://triggerboard.invalid');
      expect(`${url.pathname}${url.search}${url.hash}`).toBe(path);
      expect(safeNextPath(path)).toBe(path);
    }
  });
});

describe('where a user lands after signing in', () => {
  it('operators and admins land on the failed inbox, viewers on Sessions', () => {
    expect(landingPath('operator')).toBe('/failed');
    expect(landingPath('admin')).toBe('/failed');
    expect(landingPath('viewer')).toBe('/sessions');
  });

  it('a safe next still wins over the landing page; an unsafe one falls back to it', () => {
    expect(safeNextPath('/sessions/q-1', landingPath('operator'))).toBe('/sessions/q-1');
    for (const next of [undefined, '', '//evil.example/x', '/.//evil.example', '/sign-in?next=/failed']) {
      expect(safeNextPath(next, landingPath('operator'))).toBe('/failed');
      expect(safeNextPath(next, landingPath('viewer'))).toBe('/sessions');
    }
  });
});
