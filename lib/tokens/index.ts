/**
 * API tokens: how services authenticate to /api/v1. A token is `tb_` + 32 random bytes
 * (base64url); only its SHA-256 is stored, so the table alone authenticates no one. A token's
 * scope maps onto the dashboard's roles (read → viewer, operate → operator), so the API allows
 * exactly what the dashboard allows that role, payload privacy included.
 */
import 'server-only';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Database } from '@/lib/db';
import { insertApiToken, stampApiTokenUse, type ApiTokenRow, type RateLimit } from '@/lib/db/queries/api-tokens';
import { getEnv } from '@/lib/env';
import type { Actor } from '@/lib/audit';
import type { Role } from '@/lib/auth/roles';
import type { ApiScope } from './scopes';
export { API_SCOPES, SCOPE_DESCRIPTIONS, type ApiScope } from './scopes';

const TOKEN_PATTERN = /^tb_[A-Za-z0-9_-]{43}$/;
/** Characters of the secret kept in the clear to recognise a token by. */
const PREFIX_LENGTH = 7;

/** Who calls the API: the token, and the actor its audit rows name. */
export interface ApiPrincipal {
  tokenId: string;
  name: string;
  scope: ApiScope;
  actor: Actor;
}

export type ApiAuthentication =
  | { ok: true; principal: ApiPrincipal }
  /** missing: no Authorization header · malformed: not `Bearer tb_…` · invalid: unknown or revoked. */
  | { ok: false; reason: 'missing' | 'malformed' | 'invalid' }
  | { ok: false; reason: 'rate-limited'; retryAfterSeconds: number };

export function scopeRole(scope: ApiScope): Role {
  return scope === 'read' ? 'viewer' : 'operator';
}

/** How audit rows name a token: its name, and its id as the actor id. */
export function tokenActor(token: Pick<ApiTokenRow, 'id' | 'name' | 'scope'>): Actor {
  return { kind: 'token', id: token.id, email: `token:${token.name}`, name: `${token.name} (API token)`, role: scopeRole(token.scope) };
}

export function hashApiToken(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function newApiTokenSecret(): string {
  return `tb_${randomBytes(32).toString('base64url')}`;
}

/** The secret of an `Authorization: Bearer …` header, or why there is none. */
export function bearerSecret(authorization: string | null): { secret: string } | { reason: 'missing' | 'malformed' } {
  if (authorization === null || authorization.trim() === '') return { reason: 'missing' };
  const match = /^Bearer +(\S+) *$/i.exec(authorization);
  if (!match || !TOKEN_PATTERN.test(match[1]!)) return { reason: 'malformed' };
  return { secret: match[1]! };
}

export class TokenNameTakenError extends Error {
  override readonly name = 'TokenNameTakenError';
  constructor(readonly tokenName: string) {
    super(`A live token is already named "${tokenName}": revoke it or pick another name.`);
  }
}

/**
 * Creates a token. The secret is returned here only: show it once. Throws TokenNameTakenError
 * when a live token has the name.
 */
export async function createApiToken(
  db: Pick<Database, 'insert'>,
  input: { name: string; scope: ApiScope; createdBy: string },
): Promise<{ token: ApiTokenRow; secret: string }> {
  const secret = newApiTokenSecret();
  const token = await insertApiToken(db, {
    id: randomUUID(),
    name: input.name,
    scope: input.scope,
    tokenHash: hashApiToken(secret),
    prefix: secret.slice(0, PREFIX_LENGTH),
    createdBy: input.createdBy,
  });
  if (!token) throw new TokenNameTakenError(input.name);
  return { token, secret };
}

/**
 * Who an `Authorization` header authenticates (stamping the token's last use and counting it
 * against the token's rate limit, API_RATE_LIMIT by default), or why no one.
 */
export async function authenticateApiToken(
  db: Database,
  authorization: string | null,
  now: Date = new Date(),
  rateLimit: RateLimit = getEnv().API_RATE_LIMIT,
): Promise<ApiAuthentication> {
  const bearer = bearerSecret(authorization);
  if ('reason' in bearer) return { ok: false, reason: bearer.reason };
  const use = await stampApiTokenUse(db, hashApiToken(bearer.secret), now, rateLimit);
  if (!use) return { ok: false, reason: 'invalid' };
  if (!use.allowed) return { ok: false, reason: 'rate-limited', retryAfterSeconds: use.retryAfterSeconds };
  const { token } = use;
  return { ok: true, principal: { tokenId: token.id, name: token.name, scope: token.scope, actor: tokenActor(token) } };
}
