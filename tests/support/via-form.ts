import type { z } from 'zod';
import { parseActionInput, type InvalidMessage } from '@/lib/actions/parse-input';
import type { ActionResult } from '@/lib/actions/result';

/**
 * A typed service called as its server action calls it, minus the signed-in user: the raw
 * argument (FormData as a browser sends it) is parsed once with the action's schema, exactly as
 * runAction parses it, and invalid input is answered without calling the service.
 */
export function viaForm<S extends z.ZodType, T>(
  schema: S,
  service: (input: z.output<S>) => Promise<ActionResult<T>>,
  invalidMessage?: InvalidMessage,
): (raw: unknown) => Promise<ActionResult<T>> {
  return async (raw) => {
    const parsed = parseActionInput(schema, raw, invalidMessage);
    return parsed.ok ? service(parsed.data) : parsed;
  };
}
