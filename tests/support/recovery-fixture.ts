import type { EngineRuntime } from '@/lib/runtime/engine';
import { TaskRegistry } from '@/lib/triggers';

/**
 * Handlers of the recovery tests: `needsName` fails unless formReceived brought a name (so a
 * replay with corrected kwargs fixes it), `echo` returns what it was given.
 */
export function recoveryRegistry(): TaskRegistry {
  return new TaskRegistry()
    .register('needsName', (ctx) => {
      const name = ctx.triggerKwargs.formReceived?.name;
      if (typeof name !== 'string') throw new Error('formReceived.name is missing');
      return { greeting: `hello ${name}` };
    })
    .register('echo', (ctx) => ({ got: ctx.triggerKwargs }));
}

/** A FormData as a browser sends it; an array value becomes a repeated field. */
export function form(values: Record<string, string | string[]>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(values)) {
    for (const v of Array.isArray(value) ? value : [value]) data.append(key, v);
  }
  return data;
}

/** Makes session `uid` one whose t_greet#0 failed (a typo in the kwargs); t_after waits on it. */
export async function failedGreeting(engine: EngineRuntime, uid: string): Promise<void> {
  const manager = engine.managerFor(uid);
  await manager.updateConfiguration({
    t_greet: { after: ['formReceived'], run: 'needsName' },
    t_after: { after: ['t_greet'], run: 'echo' },
  });
  await manager.fire('formReceived', { nmae: 'typo' });
  await engine.inline.drain();
}
