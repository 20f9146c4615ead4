/**
 * Managing API tokens (the API tokens page and `npm run token:create`), with typed input parsed
 * at the edge (lib/validations/tokens.ts): list, create, revoke. Each change writes its audit row
 * in the same transaction; the secret never reaches an audit row, a log or a list.
 */
import 'server-only';
import type { ActionResult } from '@/lib/actions/result';
import { insertAuditEvent, type Actor } from '@/lib/audit';
import type { Database } from '@/lib/db';
import { getAppDatabase } from '@/lib/db/app-database';
import { getApiTokenRow, listApiTokenRows, revokeApiTokenRow, type ApiTokenRow } from '@/lib/db/queries/api-tokens';
import type { CreateTokenInput, RevokeTokenInput } from '@/lib/validations/tokens';
import { createApiToken, TokenNameTakenError } from './index';
import type { ApiScope } from './scopes';

/** A token as lists show it: never its hash. */
export interface ApiTokenSummary {
  id: string;
  name: string;
  scope: ApiScope;
  /** The secret's first characters, to recognise it by. */
  prefix: string;
  createdBy: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  revokedBy: string | null;
}

/** What the create form shows once: the secret, and the token it belongs to. */
export interface CreatedApiToken {
  id: string;
  name: string;
  scope: ApiScope;
  secret: string;
}

function toSummary(row: ApiTokenRow): ApiTokenSummary {
  const { id, name, scope, prefix, createdBy, createdAt, lastUsedAt, revokedAt, revokedBy } = row;
  return { id, name, scope, prefix, createdBy, createdAt, lastUsedAt, revokedAt, revokedBy };
}

/** Every token, live ones first, newest first. */
export async function listApiTokens(db: Database): Promise<ApiTokenSummary[]> {
  return (await listApiTokenRows(db)).map(toSummary);
}

/** What the API tokens page lists. */
export async function loadTokensPage(): Promise<ApiTokenSummary[]> {
  return listApiTokens(await getAppDatabase());
}

/**
 * Creates a token for `actor` (who is recorded as its creator) with its audit row (name and
 * scope: never the secret). Throws TokenNameTakenError when a live token has the name.
 */
export async function issueApiToken(db: Database, actor: Actor, input: CreateTokenInput): Promise<{ token: ApiTokenSummary; secret: string }> {
  return db.transaction(async (tx) => {
    const { token, secret } = await createApiToken(tx, { name: input.name, scope: input.scope, createdBy: actor.email });
    await insertAuditEvent(
      tx,
      actor,
      { action: 'token-create', input: { name: token.name, scope: token.scope } },
      { outcome: 'ok', result: { tokenId: token.id, prefix: token.prefix } },
    );
    return { token: toSummary(token), secret };
  });
}

export type RevokeOutcome = { revoked: ApiTokenSummary } | { unknown: true } | { alreadyRevoked: ApiTokenSummary };

/** Revokes a live token (it stops authenticating at once), with its audit row. */
export async function revokeApiToken(db: Database, actor: Actor, { id }: RevokeTokenInput, now: Date = new Date()): Promise<RevokeOutcome> {
  return db.transaction(async (tx) => {
    const row = await revokeApiTokenRow(tx, id, actor.email, now);
    if (!row) {
      const existing = await getApiTokenRow(tx, id);
      return existing ? { alreadyRevoked: toSummary(existing) } : { unknown: true };
    }
    await insertAuditEvent(
      tx,
      actor,
      { action: 'token-revoke', input: { tokenId: row.id, name: row.name, scope: row.scope } },
      { outcome: 'ok', result: { tokenId: row.id } },
    );
    return { revoked: toSummary(row) };
  });
}

/** The create form's action: the secret in the result (shown once), or why nothing was created. */
export async function createApiTokenFromForm(db: Database, actor: Actor, input: CreateTokenInput): Promise<ActionResult<CreatedApiToken>> {
  try {
    const { token, secret } = await issueApiToken(db, actor, input);
    return {
      ok: true,
      message: `Created the ${token.scope} token “${token.name}”.`,
      data: { id: token.id, name: token.name, scope: token.scope, secret },
    };
  } catch (error) {
    if (!(error instanceof TokenNameTakenError)) throw error;
    const message = `A live token is already named “${error.tokenName}”: pick another name, or revoke that token first.`;
    return { ok: false, code: 'invalid-input', message: `${message} Nothing was created.`, fieldErrors: { name: [message] } };
  }
}

/** A revoke button's action. */
export async function revokeApiTokenFromForm(db: Database, actor: Actor, input: RevokeTokenInput): Promise<ActionResult> {
  const outcome = await revokeApiToken(db, actor, input);
  if ('revoked' in outcome) {
    return { ok: true, message: `Revoked “${outcome.revoked.name}”: requests with it are refused from now on.`, data: undefined };
  }
  if ('alreadyRevoked' in outcome) {
    return { ok: true, message: `“${outcome.alreadyRevoked.name}” was already revoked: nothing was changed.`, data: undefined };
  }
  return { ok: false, code: 'not-found', message: 'This token does not exist (any more): reload the page. Nothing was changed.' };
}
