/**
 * URLs of the dashboard's pages, and of the endpoints its views call. Every uid, name and id is
 * URL-encoded (`#` in an instance name). The lists' URLs with their search params are built by
 * lib/{audit,failed,sessions,journal}/url.ts; dynamic segments are read back by
 * lib/http/route-params.ts. Plain functions: client views use them too.
 */
export function sessionHref(uid: string): string {
  return `/sessions/${encodeURIComponent(uid)}`;
}

export function instanceHref(uid: string, name: string): string {
  return `${sessionHref(uid)}/instances/${encodeURIComponent(name)}`;
}

/** The id of a task's section on the session page. */
export function taskAnchor(task: string): string {
  return `task-${task}`;
}

/** Within the session page, its section for `task`: the hash alone, so the page's own query stays. */
export function taskHash(task: string): string {
  return `#${encodeURIComponent(taskAnchor(task))}`;
}

/** A task's section of the session page, from anywhere else. */
export function taskHref(uid: string, task: string): string {
  return `${sessionHref(uid)}${taskHash(task)}`;
}

/**
 * The session as it was right after event `seq`, compared with event `compare` when given;
 * without `seq`, the history page itself (its form adds them).
 */
export function historyHref(uid: string, seq?: number, compare?: number): string {
  const path = `${sessionHref(uid)}/history`;
  if (seq === undefined) return path;
  const params = new URLSearchParams({ at: String(seq) });
  if (compare !== undefined) params.set('compare', String(compare));
  return `${path}?${params}`;
}

/** The session's debug snapshot (JSON). */
export function snapshotHref(uid: string): string {
  return `${sessionHref(uid)}/snapshot`;
}

/** The session's journal as JSON Lines. */
export function journalExportHref(uid: string): string {
  return `${sessionHref(uid)}/journal.jsonl`;
}

/** What live views poll: the session's scheduled or running instances. */
export function liveApiHref(uid: string): string {
  return `/api/sessions/${encodeURIComponent(uid)}/live`;
}

/** A bulk operation of the failed inbox (its confirmation, then its progress). */
export function bulkHref(id: string): string {
  return `/failed/bulk/${encodeURIComponent(id)}`;
}

/** A bulk operation's progress, as its page polls it. */
export function bulkApiHref(id: string): string {
  return `/api/bulk/${encodeURIComponent(id)}`;
}

/** The HTTP API's reference page, and the OpenAPI document it renders. */
export const API_DOCS_HREF = '/api-docs';
export const API_DOCUMENT_HREF = '/api/v1/openapi.json';

/** Whether `pathname` is `section` or a page below it (a navigation link's "current" state). */
export function inSection(pathname: string, section: string): boolean {
  return pathname === section || pathname.startsWith(`${section}/`);
}
