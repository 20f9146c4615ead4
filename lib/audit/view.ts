/**
 * The read side of the audit trail, as the pages need it: the /audit page's content (its URL
 * state: url.ts), and the short history shown on a session or instance page.
 */
import 'server-only';
import { hidePayloadKeys, type ViewerPrivacy } from '@/lib/auth/payloads';
import { getAppDatabase } from '@/lib/db/app-database';
import {
  countAuditEvents,
  listActors,
  listAuditEvents,
  type AuditActor,
  type AuditEventRow,
  type AuditFilter,
} from '@/lib/db/queries/audit';
import { InvalidCursorError } from '@/lib/db/queries/cursor';
import { hasNul } from '@/lib/http/route-params';
import { DEFAULT_AUDIT_LIMIT, type AuditSearch } from './url';

export type { AuditActor, AuditEventRow };

/** The summary counts matching events up to this many, then says "more than". */
export const AUDIT_COUNT_CAP = 10_000;

const DAY_MS = 86_400_000;
// What a query can pass as a timestamp (ISO text from year 1 to 9999); a day beyond it bounds nothing.
const MIN_TIME = Date.parse('0001-01-01T00:00:00Z');
const MAX_TIME = Date.parse('9999-12-31T23:59:59.999Z');
const bound = (ms: number): Date | undefined => (Number.isFinite(ms) && ms >= MIN_TIME && ms <= MAX_TIME ? new Date(ms) : undefined);

export interface AuditPage {
  /** One page of events, newest first. */
  rows: AuditEventRow[];
  nextCursor: string | null;
  /** Events matching the filters (all pages), counted up to AUDIT_COUNT_CAP. */
  total: number;
  /** More than `total` events match. */
  totalCapped: boolean;
  /** Whether anything at all was ever recorded (tells "nothing yet" from "nothing matches"). */
  anyRecorded: boolean;
  /** Everyone in the audit trail, for the actor filter. */
  actors: AuditActor[];
  /** The cursor in the URL was not valid: the first page is shown instead. */
  cursorReset: boolean;
}

/**
 * The query filter of the URL state. An actor is matched exactly when it is one of `actors`
 * (picked from the select: "a@b.co" must not match "a@b.com"), by prefix otherwise. The "to" day
 * is included up to its last microsecond.
 */
export function auditFilterOf(search: AuditSearch, actors: readonly AuditActor[] = []): AuditFilter {
  return {
    actor: search.actor,
    actorMatch: actors.some((a) => a.email === search.actor) ? 'exact' : 'prefix',
    action: search.action,
    sessionUid: search.session,
    instanceName: search.instance,
    outcome: search.outcome,
    since: search.from ? bound(Date.parse(`${search.from}T00:00:00Z`)) : undefined,
    before: search.to ? bound(Date.parse(`${search.to}T00:00:00Z`) + DAY_MS) : undefined,
  };
}

/** Everything the /audit page shows for the given URL state, as `privacy` allows. */
export async function getAuditPage(search: AuditSearch, privacy: ViewerPrivacy): Promise<AuditPage> {
  const db = await getAppDatabase();
  const [actors, anyEvent] = await Promise.all([listActors(db), listAuditEvents(db, {}, { limit: 1 })]);
  const base = { actors, anyRecorded: anyEvent.rows.length > 0 };
  if (hasNul(search.actor, search.session, search.instance)) {
    return { rows: [], nextCursor: null, total: 0, totalCapped: false, cursorReset: false, ...base };
  }
  const filter = auditFilterOf(search, actors);
  const { count, capped } = await countAuditEvents(db, filter, AUDIT_COUNT_CAP);
  const counted = { total: count, totalCapped: capped, ...base };
  const limit = search.limit ?? DEFAULT_AUDIT_LIMIT;
  try {
    const page = await listAuditEvents(db, filter, { cursor: search.cursor, limit });
    return { rows: shownRows(page.rows, privacy), nextCursor: page.nextCursor, cursorReset: false, ...counted };
  } catch (error) {
    if (!(error instanceof InvalidCursorError)) throw error;
    const page = await listAuditEvents(db, filter, { limit });
    return { rows: shownRows(page.rows, privacy), nextCursor: page.nextCursor, cursorReset: true, ...counted };
  }
}

export interface AuditHistory {
  /** The latest events, newest first. */
  rows: AuditEventRow[];
  /** More events exist than `rows` shows (the /audit page lists them all). */
  hasMore: boolean;
}

/** The latest changes made to a session, or to one of its instances, for embedding in its page. */
export async function getAuditHistory(uid: string, instance: string | undefined, privacy: ViewerPrivacy, limit = 20): Promise<AuditHistory> {
  if (hasNul(uid, instance)) return { rows: [], hasMore: false };
  const db = await getAppDatabase();
  const page = await listAuditEvents(db, { sessionUid: uid, instanceName: instance }, { limit });
  return { rows: shownRows(page.rows, privacy), hasMore: page.nextCursor !== null };
}

/** Rows as this user may see them: payloads in the input hidden from viewers when so configured. */
function shownRows(rows: AuditEventRow[], privacy: ViewerPrivacy): AuditEventRow[] {
  if (!privacy.hidePayloads) return rows;
  return rows.map((row) => ({ ...row, input: hidePayloadKeys(row.input) }));
}
