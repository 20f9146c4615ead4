/**
 * What the dashboard's pages load from a session's journal: one page of its timeline (an old or
 * mangled cursor falls back to the first page) and one event by number. The pages render what
 * these return; nothing below `components/` reads the journal itself.
 */
import 'server-only';
import type { ViewerPrivacy } from '@/lib/auth/payloads';
import { InvalidCursorError } from '@/lib/db/queries/cursor';
import { getSessionTimeline, type Timeline, type TimelineEvent, type TimelineFilter } from '@/lib/journal';

export interface TimelineOptions {
  order: 'asc' | 'desc';
  cursor?: string | null;
  limit: number;
}

/** Reads one page of a session's timeline (`null`: no such session). */
export type ReadTimeline = (uid: string, filter: TimelineFilter, options: TimelineOptions) => Promise<Timeline | null>;

export interface LoadedTimeline {
  /** Null when the session does not exist. */
  timeline: Timeline | null;
  /** The cursor was not one of ours, so the first page is shown. */
  cursorReset: boolean;
}

const hasNul = (...values: (string | undefined)[]) => values.some((value) => value?.includes('\u0000'));

/** One page of the timeline; an unusable cursor (an old or mangled link) falls back to the first page. */
export async function loadTimelinePage(read: ReadTimeline, uid: string, filter: TimelineFilter, options: TimelineOptions): Promise<LoadedTimeline> {
  // PostgreSQL text cannot hold NUL: no session, task or instance has one in its name.
  if (hasNul(uid, filter.task, filter.instance)) {
    const bounds = hasNul(uid) ? null : await read(uid, {}, { order: options.order, limit: 1 });
    return { timeline: bounds && { ...bounds, events: [], nextCursor: null, total: 0, totalCapped: false }, cursorReset: false };
  }
  try {
    return { timeline: await read(uid, filter, options), cursorReset: false };
  } catch (error) {
    if (!(error instanceof InvalidCursorError)) throw error;
    return { timeline: await read(uid, filter, { ...options, cursor: null }), cursorReset: true };
  }
}

/** Event `seq` itself, when it is still in the journal (null for #0, a pruned or a future event). */
export async function loadJournalEvent(read: ReadTimeline, uid: string, seq: number): Promise<TimelineEvent | null> {
  if (seq < 1 || hasNul(uid)) return null;
  try {
    const page = await read(uid, {}, { order: 'asc', cursor: String(seq - 1), limit: 1 });
    const event = page?.events[0];
    return event?.seq === seq ? event : null;
  } catch (error) {
    if (error instanceof InvalidCursorError) return null;
    throw error;
  }
}

/** The app database's timeline, as `privacy` allows. */
const appTimeline = (privacy: ViewerPrivacy): ReadTimeline => (uid, filter, options) => getSessionTimeline(uid, privacy, filter, options);

export function getSessionTimelinePage(uid: string, privacy: ViewerPrivacy, filter: TimelineFilter, options: TimelineOptions): Promise<LoadedTimeline> {
  return loadTimelinePage(appTimeline(privacy), uid, filter, options);
}

export function getSessionEvent(uid: string, seq: number, privacy: ViewerPrivacy): Promise<TimelineEvent | null> {
  return loadJournalEvent(appTimeline(privacy), uid, seq);
}
