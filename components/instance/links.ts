/** URL of a session page (the uid may contain `:` or `/`). */
export function sessionHref(uid: string): string {
  return `/sessions/${encodeURIComponent(uid)}`;
}

/** URL of one instance's page: both segments encoded (`#` in the name would otherwise start a fragment). */
export function instanceHref(uid: string, name: string): string {
  return `${sessionHref(uid)}/instances/${encodeURIComponent(name)}`;
}

/** The session page's section listing one task's instances. */
export function taskHref(uid: string, task: string): string {
  return `${sessionHref(uid)}#task-${encodeURIComponent(task)}`;
}

/** A route parameter as written in the URL, decoded once (a malformed escape is kept as is). */
export function decodeParam(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
