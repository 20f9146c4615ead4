import 'server-only';
import { authorizeAction } from '@/lib/actor';
import type { Permission } from '@/lib/auth/roles';
import type { ActionResult, Actor } from '@/lib/recovery';
import { getAppEngine } from '@/lib/runtime/app-engine';
import type { EngineRuntime } from '@/lib/runtime/engine';

/**
 * What a form's `useActionState` holds: `null` before the first submit, then the action's result.
 * Only plain data crosses to the browser (no engine objects, no Error instances).
 */
export type FormState<T = undefined> = ActionResult<T> | null;

/**
 * The one wrapper every server action goes through: checks on the server that a signed-in user
 * with `permission` acts (refusing otherwise, before anything is read or changed), opens the
 * engine, runs the lib function (which validates the raw FormData with the shared zod schema)
 * and turns anything unexpected into a logged, generic failure instead of an error page.
 */
export async function runAction<T>(
  name: string,
  permission: Permission,
  fn: (engine: EngineRuntime, actor: Actor) => Promise<ActionResult<T>>,
): Promise<ActionResult<T>> {
  try {
    const auth = await authorizeAction(permission);
    if ('refused' in auth) return auth.refused;
    const engine = await getAppEngine();
    return await fn(engine, auth.user);
  } catch (error) {
    console.error(JSON.stringify({ level: 'error', msg: `server action ${name} failed`, error: describe(error) }));
    return { ok: false, message: 'The server could not complete this action. Nothing was changed; try again, and report it if it keeps failing.' };
  }
}

function describe(error: unknown): { name?: string; message: string; stack?: string } {
  return error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : { message: String(error) };
}
