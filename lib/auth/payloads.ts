/**
 * Privacy for viewers: with HIDE_PAYLOADS_FROM_VIEWERS=true, what customers sent and what tasks
 * produced (kwargs, results, simulated results, snapshots, journal and audit payloads) is
 * replaced before it leaves the server, for viewers only, and the customer data exception
 * messages tend to quote (emails, long numbers, quoted values) is redacted. Names, statuses,
 * times and exception types stay visible.
 *
 * Pure functions, no request: the edge (pages, route handlers, actions) decides with
 * `privacyFor(user)` and passes the decision to the services that load the data, so no page can
 * forget it and scripts (bench, journal:prune) load these services in a plain Node process.
 */
import { getEnv } from '@/lib/env';
import type { DebugRepr, InstanceMetadata, TaskConfig, TaskInstance, TriggerKwargs } from '@/lib/triggers';
import { redactExceptionText } from './redact';
import type { Role } from './roles';

/** What the person a page is loaded for may see. */
export interface ViewerPrivacy {
  /**
   * Payloads are replaced and exception messages redacted (emails, long numbers and quoted
   * values): a viewer under HIDE_PAYLOADS_FROM_VIEWERS.
   */
  readonly hidePayloads: boolean;
}

/** Everything shown (operators, admins, or the setting off). */
export const SHOW_EVERYTHING: ViewerPrivacy = Object.freeze({ hidePayloads: false });

/**
 * The privacy for this user (null: nobody signed in, who gets the strictest view), under
 * HIDE_PAYLOADS_FROM_VIEWERS (read from the environment unless given).
 */
export function privacyFor(
  user: { role: Role } | null,
  hideFromViewers: boolean = getEnv().HIDE_PAYLOADS_FROM_VIEWERS,
): ViewerPrivacy {
  return { hidePayloads: hideFromViewers && (!user || user.role === 'viewer') };
}

export const HIDDEN_TEXT = 'hidden: your role (viewer) does not see payloads';
/** Stands in for any hidden object, so JSON views still show an object. */
export const HIDDEN: Readonly<Record<string, string>> = Object.freeze({ hidden: HIDDEN_TEXT });

/** Trigger names stay (they say which triggers arrived); what each brought is hidden. */
export function hideTriggerKwargs(kwargs: TriggerKwargs): TriggerKwargs {
  return Object.fromEntries(Object.keys(kwargs).map((trigger) => [trigger, { ...HIDDEN }]));
}

const PAYLOAD_METADATA = ['result', 'skippedResult', 'exceptionContext'] as const;
const PAYLOAD_METADATA_KEYS = new Set<string>([...PAYLOAD_METADATA, 'actualKwargs']);
/** Metadata text that quotes what the handler was given: redacted, not hidden. */
const EXCEPTION_TEXT_KEYS = new Set<string>(['exceptionMessage', 'exceptionInfo']);

/**
 * An exception message (or stack) as a viewer may read it; the instance's and task's names, which
 * engine messages quote, stay.
 */
export function redactException(text: string, names: readonly (string | null | undefined)[] = []): string {
  return redactExceptionText(text, names.filter((name): name is string => Boolean(name)));
}

export function hideInstancePayloads(instance: TaskInstance): TaskInstance {
  const metadata: InstanceMetadata = { ...instance.metadata };
  if (metadata.actualKwargs) metadata.actualKwargs = hideTriggerKwargs(metadata.actualKwargs as TriggerKwargs);
  for (const key of PAYLOAD_METADATA) if (metadata[key] !== undefined) (metadata as Record<string, unknown>)[key] = { ...HIDDEN };
  for (const key of EXCEPTION_TEXT_KEYS) {
    const text = metadata[key];
    if (typeof text === 'string') (metadata as Record<string, unknown>)[key] = redactException(text, [instance.name, instance.task]);
  }
  return { ...instance, kwargs: hideTriggerKwargs(instance.kwargs), metadata };
}

/**
 * A task's configuration as a viewer may see it: its wiring (after, run, unless…) stays; its
 * static kwargs (`withParams`, keyed by trigger) and custom directives (`extra`) are payloads.
 */
export function hideTaskPayloads<T extends Partial<Pick<TaskConfig, 'withParams' | 'extra'>>>(task: T): T {
  const shown: T = { ...task };
  if (task.withParams) shown.withParams = hideTriggerKwargs(task.withParams);
  if (task.extra) shown.extra = Object.fromEntries(Object.keys(task.extra).map((key) => [key, { ...HIDDEN }]));
  return shown;
}

export function hideDebugReprPayloads(repr: DebugRepr): DebugRepr {
  const instances = Object.fromEntries(
    Object.entries(repr.instances).map(([name, instance]) => [
      name,
      hideInstancePayloads({ name, ...(instance as Omit<TaskInstance, 'name'>) } as TaskInstance),
    ]),
  );
  for (const instance of Object.values(instances)) delete (instance as Partial<TaskInstance>).name;
  const tasks = Object.fromEntries(Object.entries(repr.tasks).map(([name, task]) => [name, hideTaskPayloads(task as Partial<TaskConfig>)]));
  return { ...repr, tasks, instances, metas: { ...repr.metas, latestKwargs: hideTriggerKwargs((repr.metas.latestKwargs ?? {}) as TriggerKwargs) } } as DebugRepr;
}

/** Keys of audit inputs and journal event data that carry payloads. */
const PAYLOAD_KEYS = new Set(['kwargs', 'replacementKwargs', 'simulatedResult', 'result']);

/**
 * An audit input or a journal event's data with its payloads hidden (null stays null). A metadata
 * delta ({ set, removed }) keeps its keys and the values that are not payloads (exception type…),
 * with its exception message and stack redacted (`names`: the instance and task concerned).
 */
export function hidePayloadKeys(value: Record<string, unknown>, names: readonly (string | null | undefined)[] = []): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => {
      if (v === null || v === undefined) return [key, v];
      if (PAYLOAD_KEYS.has(key)) return [key, { ...HIDDEN }];
      if (key === 'configuration' && isPlainObject(v)) return [key, Object.fromEntries(Object.entries(v).map(([task, config]) => [task, hideConfigurationInput(config)]))];
      if ((key === 'added' || key === 'changed') && Array.isArray(v)) return [key, v.map(hideConfigurationChange)];
      if (key === 'metadata' && typeof v === 'object' && 'set' in (v as object)) {
        const delta = v as { set: Record<string, unknown>; removed?: unknown };
        const shown = (k: string, x: unknown) =>
          PAYLOAD_METADATA_KEYS.has(k) ? { ...HIDDEN } : EXCEPTION_TEXT_KEYS.has(k) && typeof x === 'string' ? redactException(x, names) : x;
        const set = Object.fromEntries(Object.entries(delta.set ?? {}).map(([k, x]) => [k, shown(k, x)]));
        return [key, { ...delta, set }];
      }
      return [key, v];
    }),
  );
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The directives that wire a task (shown); `withParams` and custom directives are payloads. */
const WIRING_KEYS = new Set(['after', 'run', 'andEvery', 'unless', 'using']);

/** A task as a configuration gives it (an audit row's input): custom directives are its own keys. */
function hideConfigurationInput(config: unknown): unknown {
  if (!isPlainObject(config)) return config;
  return Object.fromEntries(
    Object.entries(config).map(([key, value]) => [
      key,
      WIRING_KEYS.has(key) ? value : key === 'withParams' && isPlainObject(value) ? hideTriggerKwargs(value as TriggerKwargs) : { ...HIDDEN },
    ]),
  );
}

/** A `configuration-updated` journal entry's task ({ name, before?, after? }, each a task's repr). */
function hideConfigurationChange(change: unknown): unknown {
  if (!isPlainObject(change)) return change;
  const shown = { ...change };
  for (const side of ['before', 'after'] as const) if (isPlainObject(shown[side])) shown[side] = hideTaskPayloads(shown[side] as Partial<TaskConfig>);
  return shown;
}
