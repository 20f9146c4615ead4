/**
 * Task handlers for the worker tests (loaded by scripts/worker.ts through WORKER_REGISTRY_MODULE,
 * and used by in-process workers).
 */
import { TaskRegistry } from '@/lib/triggers';

/** How many times each instance's handler started, per process (for "never twice"). */
export const invocations = new Map<string, number>();

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
    .register('flaky', (ctx) => {
      if (ctx.retries < 1) ctx.retry({ cooldown: Number(ctx.triggerKwargs.go?.cooldown ?? 2) });
      return { attempts: ctx.retries + 1 };
    });
}
