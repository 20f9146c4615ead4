/**
 * Shared helpers of the engine suite. Everything here goes through the public API of
 * `@/lib/triggers` (engine-api.md) and the `SessionStore` interface, so the same suite runs
 * against every store.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import {
  InlineRunner,
  TaskRegistry,
  TriggerManager,
  type Configuration,
  type InstanceMetadata,
  type Kwargs,
  type SessionStore,
  type TaskContext,
  type TaskHandler,
  type TaskInstance,
  type TaskRunner,
  type TriggerKwargs,
} from '@/lib/triggers';

export interface StoreFactory {
  name: string;
  /** A store bound to `uid`. Called with a fresh random uid per test; may be called twice with the same uid. */
  create(uid: string): Promise<SessionStore>;
  /** true when two create(uid) objects see each other's writes (PostgresStore); false for MemoryStore. */
  sharesStateAcrossObjects: boolean;
}

export type GetFactory = () => StoreFactory;

/**
 * What a store can do, known when tests are declared (the factory itself is created lazily), so
 * each store runs the tests that state its behaviour instead of skipping the others.
 */
export interface StoreCapabilities {
  /** Two store objects on one uid share state (PostgresStore), or never do (MemoryStore). */
  sharesStateAcrossObjects: boolean;
  /**
   * Transactions of different sessions run at the same time (a server with a connection pool).
   * False on PGlite: one connection, so every transaction waits for the one in progress.
   */
  concurrentTransactions: boolean;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export const newUid = (): string => `test:${randomUUID()}`;

/** ISO 8601 UTC as produced by `new Date().toISOString()`. */
export const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

// ---------------------------------------------------------------------------------------------
// Handlers

export interface HandlerCall {
  handler: string;
  instanceName: string;
  triggerKwargs: TriggerKwargs;
  retries: number;
}

export type HandlerSpec = TaskHandler | { handler: TaskHandler; maxRetries?: number };

/** Error class with a `context`, as a handler might throw (section 10, step 5). */
export class QuotaExceededError extends Error {
  override name = 'QuotaExceededError';
  readonly context = { quota: 5, used: 7 };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `get(obj, 'a', 'b')` = obj.a?.b for untyped kwargs. */
export function get(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (!isPlainObject(current)) return undefined;
    current = current[key];
  }
  return current;
}

type Level = 'debug' | 'info' | 'warn' | 'error';

/**
 * The standard handlers named in docs/engine-behaviour.md and used throughout the suite.
 * Each records its call (with a deep copy of what it received) into `calls`.
 */
export function standardHandlers(calls: HandlerCall[]): Record<string, HandlerSpec> {
  const recorded =
    (name: string, fn: TaskHandler): TaskHandler =>
    (ctx: TaskContext) => {
      calls.push({
        handler: name,
        instanceName: ctx.instanceName,
        triggerKwargs: structuredClone(ctx.triggerKwargs),
        retries: ctx.retries,
      });
      return fn(ctx);
    };
  const specs: Record<string, HandlerSpec> = {
    passThru: (ctx) => ({ kwargs: ctx.triggerKwargs }),
    devNull: () => ({}),
    failing: (ctx) => {
      throw new Error(`intentional failure in ${ctx.instanceName}`);
    },
    /** passThru, but throws when any trigger's kwargs contain `fail: true`. */
    failIfAsked: (ctx) => {
      if (Object.values(ctx.triggerKwargs).some((k) => get(k, 'fail') === true)) {
        throw new Error(`asked to fail in ${ctx.instanceName}`);
      }
      return { kwargs: ctx.triggerKwargs };
    },
    /** Section 14.2 worked example. */
    selfRetrying: {
      maxRetries: 2,
      handler: (ctx) => {
        const max = Number(get(ctx.triggerKwargs, 'retries', 'max') ?? 0);
        if (ctx.retries < max) ctx.retry();
        return { count: ctx.retries };
      },
    },
    /** Always retries; default maxRetries (3). */
    alwaysRetrying: (ctx) => ctx.retry(),
    retryZero: { maxRetries: 0, handler: (ctx) => ctx.retry() },
    /** Section 14.1 example. */
    selfSkipping: (ctx) => ctx.skip({ kwargs: ctx.triggerKwargs }),
    countsRetries: (ctx) => ({ retries: ctx.retries }),
    throwsString: () => {
      throw 'plain string failure';
    },
    throwsTypeError: () => {
      throw new TypeError('wrong type in handler');
    },
    throwsWithContext: (ctx) => {
      throw new QuotaExceededError(`quota exceeded in ${ctx.instanceName}`);
    },
    returnsUndefined: () => undefined,
    returnsNull: () => null as unknown as Kwargs,
    /** Logs one message per level listed in the `logs` trigger's `levels`. */
    logLevels: (ctx) => {
      const levels = (get(ctx.triggerKwargs, 'logs', 'levels') ?? []) as Level[];
      for (const level of levels) ctx.logger[level](`logged at ${level}`, { level });
      return {};
    },
    /** Returns what it sees of its own instance while running. */
    inspectsSelf: async (ctx) => {
      const me = await ctx.manager.store.instance(ctx.instanceName);
      return {
        seenStatus: me.status,
        seenActualKwargs: me.metadata.actualKwargs ?? null,
        seenLogLevel: me.metadata.logLevel ?? null,
      };
    },
    mutatesKwargs: (ctx) => {
      for (const value of Object.values(ctx.triggerKwargs)) value.mutated = true;
      ctx.triggerKwargs.injected = { by: ctx.instanceName };
      return {};
    },
    firesFollowUp: async (ctx) => {
      await ctx.manager.fire('followUp', { from: ctx.instanceName });
      return {};
    },
    /** The user document's t_importSubject: fails unless firstPageReceived carries responses. */
    importSubject: (ctx) => {
      const responses = get(ctx.triggerKwargs, 'firstPageReceived', 'responses');
      if (responses === undefined) {
        throw new Error(`${ctx.instanceName}: firstPageReceived has no responses`);
      }
      return { subjectId: 42, responses };
    },
  };
  const out: Record<string, HandlerSpec> = {};
  for (const [name, spec] of Object.entries(specs)) {
    out[name] =
      typeof spec === 'function'
        ? recorded(name, spec)
        : { handler: recorded(name, spec.handler), maxRetries: spec.maxRetries };
  }
  return out;
}

export function registerAll(registry: TaskRegistry, handlers: Record<string, HandlerSpec>): TaskRegistry {
  for (const [name, spec] of Object.entries(handlers)) {
    if (typeof spec === 'function') registry.register(name, spec);
    else if (spec.maxRetries === undefined) registry.register(name, spec.handler);
    else registry.register(name, spec.handler, { maxRetries: spec.maxRetries });
  }
  return registry;
}

/** The standard registry (fresh object), plus the list its handlers record into. */
export function standardRegistry(extra: Record<string, HandlerSpec> = {}): {
  registry: TaskRegistry;
  calls: HandlerCall[];
} {
  const calls: HandlerCall[] = [];
  const registry = registerAll(new TaskRegistry(), { ...standardHandlers(calls), ...extra });
  return { registry, calls };
}

// ---------------------------------------------------------------------------------------------
// Sessions

export type ManagerClass<M extends TriggerManager> = new (
  ...args: ConstructorParameters<typeof TriggerManager>
) => M;

export interface SessionOptions<M extends TriggerManager> {
  /** Applied with updateConfiguration before returning. */
  config?: Configuration;
  /** Extra handlers (override standard ones of the same name). */
  handlers?: Record<string, HandlerSpec>;
  /** Share a registry (e.g. a second manager on the same uid). */
  registry?: TaskRegistry;
  /** A TriggerManager subclass. */
  manager?: ManagerClass<M>;
  /** Replace the runner the manager gets; `inline` is the session's InlineRunner. */
  wrapRunner?: (inline: InlineRunner) => TaskRunner;
  /** Use this uid (a new store object is created for it through the factory). */
  uid?: string;
  /** Use this very store object. */
  store?: SessionStore;
}

export interface Session<M extends TriggerManager = TriggerManager> {
  uid: string;
  store: SessionStore;
  manager: M;
  runner: InlineRunner;
  registry: TaskRegistry;
  calls: HandlerCall[];
  drain(): Promise<void>;
  /** fire, then drain; resolves with the names of the instances the firing scheduled. */
  fireDrain(trigger: string, kwargs?: Kwargs): Promise<string[]>;
}

export async function newSession<M extends TriggerManager = TriggerManager>(
  getFactory: GetFactory,
  options: SessionOptions<M> = {},
): Promise<Session<M>> {
  const uid = options.store?.uid ?? options.uid ?? newUid();
  const store = options.store ?? (await getFactory().create(uid));
  let registry: TaskRegistry;
  let calls: HandlerCall[] = [];
  if (options.registry) {
    registry = options.registry;
    if (options.handlers) registerAll(registry, options.handlers);
  } else {
    ({ registry, calls } = standardRegistry(options.handlers));
  }
  const runner = new InlineRunner();
  const used = options.wrapRunner ? options.wrapRunner(runner) : runner;
  const Manager = (options.manager ?? TriggerManager) as ManagerClass<M>;
  const manager = new Manager(store, { registry, runner: used });
  if (options.config) await manager.updateConfiguration(options.config);
  const drain = (): Promise<void> => runner.drain();
  return {
    uid,
    store,
    manager,
    runner,
    registry,
    calls,
    drain,
    async fireDrain(trigger, kwargs) {
      const scheduled =
        kwargs === undefined ? await manager.fire(trigger) : await manager.fire(trigger, kwargs);
      await drain();
      return scheduled.map((i) => i.name);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Runners used by tests

/**
 * Holds (does not run) instances of the listed tasks (all tasks when `tasks` is omitted);
 * the others go to `inner`.
 */
export class HoldingRunner implements TaskRunner {
  readonly name: string;
  readonly held: Array<{ manager: TriggerManager; instance: TaskInstance }> = [];
  constructor(
    private readonly inner?: InlineRunner,
    private readonly tasks?: string[],
    name = 'holding',
  ) {
    this.name = name;
  }
  async run(manager: TriggerManager, instance: TaskInstance): Promise<void> {
    if (this.inner && this.tasks && !this.tasks.includes(instance.task)) {
      await this.inner.run(manager, instance);
      return;
    }
    this.held.push({ manager, instance: structuredClone(instance) });
  }
}

/** Delegates to an InlineRunner under its own name and records what it dispatched. */
export class NamedRunner implements TaskRunner {
  readonly seen: string[] = [];
  constructor(
    readonly name: string,
    private readonly inner: InlineRunner,
  ) {}
  async run(manager: TriggerManager, instance: TaskInstance): Promise<void> {
    this.seen.push(instance.name);
    await this.inner.run(manager, instance);
  }
}

/** A runner whose run() does not return until `open()`: it keeps the session lock held. */
export class GateRunner implements TaskRunner {
  readonly name = 'gate';
  readonly entered: string[] = [];
  private release: () => void = () => undefined;
  private readonly gate = new Promise<void>((resolve) => {
    this.release = resolve;
  });
  constructor(private readonly inner: InlineRunner) {}
  async run(manager: TriggerManager, instance: TaskInstance): Promise<void> {
    this.entered.push(instance.name);
    await this.gate;
    await this.inner.run(manager, instance);
  }
  open(): void {
    this.release();
  }
}

/** A promise with its resolve function exposed. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

// ---------------------------------------------------------------------------------------------
// Assertions

/** `status {sorted kwargs keys}`, the notation of the spec's tables. */
export function row(instance: TaskInstance): string {
  return `${instance.status} {${Object.keys(instance.kwargs).sort().join(', ')}}`;
}

/** Every instance of the session as `{ name: row }`. */
export async function table(store: SessionStore): Promise<Record<string, string>> {
  const all = await store.instances();
  const out: Record<string, string> = {};
  for (const [name, instance] of Object.entries(all)) out[name] = row(instance);
  return out;
}

/** The rows of one task's instances, in sequence order. */
export async function taskRows(store: SessionStore, task: string): Promise<string[]> {
  return (await store.instancesOfTask(task)).map(row);
}

export const names = (list: Array<{ name: string }>): string[] => list.map((i) => i.name);
export const sortedNames = (list: Array<{ name: string }>): string[] => names(list).sort();

export async function unresolvedTaskNames(store: SessionStore): Promise<string[]> {
  return sortedNames(await store.unresolvedTasks());
}

export async function unresolvedInstanceNames(store: SessionStore): Promise<string[]> {
  return sortedNames(await store.unresolvedInstances());
}

export async function statusOf(store: SessionStore, name: string): Promise<string> {
  return (await store.instance(name)).status;
}

export async function resultOf(store: SessionStore, name: string): Promise<Kwargs | undefined> {
  return (await store.instance(name)).metadata.result;
}

export async function metaOf(store: SessionStore, name: string): Promise<InstanceMetadata> {
  return (await store.instance(name)).metadata;
}

/** Awaits `promise`, expects it to reject with `cls` and a message containing every fragment. */
export async function expectRejects<E extends Error>(
  promise: Promise<unknown>,
  cls: new (...args: never[]) => E,
  ...fragments: Array<string | RegExp>
): Promise<E> {
  let caught: unknown = undefined;
  let resolved = false;
  try {
    await promise;
    resolved = true;
  } catch (error) {
    caught = error;
  }
  expect(resolved, `expected a rejection with ${cls.name}, but it resolved`).toBe(false);
  expect(caught).toBeInstanceOf(cls);
  const message = (caught as Error).message;
  for (const fragment of fragments) {
    if (typeof fragment === 'string') expect(message).toContain(fragment);
    else expect(message).toMatch(fragment);
  }
  return caught as E;
}

/** Polls `check` until it is true (real time; for runs we cannot drain). */
export async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error(`waitFor: condition not met in ${timeoutMs} ms`);
    await sleep(5);
  }
}

/** Rejects when `promise` has not settled within `ms` (so a hang fails fast with a clear message). */
export async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Derived "logs resolved" of section 18 (not stored; computed from what the engine stores). */
export function logsResolved(instance: TaskInstance): boolean {
  const relevant = !['abandoned', 'replayed', 'skipped'].includes(instance.status);
  return !relevant || (instance.metadata.logLevel ?? 0) < 40 || instance.metadata.logsResolved === true;
}

/** Asserts every timestamp of an instance is an ISO 8601 UTC string. */
export function expectIsoTimestamps(instance: TaskInstance): void {
  const ts = instance.metadata.timestamps;
  expect(ts, `${instance.name} has timestamps`).toBeDefined();
  for (const [key, value] of Object.entries(ts ?? {})) {
    expect(value, `${instance.name} timestamps.${key}`).toMatch(ISO_UTC);
  }
}

/** A recorder of hook calls, in order. */
export class RecordingManager extends TriggerManager {
  readonly events: string[] = [];
  readonly fired: Array<{ trigger: string; scheduled: TaskInstance[] }> = [];
  readonly replayed: TaskInstance[] = [];
  readonly skipped: Array<{ instance: TaskInstance; cascade: boolean }> = [];
  protected override async postFire(trigger: string, scheduled: TaskInstance[]): Promise<void> {
    this.events.push(`postFire ${trigger} [${names(scheduled).join(', ')}]`);
    this.fired.push({ trigger, scheduled });
    await super.postFire(trigger, scheduled);
  }
  protected override async postReplay(clone: TaskInstance): Promise<void> {
    this.events.push(`postReplay ${clone.name}`);
    this.replayed.push(clone);
    await super.postReplay(clone);
  }
  protected override async postSkip(instance: TaskInstance, cascade: boolean): Promise<void> {
    this.events.push(`postSkip ${instance.name} ${cascade}`);
    this.skipped.push({ instance, cascade });
    await super.postSkip(instance, cascade);
  }
}
