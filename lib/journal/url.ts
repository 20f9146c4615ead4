/**
 * The journal timeline's URL state. The timeline is shown inside other pages (a session's, an
 * instance's), so its params carry a prefix and links keep the page's own params.
 */
import { z } from 'zod';
import { choiceParam, firstParam, textParam, type SearchParamsRecord } from '@/lib/http/search-params';
import { EVENT_KINDS, type EventKind } from '@/lib/triggers';

/**
 * The timeline's own search params, prefixed `tl_` so they never clash with those of the page
 * that shows it (the session page's `task` and `after`, for instance).
 */
export const TIMELINE_PARAMS = {
  kind: 'tl_kind',
  task: 'tl_task',
  instance: 'tl_instance',
  order: 'tl_order',
  cursor: 'tl_cursor',
} as const;
export type TimelineParam = keyof typeof TIMELINE_PARAMS;

export const TIMELINE_ORDERS = ['desc', 'asc'] as const;
export type TimelineOrder = (typeof TIMELINE_ORDERS)[number];

export interface TimelineSearch {
  kind?: EventKind;
  task?: string;
  instance?: string;
  order: TimelineOrder;
  cursor?: string;
}

const timelineSearchSchema = z.object({
  kind: choiceParam(EVENT_KINDS),
  task: textParam(200),
  instance: textParam(200),
  order: z.enum(TIMELINE_ORDERS).catch('desc'),
  cursor: textParam(200),
});

/** The timeline's URL state (the first value of a repeated param); anything invalid falls back to its default. */
export function parseTimelineSearch(query: SearchParamsRecord): TimelineSearch {
  const own = Object.fromEntries(Object.entries(TIMELINE_PARAMS).map(([key, param]) => [key, firstParam(query[param])]));
  return timelineSearchSchema.parse(own);
}

const isTimelineParam = (key: string) => key.startsWith('tl_');

/** Every param of the page that is not the timeline's own, as [name, value] pairs (repeated names kept). */
export function otherParams(query: SearchParamsRecord): [string, string][] {
  const pairs: [string, string][] = [];
  for (const [key, value] of Object.entries(query)) {
    if (isTimelineParam(key) || value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) pairs.push([key, v]);
  }
  return pairs;
}

/**
 * A link to `basePath` with the page's other params kept, the timeline's current state, and
 * `changes` applied (null removes a param), scrolled to the timeline.
 */
export function timelineHref(
  basePath: string,
  query: SearchParamsRecord,
  search: TimelineSearch,
  changes: Partial<Record<TimelineParam, string | null>> = {},
): string {
  const params = new URLSearchParams(otherParams(query));
  const state: Record<TimelineParam, string | undefined> = {
    kind: search.kind,
    task: search.task,
    instance: search.instance,
    order: search.order === 'desc' ? undefined : search.order,
    cursor: search.cursor,
  };
  for (const key of Object.keys(TIMELINE_PARAMS) as TimelineParam[]) {
    const value = key in changes ? changes[key] : state[key];
    if (value) params.set(TIMELINE_PARAMS[key], value);
  }
  const queryString = params.toString();
  return `${basePath}${queryString ? `?${queryString}` : ''}#timeline`;
}
