/**
 * `npm run tb`'s commands over the dashboard's services: the input goes through the same zod
 * schemas as the forms (before the database is opened), then lib/recovery, lib/sessions and
 * lib/failed do the work and write the audit rows. No SQL here.
 */
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import type { z } from 'zod';
import type { ActionResult } from '@/lib/actions/result';
import { SHOW_EVERYTHING } from '@/lib/auth/payloads';
import { getFailedInbox } from '@/lib/failed';
import { fireTrigger, replayInstance, skipInstance } from '@/lib/recovery';
import { getDebugSnapshot } from '@/lib/sessions';
import { MAX_JSON_BYTES, tooLargeProblem } from '@/lib/validations/json-field';
import { fireTriggerSchema, replaySchema, skipSchema } from '@/lib/validations/recovery';
import { UsageError, type CliCommand, type JsonSource } from './args';
import type { CliContext } from './context';
import { failedSearchOf, failedTable, ranLine, type InstanceState } from './format';

export type Outcome =
  | { ok: true; data: Record<string, unknown>; text: string }
  | { ok: false; code: string; message: string; fieldErrors?: Record<string, string[]>; issues?: unknown[] };

const NOTHING_CHANGED = /nothing was changed/i;

/** The services' refusal codes under the names the HTTP API's problems give them (lib/api/problem.ts). */
const API_CODE: Record<string, string> = { 'invalid-input': 'validation', 'already-handled': 'conflict', 'refused': 'rejected' };

/** A refusal of a change: says that nothing was changed, whatever the service's words. */
function refused(code: string, message: string, extra: Pick<Outcome & { ok: false }, 'fieldErrors' | 'issues'> = {}): Outcome {
  const text = NOTHING_CHANGED.test(message) ? message : `${message} Nothing was changed.`;
  return { ok: false, code: API_CODE[code] ?? code, message: text, ...extra };
}

// The forms' field names as the command line spells them.
const FLAGS: Record<string, string> = {
  uid: '<session-uid>',
  instance: '<instance>',
  trigger: '<trigger>',
  reason: '--reason',
  kwargs: '--kwargs',
  replacementKwargs: '--kwargs',
  simulatedResult: '--result',
};

/** `source`: where the kwargs came from, so a problem in a file names `--kwargs-file PATH`. */
function invalid(error: z.ZodError, source?: JsonSource): Outcome {
  const flags = source && 'file' in source ? { ...FLAGS, kwargs: `--kwargs-file ${source.file}`, replacementKwargs: `--kwargs-file ${source.file}` } : FLAGS;
  const lines = error.issues.map((issue) => `${flags[String(issue.path[0])] ?? String(issue.path[0] ?? 'input')}: ${issue.message}`);
  return refused('validation', `Nothing was changed: ${lines.join('; ')}`);
}

function fromService(result: ActionResult<unknown> & { ok: false }): Outcome {
  // The forms' "tick “Replay anyway”" is a flag here; each schema issue on its own line.
  const message = result.message.replace(/tick “[^”]*”/, 'add --anyway');
  const lines = (result.issues ?? []).map((issue) => `\n  ${issue.task ? `${issue.task} ` : ''}${issue.path || '(root)'}: ${issue.message}`).join('');
  return refused(result.code ?? 'refused', `${message}${lines}`, { fieldErrors: result.fieldErrors, issues: result.issues });
}

async function jsonText(source: JsonSource, flag: string): Promise<string | undefined | Outcome> {
  if (source === undefined || 'text' in source) return source?.text;
  try {
    const text = await readLimited(source.file === '-' ? process.stdin : createReadStream(source.file));
    if (text === null) return refused('validation', tooLargeProblem(`${flag} ${source.file}`, null));
    return text;
  } catch (error) {
    return refused('validation', `Could not read ${flag} ${source.file}: ${error instanceof Error ? error.message : String(error)}.`);
  }
}

/**
 * The stream's text, or null when it holds more than MAX_JSON_BYTES: reading stops one byte past
 * the limit, so an endless source (`/dev/zero`, a pipe) costs at most that much memory.
 */
async function readLimited(stream: Readable): Promise<string | null> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of stream) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    chunks.push(buffer);
    bytes += buffer.length;
    if (bytes > MAX_JSON_BYTES) {
      if (stream !== process.stdin) stream.destroy();
      return null;
    }
  }
  return Buffer.concat(chunks).toString('utf8');
}

const isOutcome = (value: unknown): value is Outcome => typeof value === 'object' && value !== null && 'ok' in value;

/** Runs what was fired (embedded mode) and reads where each instance ended. */
async function settle(context: CliContext, uid: string, names: string[]): Promise<InstanceState[]> {
  try {
    await context.engine.inline.drain();
  } catch (error) {
    // The change itself committed before: say so, rather than "unexpected error".
    throw new RunFailedError(uid, error);
  }
  const store = context.engine.managerFor(uid).store;
  return Promise.all(names.map(async (name) => ({ name, status: (await store.instance(name)).status })));
}

function done(context: CliContext, data: Record<string, unknown>, message: string, instances: InstanceState[]): Outcome {
  const extra = { execution: context.execution, database: context.database, actor: context.actor.email, instances };
  return { ok: true, data: { ...data, ...extra, message }, text: [message, ranLine(context.execution, instances)].filter(Boolean).join('\n') };
}

type Open = () => Promise<CliContext>;

/** Running what a change scheduled failed in this process (embedded mode) after the change was saved. */
class RunFailedError extends Error {
  constructor(uid: string, cause: unknown) {
    super(
      `The change was saved, but running what it scheduled failed in this process: ${cause instanceof Error ? cause.message : String(cause)}. ` +
        `See npm run tb -- snapshot ${uid}; instances left scheduled run at the dashboard's next start.`,
      { cause },
    );
  }
}

async function fire(command: CliCommand & { name: 'fire' }, open: Open): Promise<Outcome> {
  const kwargs = await jsonText(command.kwargs, '--kwargs-file');
  if (isOutcome(kwargs)) return kwargs;
  const parsed = fireTriggerSchema.safeParse({
    uid: command.uid,
    trigger: command.trigger,
    kwargs,
    reason: command.reason ?? 'fired from the command line',
    override: String(command.anyway),
  });
  if (!parsed.success) return invalid(parsed.error, command.kwargs);
  const context = await open();
  const result = await fireTrigger(context.engine, parsed.data, context.actor);
  if (!result.ok) return fromService(result);
  const instances = await settle(context, result.data.uid, result.data.scheduled);
  return done(context, { command: 'fire', uid: result.data.uid, trigger: parsed.data.trigger, scheduled: result.data.scheduled }, result.message, instances);
}

async function replay(command: CliCommand & { name: 'replay' }, open: Open): Promise<Outcome> {
  const kwargs = await jsonText(command.kwargs, '--kwargs-file');
  if (isOutcome(kwargs)) return kwargs;
  const base = { uid: command.uid, instance: command.instance, reason: command.reason, override: String(command.anyway) };
  const parsed = replaySchema.safeParse(kwargs === undefined ? { ...base, mode: 'original' } : { ...base, mode: 'replacement', replacementKwargs: kwargs });
  if (!parsed.success) return invalid(parsed.error, command.kwargs);
  const context = await open();
  const result = await replayInstance(context.engine, parsed.data, context.actor);
  if (!result.ok) return fromService(result);
  const { uid, instance, clone } = result.data;
  const instances = await settle(context, uid, [clone.name]);
  return done(context, { command: 'replay', uid, instance, clone: clone.name, mode: parsed.data.mode }, result.message, instances);
}

async function skip(command: CliCommand & { name: 'skip' }, open: Open): Promise<Outcome> {
  const parsed = skipSchema.safeParse({
    uid: command.uid,
    instance: command.instance,
    reason: command.reason,
    cascade: String(command.cascade),
    simulatedResult: command.result,
    override: String(command.anyway),
    confirmEmpty: String(command.confirmEmptyCascade),
  });
  if (!parsed.success) return invalid(parsed.error);
  const context = await open();
  const result = await skipInstance(context.engine, parsed.data, context.actor);
  if (!result.ok) {
    if (result.code === 'confirm-empty-cascade') {
      return refused(result.code, `${result.message} (--confirm-empty-cascade confirms it; --result gives the result.)`);
    }
    return fromService(result);
  }
  const { uid, instance, cascade } = result.data;
  const instances = await settle(context, uid, cascade?.scheduled ?? []);
  return done(context, { command: 'skip', uid, instance, cascade }, result.message, instances);
}

async function snapshot(command: CliCommand & { name: 'snapshot' }, open: Open): Promise<Outcome> {
  const context = await open();
  // Direct database access reads everything: the CLI user is an admin.
  const repr = await getDebugSnapshot(command.uid, SHOW_EVERYTHING);
  if (!repr) return { ok: false, code: 'not-found', message: `No session named ${command.uid}.` };
  return { ok: true, data: { command: 'snapshot', uid: command.uid, database: context.database, snapshot: repr }, text: JSON.stringify(repr, null, 2) };
}

async function failed(command: CliCommand & { name: 'failed' }, open: Open): Promise<Outcome> {
  const search = failedSearchOf(command);
  const context = await open();
  const inbox = await getFailedInbox(search, SHOW_EVERYTHING);
  const data = {
    command: 'failed',
    database: context.database,
    filters: search,
    // The fields of GET /api/v1/failed.
    instances: inbox.rows,
    nextCursor: inbox.nextCursor,
    total: inbox.total,
  };
  return { ok: true, data, text: failedTable(inbox) };
}

/** Runs one command; `open` opens the database (only once the input is known to be valid). */
export async function runCommand(command: CliCommand, open: Open): Promise<Outcome> {
  try {
    return await dispatch(command, open);
  } catch (error) {
    if (error instanceof RunFailedError) return { ok: false, code: 'run-failed', message: error.message };
    throw error;
  }
}

function dispatch(command: CliCommand, open: Open): Promise<Outcome> {
  switch (command.name) {
    case 'fire':
      return fire(command, open);
    case 'replay':
      return replay(command, open);
    case 'skip':
      return skip(command, open);
    case 'snapshot':
      return snapshot(command, open);
    case 'failed':
      return failed(command, open);
    case 'help':
      throw new UsageError('help is answered before any command runs.');
  }
}
