/**
 * Task contracts for the recovery forms: each configured task's declared kwargs and result
 * shapes (JSON Schema, for the browser's editors) and the server's check of a value against them.
 * The browser never re-implements zod: it shows the issues these functions return.
 */
import {
  InstanceNotFoundError,
  checkSchema,
  deepMerge,
  instanceSequence,
  partForTrigger,
  type JsonSchema,
  type Kwargs,
  type RegisteredTask,
  type SchemaIssue,
  type SchemaKind,
  type TaskConfig,
  type TriggerKwargs,
} from '@/lib/triggers';
import type { ActionResult } from '@/lib/actions/result';
import type { ViewerPrivacy } from '@/lib/auth/payloads';
import { getAppEngine } from '@/lib/runtime/app-engine';
import type { EngineRuntime } from '@/lib/runtime/engine';
import type { ValidateAgainstSchemaInput } from '@/lib/validations/recovery';

export type { SchemaIssue };

export interface TaskContract {
  kwargs: JsonSchema | null;
  result: JsonSchema | null;
  /** The task's most recent finished result in this session (a skip's template when it declares no result schema). */
  lastResult: { instance: string; result: Kwargs } | null;
}

/** The registered handler a configured task runs, or null when none is registered under its `run`. */
function handlerOf(engine: EngineRuntime, config: TaskConfig | undefined): RegisteredTask | null {
  return config && engine.registry.has(config.run) ? engine.registry.get(config.run) : null;
}

/** `value` against the task's kwargs or result schema: [] when it fits or none is declared. Pure. */
export function checkAgainst(kind: SchemaKind, task: RegisteredTask | null | undefined, value: unknown): SchemaIssue[] {
  const schema = task?.[kind];
  if (!schema) return [];
  const checked = checkSchema(schema, value);
  return checked.ok ? [] : checked.issues;
}

/** The newest finished instance of a task with a result (by its finished time). */
async function lastResultOf(engine: EngineRuntime, uid: string, task: string): Promise<TaskContract['lastResult']> {
  const finished = (await engine.managerFor(uid).store.instancesOfTask(task)).filter((i) => i.status === 'finished' && i.metadata.result);
  // Finished time first; within one millisecond the later instance (by sequence number) wins.
  const key = (i: (typeof finished)[number]) => [i.metadata.timestamps?.finished ?? '', instanceSequence(i.name)] as const;
  const newer = (a: (typeof finished)[number], b: (typeof finished)[number]) =>
    key(a)[0] > key(b)[0] || (key(a)[0] === key(b)[0] && key(a)[1] > key(b)[1]);
  const newest = finished.reduce<(typeof finished)[number] | undefined>((best, i) => (!best || newer(i, best) ? i : best), undefined);
  return newest?.metadata.result ? { instance: newest.name, result: newest.metadata.result } : null;
}

/**
 * Every configured task of the session by name, with its contract. `lastResult` is looked up only
 * for tasks that declare no result schema (the skip form's template otherwise comes from the schema),
 * and never for `privacy.hidePayloads` (pass `privacyFor(user)`).
 */
export async function getTaskContracts(
  engine: EngineRuntime,
  uid: string,
  privacy: Pick<ViewerPrivacy, 'hidePayloads'> = { hidePayloads: false },
): Promise<Record<string, TaskContract>> {
  const tasks = Object.values(await engine.managerFor(uid).store.tasks());
  const entries = await Promise.all(
    tasks.map(async (config): Promise<[string, TaskContract]> => {
      const handler = handlerOf(engine, config);
      const schemas = handler ? engine.registry.schemas(handler.name) : { kwargs: null, result: null };
      // A result is a payload: viewers who see none get no template from it.
      const lastResult = schemas.result || privacy.hidePayloads ? null : await lastResultOf(engine, uid, config.name);
      return [config.name, { ...schemas, lastResult }];
    }),
  );
  return Object.fromEntries(entries);
}

/** The configuration and handler of the task an instance belongs to (null when it does not exist). */
async function taskOfInstance(engine: EngineRuntime, uid: string, name: string) {
  const store = engine.managerFor(uid).store;
  let instance;
  try {
    instance = await store.instance(name);
  } catch (error) {
    if (error instanceof InstanceNotFoundError) return null; // the operation itself says so
    throw error;
  }
  const config = (await store.tasks())[instance.task];
  return { config, handler: handlerOf(engine, config) };
}

/** Replacement kwargs against the instance's task schema, as the handler would receive them (withParams merged). */
export async function checkReplayKwargs(engine: EngineRuntime, uid: string, name: string, kwargs: TriggerKwargs): Promise<SchemaIssue[]> {
  const task = await taskOfInstance(engine, uid, name);
  if (!task?.handler?.kwargs) return [];
  return checkAgainst('kwargs', task.handler, deepMerge(task.config?.withParams ?? {}, kwargs));
}

/** A skip's simulated result against the instance's task result schema. */
export async function checkSkipResult(engine: EngineRuntime, uid: string, name: string, result: Kwargs): Promise<SchemaIssue[]> {
  const task = await taskOfInstance(engine, uid, name);
  return checkAgainst('result', task?.handler, result);
}

/**
 * A fired trigger's kwargs against the part for that trigger of the kwargs schema of every task
 * that waits on it (`after` or `andEvery`), each issue naming its task.
 */
export async function checkFireKwargs(engine: EngineRuntime, uid: string, trigger: string, kwargs: Kwargs): Promise<SchemaIssue[]> {
  const tasks = Object.values(await engine.managerFor(uid).store.tasks());
  const issues: SchemaIssue[] = [];
  for (const config of tasks) {
    if (!config.after.includes(trigger) && config.andEvery !== trigger) continue;
    const schema = handlerOf(engine, config)?.kwargs;
    const part = schema ? partForTrigger(schema, trigger) : undefined;
    if (!part) continue;
    const value = deepMerge((config.withParams[trigger] ?? {}) as Kwargs, kwargs);
    const checked = checkSchema(part, value);
    if (!checked.ok) issues.push(...checked.issues.map((issue) => ({ ...issue, task: config.name })));
  }
  return issues;
}

/** What each form calls its JSON field and its override checkbox. */
const FORMS = {
  replay: { field: 'replacementKwargs', what: 'The replacement kwargs do not', anyway: 'Replay anyway' },
  skip: { field: 'simulatedResult', what: "The simulated result does not", anyway: 'Skip anyway' },
  fire: { field: 'kwargs', what: 'The trigger kwargs do not', anyway: 'Fire anyway' },
} as const;

/** `path: message`, with the task first when the issue names one (fire). */
export function issueLine(issue: SchemaIssue): string {
  const at = issue.path ? `${issue.path}: ${issue.message}` : issue.message;
  return issue.task ? `${issue.task} needs ${at}` : at;
}

/**
 * The refusal of a value that fails its schema (nothing changed, nothing recorded, like other
 * invalid input), or null when it fits or the operator overrides it.
 */
export function schemaRefusal(form: keyof typeof FORMS, issues: SchemaIssue[], override: boolean): ActionResult<never> | null {
  if (issues.length === 0 || override) return null;
  const { field, what, anyway } = FORMS[form];
  const subject = form === 'fire' ? "the schemas of the tasks waiting on this trigger" : "the task's schema";
  return {
    ok: false,
    code: 'schema',
    message: `Nothing was changed: ${what.charAt(0).toLowerCase()}${what.slice(1)} match ${subject} (${issues.length} issue${issues.length === 1 ? '' : 's'}). Correct ${form === 'skip' ? 'it' : 'them'}, or tick “${anyway}” with a reason if the schema itself is wrong.`,
    fieldErrors: { [field]: issues.map(issueLine) },
    issues,
  };
}

/** What the audit row adds for a change made despite schema issues. */
export const overrideRecord = (issues: SchemaIssue[]) => (issues.length > 0 ? { override: true, issues } : {});

/** The live check behind the recovery editors: the issues the server would refuse the value with. */
export async function validateAgainstSchema(
  engine: EngineRuntime,
  input: ValidateAgainstSchemaInput,
): Promise<ActionResult<{ issues: SchemaIssue[] }>> {
  // An unknown target is said as such, not answered "matches the schema" (nothing is read or made).
  const store = engine.managerFor(input.uid).store;
  if (input.kind === 'fire') {
    if (Object.keys(await store.tasks()).length === 0) return { ok: false, code: 'not-found', message: `No session named ${input.uid} (or it has no tasks).` };
  } else {
    try {
      await store.instance(input.instance);
    } catch (error) {
      if (error instanceof InstanceNotFoundError) return { ok: false, code: 'not-found', message: error.message };
      throw error;
    }
  }
  const issues =
    input.kind === 'replay'
      ? await checkReplayKwargs(engine, input.uid, input.instance, input.json as TriggerKwargs)
      : input.kind === 'skip'
        ? await checkSkipResult(engine, input.uid, input.instance, input.json)
        : await checkFireKwargs(engine, input.uid, input.trigger, input.json);
  return { ok: true, message: issues.length === 0 ? 'Matches the schema.' : issues.map(issueLine).join('; '), data: { issues } };
}

/** `getTaskContracts` on the app's own engine: what the session and instance pages show and pass to their forms. */
export async function loadTaskContracts(uid: string, privacy: Pick<ViewerPrivacy, 'hidePayloads'>): Promise<Record<string, TaskContract>> {
  return getTaskContracts(await getAppEngine(), uid, privacy);
}
