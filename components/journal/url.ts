import { EVENT_KINDS, type EventKind } from '@/lib/triggers';

/** A page's search params as Next.js hands them over. */
export type SearchParamsRecord = Record<string, string | string[] | undefined>;

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

const first = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);

/** A trimmed text param; empty (an empty form field) or too long counts as absent. */
function textParam(value: string | string[] | undefined, max: number): string | undefined {
  const trimmed = first(value)?.trim();
  return trimmed && trimmed.length <= max ? trimmed : undefined;
}

/** The timeline's URL state; anything invalid falls back to its default. */
export function parseTimelineSearch(query: SearchParamsRecord): TimelineSearch {
  const kind = first(query[TIMELINE_PARAMS.kind]);
  const order = first(query[TIMELINE_PARAMS.order]);
  return {
    kind: kind && (EVENT_KINDS as readonly string[]).includes(kind) ? (kind as EventKind) : undefined,
    task: textParam(query[TIMELINE_PARAMS.task], 200),
    instance: textParam(query[TIMELINE_PARAMS.instance], 200),
    order: order === 'asc' ? 'asc' : 'desc',
    cursor: textParam(query[TIMELINE_PARAMS.cursor], 200),
  };
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
