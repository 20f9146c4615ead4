import { describe, expect, it } from 'vitest';
import { safeNextPath } from '@/lib/auth/next-path';

describe('the page to go back to after signing in', () => {
  it.each([
    ['/sessions/questionnaire-1?tl_kind=trigger-fired', '/sessions/questionnaire-1?tl_kind=trigger-fired'],
    ['/sessions/a%23b/instances/t%231', '/sessions/a%23b/instances/t%231'],
    ['/failed#top', '/failed#top'],
  ])('keeps a path on this site: %s', (next, expected) => {
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
  ])('refuses anything a browser could read as another site, or the sign-in page itself: %j', (next) => {
    expect(safeNextPath(next)).toBe('/sessions');
  });
});
