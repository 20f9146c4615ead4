import { taskHref as sessionTaskHref } from '@/lib/routes';

export { decodeSegment as decodeParam, instanceHref, sessionHref } from '@/lib/routes';

/** The session page's section listing one task's instances. */
export function taskHref(uid: string, task: string): string {
  return sessionTaskHref(task, uid);
}
