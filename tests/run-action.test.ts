import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { Role } from '@/lib/auth/roles';
import { replaySchema } from '@/lib/validations/recovery';
import { form } from './support/recovery-fixture';

// runAction for real; only what needs a Next.js request or a database is replaced: the signed-in
// user, the app's engine and database (the services here are stand-ins that record their call).
const harness = vi.hoisted(() => ({
  signedIn: null as null | { id: string; email: string; name: string; role: Role },
  engine: { db: { name: 'engine db' } } as unknown,
  db: { name: 'app db' } as unknown,
  userLookups: 0,
}));
vi.mock('@/lib/auth/session', () => ({
  currentUser: async () => {
    harness.userLookups += 1;
    return harness.signedIn;
  },
}));
vi.mock('@/lib/runtime/app-engine', () => ({ getAppEngine: async () => harness.engine }));
vi.mock('@/lib/db/app-database', () => ({ getAppDatabase: async () => harness.db }));

const { PUBLIC, runAction } = await import('@/lib/actions/run-action');

const operator = { id: 'u-1', email: 'ada@support.example', name: 'Ada', role: 'operator' as Role };
const done = { ok: true as const, message: 'done', data: undefined };

/** A 3 MB payload nested 100,000 deep: what a stranger might send to make the server work. */
const huge = () => form({ uid: 's', instance: 't#0', mode: 'replacement', reason: 'why not', replacementKwargs: `{"t": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`.padEnd(3_000_000) });

beforeEach(() => {
  harness.signedIn = null;
  harness.userLookups = 0;
});
afterEach(() => vi.restoreAllMocks());

describe('runAction', () => {
  it.each([
    ['nobody is signed in', null, 'unauthenticated', 'You are not signed in (or your session expired): sign in again. Nothing was changed.'],
    ['a viewer asks to operate', { ...operator, role: 'viewer' as Role }, 'forbidden', 'Your role (viewer) can only read: this needs the operator role. Ask an admin if you need it. Nothing was changed.'],
  ])('refuses before reading its argument when %s: a huge payload is not parsed, the service not called', async (_label, user, code, message) => {
    harness.signedIn = user;
    const parse = vi.spyOn(replaySchema, 'safeParse');
    const reads = vi.spyOn(FormData.prototype, 'getAll');
    const keys = vi.spyOn(FormData.prototype, 'keys');
    let touched = 0;
    const watched = new Proxy({}, { get: () => void (touched += 1), has: () => void (touched += 1) as unknown as boolean, ownKeys: () => ((touched += 1), []) });
    const service = vi.fn(async () => done);
    const action = runAction('replayInstanceAction', 'operate', replaySchema, service);

    expect(await action(huge())).toEqual({ ok: false, code, message });
    expect(await action(watched)).toEqual({ ok: false, code, message });
    expect(parse).not.toHaveBeenCalled();
    expect(reads).not.toHaveBeenCalled();
    expect(keys).not.toHaveBeenCalled();
    expect(touched).toBe(0);
    expect(service).not.toHaveBeenCalled();
  });

  it('returns every error per field, with the schema’s wording, and does not call the service', async () => {
    harness.signedIn = operator;
    const service = vi.fn(async () => done);
    const action = runAction('replayInstanceAction', 'operate', replaySchema, service);
    const result = await action(form({ uid: 's', instance: ' ', mode: 'replacement', reason: 'x\u0000', replacementKwargs: '{"t": {"n": 1e400}}' }));
    expect(result).toEqual({
      ok: false,
      code: 'invalid-input',
      message: 'Nothing was changed: please correct the highlighted fields.',
      fieldErrors: {
        instance: ['Missing instance name.'],
        reason: ['Say briefly why (at least 3 characters): it is kept with the change.', 'The reason contains a NUL character (\\u0000), which cannot be stored.'],
        replacementKwargs: ['replacementKwargs.t.n: 1e400 is too large to keep exactly (it would be stored as null); send it as a string.'],
      },
    });
    expect(service).not.toHaveBeenCalled();
  });

  it.each([
    ['null', null],
    ['a number', 42],
    ['an array', ['s', 't#0']],
    ['a string', 'uid=s'],
  ])('takes %s as an argument without throwing: each missing field is named', async (_label, raw) => {
    harness.signedIn = operator;
    const result = await runAction('markLogsResolvedAction', 'operate', z.object({ uid: z.string({ error: 'Missing session uid.' }) }), async () => done)(raw);
    expect(result).toMatchObject({ ok: false, code: 'invalid-input', fieldErrors: { uid: ['Missing session uid.'] } });
  });

  it('calls the service once with the parsed, typed input and who acts; a plain object works like FormData', async () => {
    harness.signedIn = operator;
    const service = vi.fn(async (input: z.output<typeof replaySchema>, _ctx: unknown) => ({ ok: true as const, message: `replayed ${input.instance}`, data: input }));
    const action = runAction('replayInstanceAction', 'operate', replaySchema, (input, ctx) => service(input, ctx));
    const typed = { uid: 's', instance: 't#0', mode: 'replacement', reason: 'fixed it', replacementKwargs: { t: { n: 1 } }, override: false };

    expect(await action(form({ uid: ' s ', instance: 't#0', mode: 'replacement', reason: ' fixed it ', replacementKwargs: '{"t": {"n": 1}}' }))).toEqual({
      ok: true,
      message: 'replayed t#0',
      data: typed,
    });
    expect(service).toHaveBeenCalledTimes(1);
    expect(service).toHaveBeenCalledWith(typed, { engine: harness.engine, db: (harness.engine as { db: unknown }).db, actor: operator });
    expect(await action({ uid: 's', instance: 't#0', mode: 'original', reason: 'again' })).toMatchObject({ ok: true, data: { mode: 'original' } });
  });

  it('a public action asks for no user and gets the database, not the engine', async () => {
    const service = vi.fn(async (_input: { email: string }, ctx: { actor: null; db: unknown }) => ({ ok: true as const, message: '', data: ctx }));
    const result = await runAction('signInAction', PUBLIC, z.object({ email: z.string() }), service)(form({ email: 'a@b.c' }));
    expect(result).toEqual({ ok: true, message: '', data: { actor: null, db: harness.db } });
    expect(harness.userLookups).toBe(0);
  });

  it('logs what was unexpected and answers with a generic failure (or the action’s own words)', async () => {
    harness.signedIn = operator;
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const boom = async () => {
      throw new Error('connection lost');
    };
    expect(await runAction('fireTriggerAction', 'operate', z.object({}), boom)(form({}))).toEqual({
      ok: false,
      message: 'The server could not complete this action. Nothing was changed; try again, and report it if it keeps failing.',
    });
    expect(await runAction('previewSkipCascadeAction', 'read', z.object({}), boom, { failureMessage: 'The preview could not be computed.' })(form({}))).toEqual({
      ok: false,
      message: 'The preview could not be computed.',
    });
    expect(log).toHaveBeenCalledTimes(2);
    expect(String(log.mock.calls[0]?.[0])).toContain('server action fireTriggerAction failed');
    expect(String(log.mock.calls[0]?.[0])).toContain('connection lost');
  });
});
