/** The /audit page's URL state: every filter in the query string, so a link can go into a ticket. */
import { z } from 'zod';
import { choiceParam, cursorParam, hrefWithParams, limitParam, textParam } from '@/lib/http/search-params';
import { AUDIT_ACTIONS } from './index';

export const AUDIT_OUTCOMES = ['ok', 'error'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

export const DEFAULT_AUDIT_LIMIT = 50;
export const MAX_AUDIT_LIMIT = 200;

// A calendar day (UTC), as an <input type="date"> sends it.
const day = z.iso.date().optional().catch(undefined);

/** The audit page's URL state (search params are strings; anything invalid falls back). */
export const auditSearchSchema = z.object({
  actor: textParam(320),
  action: choiceParam(AUDIT_ACTIONS),
  session: textParam(200),
  instance: textParam(200),
  outcome: choiceParam(AUDIT_OUTCOMES),
  /** First day shown (UTC), YYYY-MM-DD. */
  from: day,
  /** Last day shown (UTC), YYYY-MM-DD, included whole. */
  to: day,
  cursor: cursorParam,
  limit: limitParam(MAX_AUDIT_LIMIT),
});
export type AuditSearch = z.infer<typeof auditSearchSchema>;

/** The audit page's URL: every piece of state in the query string (URL-encoded), defaults left out. */
export function auditHref(state: Omit<AuditSearch, 'cursor'> & { cursor?: string | null }): string {
  const { actor, action, session, instance, outcome, from, to, limit, cursor } = state;
  return hrefWithParams('/audit', { actor, action, session, instance, outcome, from, to, limit, cursor });
}
