import { TaskNotFoundError } from './errors';
import type { TaskHandler } from './context';

export const DEFAULT_MAX_RETRIES = 3;

export interface RegisteredTask {
  name: string;
  handler: TaskHandler;
  /** How many times `ctx.retry()` may replay an instance of this handler. */
  maxRetries: number;
}

/**
 * Task handlers by name; a task's `run` directive names one of them.
 *
 * @example
 * const registry = new TaskRegistry()
 *   .register('importSubject', async (ctx) => ({ subjectId: 42 }))
 *   .register('flaky', (ctx) => ctx.retry({ cooldown: 30 }), { maxRetries: 5 });
 */
export class TaskRegistry {
  private readonly tasks = new Map<string, RegisteredTask>();

  /** Registers (or replaces) the handler called `name`. */
  register(name: string, handler: TaskHandler, options: { maxRetries?: number } = {}): this {
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
    this.tasks.set(name, { name, handler, maxRetries });
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
}
