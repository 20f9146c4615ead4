import type { z } from 'zod';
import { TaskNotFoundError } from './errors';
import type { TaskHandler } from './context';
import { checkSchema, toJsonSchema, type JsonSchema, type SchemaIssue, type SchemaKind } from './schemas';
import type { Kwargs, TriggerKwargs } from './types';

export const DEFAULT_MAX_RETRIES = 3;

export interface RegisteredTask {
  name: string;
  /** Type-erased: the registry checks the kwargs against `kwargs` before calling it. */
  handler: TaskHandler<unknown, unknown>;
  /** How many times `ctx.retry()` may replay an instance of this handler. */
  maxRetries: number;
  /** The schema of the trigger kwargs (keyed by trigger name) the handler receives, if declared. */
  kwargs: z.ZodType | null;
  /** The schema of the handler's result, if declared. */
  result: z.ZodType | null;
}

/** A kwargs schema: an object keyed by trigger name. */
export type KwargsSchema = z.ZodType<TriggerKwargs, unknown>;
/** A result schema: a plain object (the result becomes the kwargs of the cascade). */
export type ResultSchema = z.ZodType<Kwargs, unknown>;

/** `ctx.input`'s type: the kwargs schema's output, or `undefined` without one. */
export type InputOf<K> = K extends z.ZodType ? z.output<K> : undefined;
/** What the handler returns: the result schema's input, or any plain object (or nothing). */
export type ResultOf<R> = R extends z.ZodType ? z.input<R> : Kwargs | void;

export interface RegisterOptions<K, R> {
  kwargs?: K;
  result?: R;
  maxRetries?: number;
}

/**
 * Task handlers by name; a task's `run` directive names one of them. A handler may declare zod
 * schemas of its kwargs and result: `ctx.input` and the return type are inferred from them.
 *
 * @example
 * const registry = new TaskRegistry()
 *   .register('importSubject', async (ctx) => ({ subjectId: 42 }))
 *   .register('greet', (ctx) => ({ hello: ctx.input.signup.email }), {
 *     kwargs: z.object({ signup: z.object({ email: z.email() }) }),
 *     result: z.object({ hello: z.string() }),
 *   })
 *   .register('flaky', (ctx) => ctx.retry({ cooldown: 30 }), { maxRetries: 5 });
 */
export class TaskRegistry {
  private readonly tasks = new Map<string, RegisteredTask>();
  private readonly jsonSchemas = new WeakMap<RegisteredTask, { kwargs: JsonSchema | null; result: JsonSchema | null }>();

  /** Registers (or replaces) the handler called `name`, without schemas: `ctx.input` is undefined. */
  register(name: string, handler: TaskHandler, options?: { maxRetries?: number }): this;
  /** Registers (or replaces) the handler called `name` with its kwargs and/or result schema. */
  register<K extends KwargsSchema | undefined = undefined, R extends ResultSchema | undefined = undefined>(
    name: string,
    handler: TaskHandler<InputOf<K>, ResultOf<R>>,
    options: RegisterOptions<K, R>,
  ): this;
  register(name: string, handler: (ctx: never) => unknown, options: RegisterOptions<KwargsSchema, ResultSchema> = {}): this {
    if (typeof name !== 'string' || name.length === 0) {
      throw new TypeError('A task handler needs a non-empty name.');
    }
    if (typeof handler !== 'function') {
      throw new TypeError(`The handler registered as '${name}' must be a function.`);
    }
    const maxRetries = options.maxRetries ?? DEFAULT_MAX_RETRIES;
    if (!Number.isInteger(maxRetries) || maxRetries < 0) {
      throw new TypeError(`maxRetries of handler '${name}' must be a whole number >= 0.`);
    }
    for (const kind of ['kwargs', 'result'] as const) {
      const schema = options[kind] as { safeParse?: unknown } | undefined;
      if (schema !== undefined && typeof schema?.safeParse !== 'function') {
        throw new TypeError(`The ${kind} schema of handler '${name}' must be a zod schema.`);
      }
    }
    this.tasks.set(name, {
      name,
      handler: handler as TaskHandler<unknown, unknown>,
      maxRetries,
      kwargs: options.kwargs ?? null,
      result: options.result ?? null,
    });
    return this;
  }

  /** @throws TaskNotFoundError when no handler has that name. */
  get(name: string): RegisteredTask {
    const task = this.tasks.get(name);
    if (!task) {
      const known = [...this.tasks.keys()];
      throw new TaskNotFoundError(
        name,
        `No task handler registered under the name '${name}'${known.length ? ` (registered: ${known.join(', ')})` : ' (the registry is empty)'}.`,
      );
    }
    return task;
  }

  has(name: string): boolean {
    return this.tasks.has(name);
  }

  names(): string[] {
    return [...this.tasks.keys()];
  }

  /**
   * The declared schemas of handler `name` as JSON Schema (null where none is declared).
   * @throws TaskNotFoundError when no handler has that name.
   */
  schemas(name: string): { kwargs: JsonSchema | null; result: JsonSchema | null } {
    const task = this.get(name);
    // Computed once per registration: every page with a recovery form asks.
    let schemas = this.jsonSchemas.get(task);
    if (!schemas) {
      schemas = { kwargs: task.kwargs ? toJsonSchema(task.kwargs) : null, result: task.result ? toJsonSchema(task.result) : null };
      this.jsonSchemas.set(task, schemas);
    }
    // A copy: callers may hand it to a serializer or change it.
    return structuredClone(schemas);
  }

  /** Checks `value` against handler `name`'s kwargs or result schema: [] when it fits or none is declared. */
  check(name: string, kind: SchemaKind, value: unknown): SchemaIssue[] {
    const schema = this.get(name)[kind];
    if (!schema) return [];
    const checked = checkSchema(schema, value);
    return checked.ok ? [] : checked.issues;
  }
}
