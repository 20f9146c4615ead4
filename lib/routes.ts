/** URLs of the dashboard's pages. Every uid and name is URL-encoded (`#` in an instance name). */
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

/** Link to a task's section: within the session page, or from elsewhere when `uid` is given. */
export function taskHref(task: string, uid?: string): string {
  return `${uid === undefined ? '' : sessionHref(uid)}#${encodeURIComponent(taskAnchor(task))}`;
}

/**
 * A dynamic route segment as the text it stands for: Next.js hands `params` over still
 * percent-encoded (`applicant%3A1031`). A malformed escape is kept as it is.
 */
export function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** A bulk operation of the failed inbox (its confirmation, then its progress). */
export function bulkHref(id: string): string {
  return `/failed/bulk/${encodeURIComponent(id)}`;
}
