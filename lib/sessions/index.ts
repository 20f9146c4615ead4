import 'server-only';
import { isDeepStrictEqual } from 'node:util';
import type { Database } from '@/lib/db/client';
import { getAppDatabase } from '@/lib/db/app-database';
import { InvalidCursorError } from '@/lib/db/queries/cursor';
import { getInstanceDetail, getInstanceMetadata, isTaskName, listTaskInstances, type InstanceDetail } from '@/lib/db/queries/instances';
import { getSessionView, type SessionView } from '@/lib/db/queries/session-view';
import { countSessions, listSessions, sessionExists, SESSION_FILTERS, type SessionFilter, type SessionSummary } from '@/lib/db/queries/sessions';
import { listInFlightInstances } from '@/lib/db/queries/in-flight';
import { listSessionInstances, type SessionInstancesFilter } from '@/lib/db/queries/instance-pages';
import type { InstanceSummary } from '@/lib/db/queries/instances';
import { listCascadedSkips } from '@/lib/db/queries/simulated';
import { HIDDEN, hideDebugReprPayloads, hideInstancePayloads, hideTaskPayloads, type ViewerPrivacy } from '@/lib/auth/payloads';
import { hasNul } from '@/lib/http/route-params';
import { getAppTaskRegistry } from '@/lib/runtime/app-engine';
import { PostgresStore } from '@/lib/db';
import { validationIssuesOf, type DebugRepr, type SchemaIssue, type SchemaKind } from '@/lib/triggers';
import { redactExceptionText } from '@/lib/auth/redact';
import { describeWhoReplayed, whoReplayed } from './replay-explanation';
import type { SessionsSearch } from './url';

export type { InstanceDetail, InstanceSummary, SessionFilter, SessionInstancesFilter, SessionSummary, SessionView };
export { InvalidCursorError, SESSION_FILTERS };

export interface SessionsPage {
  sessions: SessionSummary[];
  nextCursor: string | null;
  /** All sessions in the database (not only those matching the filter). */
  total: number;
  /** The cursor in the URL was not valid: the first page is shown instead. */
  cursorReset: boolean;
}

/** One page of the sessions list for the given URL state. */
export async function getSessionsPage(search: SessionsSearch, limit = 50): Promise<SessionsPage> {
  const db = await getAppDatabase();
  if (search.q && hasNul(search.q)) return { sessions: [], nextCursor: null, total: await countSessions(db), cursorReset: false };
  const options = { search: search.q || undefined, filter: search.filter ?? 'all', limit } as const;
  const total = countSessions(db);
  try {
    const page = await listSessions(db, { ...options, cursor: search.cursor });
    return { sessions: page.rows, nextCursor: page.nextCursor, total: await total, cursorReset: false };
  } catch (error) {
    if (!(error instanceof InvalidCursorError)) throw error;
    const page = await listSessions(db, options);
    return { sessions: page.rows, nextCursor: page.nextCursor, total: await total, cursorReset: true };
  }
}

/** Everything the session page shows (as `privacy` allows), or null for an unknown uid. */
export async function getSessionPage(uid: string, privacy: ViewerPrivacy, instancesPerTask = 50): Promise<SessionView | null> {
  if (hasNul(uid)) return null;
  const view = await getSessionView(await getAppDatabase(), uid, { instancesPerTask });
  if (!view || !privacy.hidePayloads) return view;
  return { ...view, tasks: view.tasks.map(hideTaskPayloads), firedTriggers: view.firedTriggers.map((t) => ({ ...t, kwargs: { ...HIDDEN } })) };
}

/** Whether the session exists: one indexed lookup, for answering 404 before a page streams. */
export async function hasSession(uid: string): Promise<boolean> {
  return !hasNul(uid) && sessionExists(await getAppDatabase(), uid);
}

/** More instances of one task (the per-task pager of the session page). */
export async function getTaskInstancesPage(uid: string, task: string, cursor: string | null, limit = 50) {
  if (hasNul(uid, task)) return { rows: [], nextCursor: null };
  return listTaskInstances(await getAppDatabase(), uid, task, { cursor, limit });
}

export type InstancePage =
  | {
      found: true;
      detail: InstanceDetail;
      /** Triggers in the instance's kwargs that brought a simulated result: trigger → the skipped instance. */
      simulatedKwargs: Record<string, string>;
      /** For a replayed instance: who replayed it (the handler's retry or a named user), in a sentence. */
      replayedBy: string | null;
      /**
       * A ValidationError's issues (path → message); `schema` says whether they concern the kwargs
       * (a replay fixes them) or the handler's result. Null for other failures.
       */
      schemaIssues: { schema: SchemaKind | null; issues: SchemaIssue[] } | null;
    }
  | { found: false; sessionExists: boolean; isTaskName: boolean };

/** One instance with its lineage (as `privacy` allows); when missing, whether the name is really a task's name. */
export async function getInstancePage(uid: string, name: string, privacy: ViewerPrivacy): Promise<InstancePage> {
  if (hasNul(uid, name)) return { found: false, sessionExists: false, isTaskName: false };
  const db = await getAppDatabase();
  const detail = await getInstanceDetail(db, uid, name);
  if (detail) {
    const simulatedKwargs = await simulatedKwargsOf(db, uid, detail.instance.kwargs);
    const shown = privacy.hidePayloads
      ? { ...detail, instance: hideInstancePayloads(detail.instance), task: detail.task && hideTaskPayloads(detail.task) }
      : detail;
    return { found: true, detail: shown, simulatedKwargs, replayedBy: await replayedBy(db, uid, detail), schemaIssues: schemaIssuesFor(detail, privacy) };
  }
  const [view, taskName] = await Promise.all([getSessionView(db, uid, { instancesPerTask: 1 }), isTaskName(db, uid, name)]);
  return { found: false, sessionExists: view !== null, isTaskName: taskName };
}

/** The instance's schema issues; viewers who see no payloads get the messages redacted like exception messages. */
function schemaIssuesFor(detail: InstanceDetail, privacy: ViewerPrivacy) {
  const found = validationIssuesOf(detail.instance.metadata);
  if (!found || !privacy.hidePayloads) return found;
  const keep = [detail.instance.name, detail.instance.task];
  return { ...found, issues: found.issues.map((i) => ({ path: i.path, message: redactExceptionText(i.message, keep) })) };
}

/** Who made the direct clone of a replayed instance, told from the clone's metadata. */
async function replayedBy(db: Database, uid: string, detail: InstanceDetail): Promise<string | null> {
  const { instance, task, descendants } = detail;
  const clone = instance.status === 'replayed' ? descendants.find((d) => d.parent === instance.name) : undefined;
  if (!clone) return null;
  const metadata = await getInstanceMetadata(db, uid, clone.name);
  if (!metadata) return null;
  const registry = await getAppTaskRegistry();
  const maxRetries = task && registry.has(task.run) ? registry.get(task.run).maxRetries : null;
  return describeWhoReplayed(whoReplayed({ name: clone.name, depth: clone.depth, metadata }, maxRetries));
}

/** Which of these kwargs (per trigger) are the simulated result of a cascaded skip of that task. */
async function simulatedKwargsOf(db: Database, uid: string, kwargs: Record<string, unknown>): Promise<Record<string, string>> {
  const skips = await listCascadedSkips(db, uid, Object.keys(kwargs));
  const found: Record<string, string> = {};
  for (const skip of skips) {
    if (isDeepStrictEqual(skip.result, kwargs[skip.task])) found[skip.task] = skip.name;
  }
  return found;
}

/** The store's debugRepr() of a session (as `privacy` allows), or null for an unknown uid. */
export async function getDebugSnapshot(uid: string, privacy: ViewerPrivacy): Promise<DebugRepr | null> {
  if (hasNul(uid)) return null;
  const db = await getAppDatabase();
  if (!(await getSessionView(db, uid, { instancesPerTask: 1 }))) return null;
  const repr = await new PostgresStore(db, uid).debugRepr();
  return privacy.hidePayloads ? hideDebugReprPayloads(repr) : repr;
}

/** Instances of a session that are scheduled or running (what live views poll for). */
export async function getInFlightNames(uid: string): Promise<string[]> {
  if (hasNul(uid)) return [];
  const rows = await listInFlightInstances(await getAppDatabase(), ['scheduled', 'running'], uid);
  return rows.map((row) => row.name);
}

/**
 * One page of a session's instances (optionally of one status and/or task), or null for an
 * unknown uid. A cursor not made by this list throws InvalidCursorError. Summaries carry no payloads.
 */
export async function getSessionInstancesPage(
  uid: string,
  filter: SessionInstancesFilter,
  page: { cursor?: string; limit?: number },
): Promise<{ instances: InstanceSummary[]; nextCursor: string | null } | null> {
  if (hasNul(uid, filter.task)) return null;
  const db = await getAppDatabase();
  if (!(await sessionExists(db, uid))) return null;
  const { rows, nextCursor } = await listSessionInstances(db, uid, filter, page);
  return { instances: rows, nextCursor };
}
