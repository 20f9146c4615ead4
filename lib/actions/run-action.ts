import 'server-only';
import type { z } from 'zod';
import { authorizeAction } from '@/lib/actor';
import type { Permission } from '@/lib/auth/roles';
import type { SignedInUser } from '@/lib/auth/session';
import { getAppDatabase } from '@/lib/db/app-database';
import type { Database } from '@/lib/db/client';
import { getAppEngine } from '@/lib/runtime/app-engine';
import type { EngineRuntime } from '@/lib/runtime/engine';
import { parseActionInput, type InvalidMessage } from './parse-input';
import type { ActionResult } from './result';

export type { ActionResult, FormState } from './result';

/** What a signed-in action's service gets besides its input: the engine and who acts. */
export interface ActionContext {
  engine: EngineRuntime;
  db: Database;
  actor: SignedInUser;
}

/** A public action (sign-in) has no actor and needs no engine. */
export interface PublicActionContext {
  db: Database;
  actor: null;
}

/** The permission of an action anyone may call, signed in or not (sign-in, sign-out). */
export const PUBLIC = 'public';

export interface RunActionOptions {
  /** The form-level message for invalid input (default: "please correct the highlighted fields"). */
  invalidMessage?: InvalidMessage;
  /** The message for an unexpected failure (logged; default: "The server could not complete…"). */
  failureMessage?: string;
}

type Handler<S extends z.ZodType, C, T> = (input: z.output<S>, ctx: C) => Promise<ActionResult<T>>;

const FAILURE = 'The server could not complete this action. Nothing was changed; try again, and report it if it keeps failing.';

/**
 * The one wrapper every server action goes through; returns the action's body, which takes the
 * raw argument (FormData from a form, or whatever a hand-made call sends). In order:
 *  1. checks on the server that a signed-in user with `permission` acts, and refuses otherwise
 *     before anything of the argument is read (a megabyte of JSON from a stranger is not parsed);
 *  2. parses the argument once with `schema` (lib/validations/), answering invalid input with
 *     every error per field;
 *  3. calls `handler`, a typed service call, with the parsed input and `{ engine, db, actor }`.
 * Anything unexpected is logged here and answered with a generic failure instead of an error
 * page. redirect() and revalidatePath() belong to the action, after this returns.
 */
export function runAction<S extends z.ZodType, T>(
  name: string,
  permission: Permission,
  schema: S,
  handler: Handler<S, ActionContext, T>,
  options?: RunActionOptions,
): (raw: unknown) => Promise<ActionResult<T>>;
export function runAction<S extends z.ZodType, T>(
  name: string,
  permission: typeof PUBLIC,
  schema: S,
  handler: Handler<S, PublicActionContext, T>,
  options?: RunActionOptions,
): (raw: unknown) => Promise<ActionResult<T>>;
export function runAction<S extends z.ZodType, T>(
  name: string,
  permission: Permission | typeof PUBLIC,
  schema: S,
  handler: Handler<S, ActionContext, T> | Handler<S, PublicActionContext, T>,
  options: RunActionOptions = {},
): (raw: unknown) => Promise<ActionResult<T>> {
  return async (raw) => {
    try {
      let actor: SignedInUser | null = null;
      if (permission !== PUBLIC) {
        const auth = await authorizeAction(permission);
        if ('refused' in auth) return auth.refused;
        actor = auth.user;
      }
      const parsed = parseActionInput(schema, raw, options.invalidMessage);
      if (!parsed.ok) return parsed;
      // The overloads pair a public permission with a public handler, and any other with a signed-in one.
      if (actor === null) return await (handler as Handler<S, PublicActionContext, T>)(parsed.data, { db: await getAppDatabase(), actor: null });
      const engine = await getAppEngine();
      return await (handler as Handler<S, ActionContext, T>)(parsed.data, { engine, db: engine.db, actor });
    } catch (error) {
      console.error(JSON.stringify({ level: 'error', msg: `server action ${name} failed`, error: describe(error) }));
      return { ok: false, message: options.failureMessage ?? FAILURE };
    }
  };
}

function describe(error: unknown): { name?: string; message: string; stack?: string } {
  return error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : { message: String(error) };
}
