import { describe, expect, it } from 'vitest';
import { auditHref, auditSearchSchema } from '@/lib/audit/url';
import { failedHref, failedSearchSchema } from '@/lib/failed/url';
import { hrefWithParams } from '@/lib/http/search-params';
import { parseTimelineSearch, timelineHref } from '@/lib/journal/url';
import { sessionsHref, sessionsSearchSchema } from '@/lib/sessions/url';

/** The query string of an href, as the page's searchParams would hand it over. */
const queryOf = (href: string) => Object.fromEntries(new URL(href, 'http://x').searchParams);

describe('URL state: each list writes what it reads', () => {
  it('audit: every filter round-trips, encoded', () => {
    const state = { actor: 'ada+1@example.com', action: 'skip', session: 'a b&c', instance: 't#0', outcome: 'error', from: '2026-03-01', to: '2026-03-02', limit: 20, cursor: 'abc' } as const;
    const href = auditHref(state);
    expect(href.startsWith('/audit?actor=ada%2B1%40example.com&action=skip&session=a+b%26c&instance=t%230')).toBe(true);
    expect(auditSearchSchema.parse(queryOf(href))).toEqual(state);
    expect(auditHref({})).toBe('/audit');
  });

  it('failed inbox: the list view and empty values are left out; the grouped view is kept', () => {
    expect(failedHref({ view: 'list', task: '', cursor: null })).toBe('/failed');
    const href = failedHref({ view: 'groups', task: 't_score', type: 'TypeError', session: 's:1', age: 'day', limit: 10, cursor: 'c' });
    expect(href).toBe('/failed?view=groups&task=t_score&type=TypeError&session=s%3A1&age=day&limit=10&cursor=c');
    expect(failedSearchSchema.parse(queryOf(href))).toEqual({ view: 'groups', task: 't_score', type: 'TypeError', session: 's:1', age: 'day', limit: 10, cursor: 'c' });
    expect(failedSearchSchema.parse({ age: 'year', view: 'grid', limit: '999', task: ['a', 'b'] })).toEqual({
      task: undefined,
      type: undefined,
      session: undefined,
      age: undefined,
      view: undefined,
      cursor: undefined,
      limit: undefined,
    });
  });

  it('sessions: the "all" filter is the default and is left out', () => {
    expect(sessionsHref({ filter: 'all' })).toBe('/sessions');
    const href = sessionsHref({ q: 'applicant:1', filter: 'failed', cursor: 'k' });
    expect(href).toBe('/sessions?q=applicant%3A1&filter=failed&cursor=k');
    expect(sessionsSearchSchema.parse(queryOf(href))).toEqual({ q: 'applicant:1', filter: 'failed', cursor: 'k' });
    expect(sessionsSearchSchema.parse({ q: '  ', filter: 'some' })).toEqual({ q: undefined, filter: undefined, cursor: undefined });
  });

  it('journal timeline: its own prefixed params (first of repeated ones), the page\'s others kept', () => {
    const query = { tl_kind: ['trigger-fired', 'logs-resolved'], tl_task: ' t_a ', tl_order: 'sideways', task: 't_b', after: ['1', '2'] };
    const search = parseTimelineSearch(query);
    expect(search).toEqual({ kind: 'trigger-fired', task: 't_a', instance: undefined, order: 'desc', cursor: undefined });
    expect(parseTimelineSearch({ tl_kind: 'nope', tl_order: 'asc', tl_instance: 'x'.repeat(201) })).toEqual({
      kind: undefined,
      task: undefined,
      instance: undefined,
      order: 'asc',
      cursor: undefined,
    });
    expect(timelineHref('/sessions/s', query, search)).toBe('/sessions/s?task=t_b&after=1&after=2&tl_kind=trigger-fired&tl_task=t_a#timeline');
    expect(timelineHref('/sessions/s', {}, { order: 'asc' }, { cursor: '9' })).toBe('/sessions/s?tl_order=asc&tl_cursor=9#timeline');
  });

  it('hrefWithParams keeps the order given and leaves out empty values', () => {
    expect(hrefWithParams('/x', { b: 'two', a: 1, c: '', d: undefined, e: null, f: 0 })).toBe('/x?b=two&a=1');
  });
});
