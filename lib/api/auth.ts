/**
 * Who calls /api/v1: a bearer token only. Session cookies are never read here, so a browser
 * carrying a dashboard cookie cannot be made to call the API (no CSRF surface).
 */
import { can, type Permission } from '@/lib/auth/roles';
import type { Database } from '@/lib/db';
import { authenticateApiToken, scopeRole, type ApiAuthentication, type ApiPrincipal } from '@/lib/tokens';
import { problemResponse } from './problem';

const CHALLENGE = 'Bearer realm="triggerboard"';

const DETAIL = {
  missing: 'Send an API token: Authorization: Bearer tb_… (admins create tokens in the dashboard).',
  malformed: 'The Authorization header is not "Bearer tb_…" with a whole API token.',
  invalid: 'The API token is unknown or was revoked.',
} as const;

/** The 401 or 429 problem for a request no token authenticates. */
export function authFailureProblem(failure: Exclude<ApiAuthentication, { ok: true }>): Response {
  if (failure.reason === 'rate-limited') {
    const seconds = Math.max(1, Math.ceil(failure.retryAfterSeconds));
    return problemResponse('rate-limited', `This token sent too many requests: retry in ${seconds} s.`, {}, { 'Retry-After': String(seconds) });
  }
  const challenge = failure.reason === 'missing' ? CHALLENGE : `${CHALLENGE}, error="invalid_token"`;
  return problemResponse('unauthenticated', DETAIL[failure.reason], {}, { 'WWW-Authenticate': challenge });
}

/** The token's principal if it may do `permission`, or the 401/403/429 problem to answer. */
export async function authorizeApiRequest(db: Database, request: Request, permission: Exclude<Permission, 'admin'>): Promise<ApiPrincipal | Response> {
  const auth = await authenticateApiToken(db, request.headers.get('authorization'));
  if (!auth.ok) return authFailureProblem(auth);
  const role = scopeRole(auth.principal.scope);
  if (!can(role, permission)) {
    return problemResponse('forbidden', `The token "${auth.principal.name}" has the ${auth.principal.scope} scope, which does not allow this: it needs the operate scope. Nothing was changed.`);
  }
  return auth.principal;
}
