import 'server-only';
import { currentActor } from '@/lib/actor';
import type { ActionResult, Actor } from '@/lib/recovery';
import { getAppEngine } from '@/lib/runtime/app-engine';
import type { EngineRuntime } from '@/lib/runtime/engine';

/**
 * What a form's `useActionState` holds: `null` before the first submit, then the action's result.
 * Only plain data crosses to the browser (no engine objects, no Error instances).
 */
export type FormState<T = undefined> = ActionResult<T> | null;

/**
 * The one wrapper every server action goes through: finds who acts, opens the engine, runs the
 * lib/recovery function (which validates the raw FormData with the shared zod schema) and turns
 * anything unexpected into a logged, generic failure instead of an error page.
 */
export async function runAction<T>(
  name: string,
  fn: (engine: EngineRuntime, actor: Actor) => Promise<ActionResult<T>>,
): Promise<ActionResult<T>> {
  try {
    const actor = await currentActor();
    const engine = await getAppEngine();
    return await fn(engine, actor);
  } catch (error) {
    console.error(JSON.stringify({ level: 'error', msg: `server action ${name} failed`, error: describe(error) }));
    return { ok: false, message: 'The server could not complete this action. Nothing was changed; try again, and report it if it keeps failing.' };
  }
}

function describe(error: unknown): { name?: string; message: string; stack?: string } {
  return error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : { message: String(error) };
}
