/** Failure groups as the pages show them: with their trend, and a group's own page. */
import 'server-only';
import type { SignedInUser } from '@/lib/auth/session';
import { listUsers } from '@/lib/auth/users';
import { getAppDatabase } from '@/lib/db/app-database';
import type { Database } from '@/lib/db/client';
import {
  backfillFingerprints,
  failuresByHourAgo,
  getFailureGroup,
  listGroupNotes,
  type FailureGroupNoteRow,
  type FailureGroupSummary,
} from '@/lib/db/queries/failure-groups';
import type { TriageFilter } from '@/lib/db/queries/failed';
import type { FailureGroupWithTrend, GroupTrend } from './group-status';
import { DEFAULT_TRIAGE_ASSIGNEE, DEFAULT_TRIAGE_STATE, type FailedSearch } from './url';

export type { FailureGroupNoteRow, FailureGroupSummary };
export { groupStatus, type FailureGroupWithTrend, type GroupStatus, type GroupTrend } from './group-status';

/** The triage filter of the URL state for this user (defaults: open groups, mine or nobody's). */
export function triageFilterOf(search: Pick<FailedSearch, 'state' | 'assignee'>, userId: string, now: Date): TriageFilter | undefined {
  const state = search.state ?? DEFAULT_TRIAGE_STATE;
  const assignee = search.assignee ?? DEFAULT_TRIAGE_ASSIGNEE;
  return state === 'all' && assignee === 'anyone' ? undefined : { state, assignee, userId, now };
}

export function trendOf(hoursAgo: Map<number, number> | undefined): GroupTrend {
  const hourly = Array.from({ length: 24 }, () => 0);
  const daily = Array.from({ length: 7 }, () => 0);
  for (const [ago, failures] of hoursAgo ?? []) {
    if (ago < 0 || ago >= 7 * 24) continue;
    if (ago < 24) hourly[23 - ago]! += failures;
    daily[6 - Math.floor(ago / 24)]! += failures;
  }
  return { hourly, daily };
}

export async function withTrends(db: Database, groups: FailureGroupSummary[], now: Date): Promise<FailureGroupWithTrend[]> {
  const byGroup = await failuresByHourAgo(db, groups.map((g) => g.fingerprint), now);
  return groups.map((group) => ({ ...group, trend: trendOf(byGroup.get(group.fingerprint)) }));
}

let backfilled = false;
/** Fingerprints failed rows written before fingerprints existed, once per process (cheap afterwards: an empty partial index). */
export async function ensureFingerprints(db: Database): Promise<void> {
  if (backfilled) return;
  await backfillFingerprints(db);
  backfilled = true;
}

export interface FailureGroupPage {
  group: FailureGroupWithTrend;
  notes: FailureGroupNoteRow[];
  /** Users a group may be assigned to (active ones). */
  assignees: { id: string; name: string; email: string }[];
}

/** A group's header, trend, notes and the users it may be assigned to; null when unknown. */
export async function getFailureGroupPage(
  fingerprint: string,
  now: Date,
  user: Pick<SignedInUser, 'id'>,
  db?: Database,
): Promise<FailureGroupPage | null> {
  if (!/^[0-9a-f]{32}$/.test(fingerprint)) return null;
  db ??= await getAppDatabase();
  await ensureFingerprints(db);
  const group = await getFailureGroup(db, fingerprint);
  if (!group) return null;
  const [[withTrend], notes, users] = await Promise.all([withTrends(db, [group], now), listGroupNotes(db, fingerprint), listUsers(db)]);
  const assignees = users
    .filter((u) => !u.disabled && u.role !== 'viewer')
    .map((u) => ({ id: u.id, name: u.name, email: u.email }))
    .sort((a, b) => (a.id === user.id ? -1 : b.id === user.id ? 1 : a.name.localeCompare(b.name)));
  return { group: withTrend!, notes, assignees };
}
