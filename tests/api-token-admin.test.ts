import { eq } from 'drizzle-orm';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { AuditTable } from '@/components/audit/audit-table';
import { insertAuditEvent } from '@/lib/audit';
import { auditFilterOf } from '@/lib/audit/view';
import type { Role } from '@/lib/auth/roles';
import type { Database } from '@/lib/db';
import { listActors, listAuditEvents } from '@/lib/db/queries/audit';
import { apiTokens, auditEvents, type AuditEventRow } from '@/lib/db/schema';
import { createEngineRuntime } from '@/lib/runtime/engine';
import { authenticateApiToken, tokenActor } from '@/lib/tokens';
import { listApiTokens } from '@/lib/tokens/admin';
import { form } from './support/recovery-fixture';
import { createTaskRegistry } from '@/lib/tasks';
import { createTestDatabase, type TestDatabase } from './support/test-database';

// The server actions run for real (runAction, authorizeAction, the services, the database); only
// what needs a Next.js request is replaced: the signed-in user, the app's engine, the cache.
const harness = vi.hoisted(() => ({
  signedIn: null as null | { id: string; email: string; name: string; role: Role },
  engine: null as unknown,
  revalidated: [] as string[],
}));
vi.mock('@/lib/auth/session', () => ({ currentUser: async () => harness.signedIn }));
vi.mock('@/lib/runtime/app-engine', () => ({ getAppEngine: async () => harness.engine }));
vi.mock('next/cache', () => ({ revalidatePath: (path: string) => void harness.revalidated.push(path) }));

const { createApiTokenAction, revokeApiTokenAction } = await import('@/app/admin/tokens/actions');

let testDb: TestDatabase;
let db: Database;

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = testDb.db;
  harness.engine = createEngineRuntime(db, 'inline', { registry: createTaskRegistry() });
});
afterAll(() => testDb?.close());
beforeEach(() => {
  harness.signedIn = { id: 'admin-1', email: 'ada@example.com', name: 'Ada', role: 'admin' };
  harness.revalidated = [];
});

const allAudit = (): Promise<AuditEventRow[]> => db.select().from(auditEvents);
const tokenCount = async () => (await db.select().from(apiTokens)).length;

/** Runs `work` and checks that it created no token and wrote no audit row. */
async function expectNothingChanged<T>(work: () => Promise<T>): Promise<T> {
  const [tokens, audit] = [await tokenCount(), (await allAudit()).length];
  const result = await work();
  expect(await tokenCount()).toBe(tokens);
  expect((await allAudit()).length).toBe(audit);
  return result;
}

async function create(name: string, scope = 'read') {
  const result = await createApiTokenAction(null, form({ name, scope }));
  if (!result?.ok) throw new Error(`expected a token: ${JSON.stringify(result)}`);
  return result.data;
}

describe('createApiTokenAction', () => {
  it('creates a token from a trimmed name, answers its secret once, and audits its name and scope (never the secret)', async () => {
    const before = new Set((await allAudit()).map((row) => row.id));
    const result = await createApiTokenAction(null, form({ name: '  orders-service ', scope: 'operate' }));
    expect(result).toMatchObject({ ok: true, message: 'Created the operate token “orders-service”.', data: { name: 'orders-service', scope: 'operate' } });
    const created = result!.ok ? result!.data : expect.unreachable();
    expect(created.secret).toMatch(/^tb_[A-Za-z0-9_-]{43}$/);
    expect(harness.revalidated).toEqual(['/admin/tokens']);

    const [row] = await db.select().from(apiTokens).where(eq(apiTokens.id, created.id));
    expect(row).toMatchObject({ name: 'orders-service', scope: 'operate', createdBy: 'ada@example.com', lastUsedAt: null, revokedAt: null });
    expect(JSON.stringify(row)).not.toContain(created.secret);

    const audit = (await allAudit()).filter((r) => !before.has(r.id));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: 'token-create',
      actorKind: 'user',
      actorEmail: 'ada@example.com',
      outcome: 'ok',
      input: { name: 'orders-service', scope: 'operate' },
      result: { tokenId: created.id, prefix: created.secret.slice(0, 7) },
    });
    expect(JSON.stringify(audit[0])).not.toContain(created.secret);

    // The answered secret authenticates, with the scope's role.
    const auth = await authenticateApiToken(db, `Bearer ${created.secret}`);
    expect(auth).toMatchObject({ ok: true, principal: { name: 'orders-service', scope: 'operate', actor: { role: 'operator' } } });
    // Lists never carry the hash.
    const listed = (await listApiTokens(db)).find((t) => t.id === created.id)!;
    expect(listed).not.toHaveProperty('tokenHash');
    expect(listed.lastUsedAt).not.toBeNull();
  });

  it('refuses a taken live name on the name field, and a blank, long or unstorable name or an unknown scope, changing nothing', async () => {
    await create('billing');
    const taken = await expectNothingChanged(() => createApiTokenAction(null, form({ name: ' billing ', scope: 'operate' })));
    expect(taken).toMatchObject({
      ok: false,
      code: 'invalid-input',
      fieldErrors: { name: ['A live token is already named “billing”: pick another name, or revoke that token first.'] },
    });

    const invalid = await expectNothingChanged(() => createApiTokenAction(null, form({ name: '   ', scope: 'admin' })));
    expect(invalid).toMatchObject({ ok: false, code: 'invalid-input' });
    expect(invalid!.ok ? null : invalid!.fieldErrors).toEqual({
      name: ['Enter a name for the token, such as orders-service: it names the token in lists and the audit log.'],
      scope: ['The scope must be one of read, operate.'],
    });
    const long = await expectNothingChanged(() => createApiTokenAction(null, form({ name: 'x'.repeat(81), scope: 'read' })));
    expect(long).toMatchObject({ fieldErrors: { name: ['Keep the name to 80 characters or fewer.'] } });
    expect((await expectNothingChanged(() => createApiTokenAction(null, form({ name: 'a\u0000b', scope: 'read' }))))?.ok).toBe(false);
    // A newline, a text-direction override or an email look-alike would mislead whoever reads lists and the audit log.
    for (const [name, message] of [
      ['orders\nservice', /The name may hold only printable characters: no line breaks.*U\+000A/],
      ['orders\u202Eecivres', /The name may hold only printable characters.*U\+202E/],
      ['ada@example.com', /The name cannot contain @: it would read like a person’s email/],
      // Invisible characters and look-alikes (found in review): the name would read as another's.
      ['r\u200Bop', /The name may hold only printable characters.*invisible.*U\+200B/],
      ['r\u00ADop', /The name may hold only printable characters.*U\+00AD/],
      ['a\uFF20b.com', /The name cannot contain @/],
    ] as const) {
      const refused = await expectNothingChanged(() => createApiTokenAction(null, form({ name, scope: 'read' })));
      expect(refused!.ok ? null : refused!.fieldErrors?.name?.[0]).toMatch(message);
    }
    // 80 characters exactly is fine, and so are other scripts and symbols.
    expect((await create('y'.repeat(80))).name).toHaveLength(80);
    expect((await create('Bestellungen – Zürich ✓')).name).toBe('Bestellungen – Zürich ✓');
    // One spelling per name: "café" with a combining accent is the same name as the composed one.
    expect((await create('caf\u00E9')).name).toBe('caf\u00E9');
    const decomposed = await expectNothingChanged(() => createApiTokenAction(null, form({ name: 'cafe\u0301', scope: 'read' })));
    expect(decomposed!.ok ? null : decomposed!.fieldErrors?.name?.[0]).toMatch(/already named “café”/);
  });

  it('refuses operators, viewers and the signed-out before reading the form', async () => {
    for (const role of ['operator', 'viewer'] as const) {
      harness.signedIn = { id: `${role}-1`, email: `${role}@example.com`, name: role, role };
      const result = await expectNothingChanged(() => createApiTokenAction(null, form({ name: `by-${role}`, scope: 'read' })));
      expect(result).toMatchObject({ ok: false, code: 'forbidden' });
      expect(harness.revalidated).toEqual([]);
    }
    harness.signedIn = null;
    expect(await expectNothingChanged(() => createApiTokenAction(null, form({ name: 'anon', scope: 'read' })))).toMatchObject({ ok: false, code: 'unauthenticated' });
  });
});

describe('revokeApiTokenAction', () => {
  it('revokes a live token (it stops authenticating), audits it, frees the name, and says so when repeated', async () => {
    const token = await create('nightly-export');
    const header = `Bearer ${token.secret}`;
    expect((await authenticateApiToken(db, header)).ok).toBe(true);

    const result = await revokeApiTokenAction(null, form({ id: token.id }));
    expect(result).toEqual({ ok: true, message: 'Revoked “nightly-export”: requests with it are refused from now on.', data: undefined });
    expect(await authenticateApiToken(db, header)).toEqual({ ok: false, reason: 'invalid' });
    const [row] = await db.select().from(apiTokens).where(eq(apiTokens.id, token.id));
    expect(row).toMatchObject({ revokedBy: 'ada@example.com' });
    expect(row!.revokedAt).toBeInstanceOf(Date);
    const [audit] = await db.select().from(auditEvents).where(eq(auditEvents.action, 'token-revoke'));
    expect(audit).toMatchObject({ actorEmail: 'ada@example.com', input: { tokenId: token.id, name: 'nightly-export', scope: 'read' }, outcome: 'ok' });

    const again = await expectNothingChanged(() => revokeApiTokenAction(null, form({ id: token.id })));
    expect(again).toMatchObject({ ok: true, message: '“nightly-export” was already revoked: nothing was changed.' });
    expect((await create('nightly-export')).id).not.toBe(token.id);
  });

  it('answers an unknown or missing id without a change, and refuses operators', async () => {
    expect(await expectNothingChanged(() => revokeApiTokenAction(null, form({ id: 'no-such-token' })))).toMatchObject({ ok: false, code: 'not-found' });
    expect(await expectNothingChanged(() => revokeApiTokenAction(null, form({})))).toMatchObject({
      ok: false,
      code: 'invalid-input',
      message: 'Which token? The form sent no token id. Nothing was changed.',
    });
    const token = await create('kept');
    harness.signedIn = { id: 'op', email: 'op@example.com', name: 'Op', role: 'operator' };
    expect(await expectNothingChanged(() => revokeApiTokenAction(null, form({ id: token.id })))).toMatchObject({ ok: false, code: 'forbidden' });
    expect((await listApiTokens(db)).find((t) => t.id === token.id)!.revokedAt).toBeNull();
  });
});

describe('audit rows by a token', () => {
  it('are filtered by token:<name>, exactly when picked and by prefix when typed', async () => {
    const token = await create('reporting');
    const other = await create('reporting-v2');
    for (const t of [token, other]) {
      await insertAuditEvent(db, tokenActor({ id: t.id, name: t.name, scope: t.scope }), { action: 'fire-trigger', sessionUid: 's-1', input: {} }, { outcome: 'ok' });
    }
    const actors = await listActors(db);
    expect(actors).toContainEqual({ email: 'token:reporting', name: 'reporting (API token)' });
    const exact = await listAuditEvents(db, auditFilterOf({ actor: 'token:reporting' }, actors));
    expect(exact.rows.map((r) => [r.actorKind, r.actorEmail, r.actorId])).toEqual([['token', 'token:reporting', token.id]]);
    const typed = await listAuditEvents(db, auditFilterOf({ actor: 'TOKEN:rep' }, actors));
    expect(typed.rows).toHaveLength(2);

    // The audit page and the session page's Changes (one table) name the token with a badge.
    const html = renderToStaticMarkup(createElement(AuditTable, { rows: exact.rows, now: new Date() }));
    expect(html).toContain('data-kind="token"');
    expect(html).toMatch(/>reporting<span[^>]*data-testid="audit-actor-kind"[^>]*>API token<\/span>/);
  });

  it('show the CLI with its badge, and users without one', async () => {
    const cli = { kind: 'cli' as const, id: null, email: 'cli', name: 'npm run token:create', role: 'admin' as const };
    await insertAuditEvent(db, cli, { action: 'token-create', input: { name: 'x', scope: 'read' } }, { outcome: 'ok' });
    const rows = (await listAuditEvents(db, { actor: 'cli', actorMatch: 'exact' })).rows;
    const user = (await listAuditEvents(db, { actor: 'ada@example.com', actorMatch: 'exact' })).rows;
    const html = renderToStaticMarkup(createElement(AuditTable, { rows: [...rows, ...user.slice(0, 1)], now: new Date() }));
    expect(html).toMatch(/>npm run token:create<span[^>]*>CLI<\/span>/);
    // The table lists the API's and the CLI's changes too, and says so.
    expect(html).toContain('Changes made from the dashboard, the HTTP API and the command line, newest first');
    expect(html).toMatch(/API token <\/span><span[^>]*>x<\/span>/);
    expect(html.match(/data-testid="audit-actor-kind"/g)).toHaveLength(1);
    expect(html).toContain('data-kind="user"');
  });
});
