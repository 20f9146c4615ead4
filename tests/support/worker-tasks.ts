/**
 * Task handlers for the worker tests (loaded by scripts/worker.ts through TASKS_MODULE,
 * and used by in-process workers).
 */
import { TaskRegistry } from '@/lib/triggers';

/** How many times each instance's handler started, per process (for "never twice"). */
export const invocations = new Map<string, number>();

/** A handler that fails in a named function of this file (stack traces that point at source). */
function chargeCard(amount: number): never {
  throw new RangeError(`card declined for ${amount}`);
}

export function createTaskRegistry(): TaskRegistry {
  return new TaskRegistry()
    .register('passThru', (ctx) => {
      invocations.set(ctx.instanceName, (invocations.get(ctx.instanceName) ?? 0) + 1);
      return { kwargs: ctx.triggerKwargs };
    })
    .register('sleep', async (ctx) => {
      await new Promise((resolve) => setTimeout(resolve, Number(ctx.triggerKwargs.go?.ms ?? 1000)));
      return { slept: true };
    })
    .register('hangFirst', async (ctx) => {
      // The original run never ends (its worker gets killed); the replay succeeds.
      if (ctx.retries === 0) await new Promise(() => {});
      return { recovered: true, retries: ctx.retries };
    })
    .register('declined', (ctx) => chargeCard(Number(ctx.triggerKwargs.go?.amount ?? 1)))
    .register('flaky', (ctx) => {
      if (ctx.retries < 1) ctx.retry({ cooldown: Number(ctx.triggerKwargs.go?.cooldown ?? 2) });
      return { attempts: ctx.retries + 1 };
    });
}
