import { schemaAt } from '@/components/ui/schema-form/schema';
import type { JsonSchema, TaskContract } from '@/lib/validations/schema-issues';

const isObject = (value: unknown): value is JsonSchema => value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * What a trigger's kwargs must look like for the tasks waiting on it: each task's kwargs schema
 * declares the part under the trigger's name. One task: its part; several: all of them (`allOf`).
 * The parts keep their schema's `$defs`, so references still resolve. Null when no waiting task
 * declares a part for this trigger.
 */
export function triggerSchema(
  trigger: string,
  waitingTasks: readonly string[],
  contracts: Readonly<Record<string, TaskContract>> | null,
): { schema: JsonSchema | null; typed: string[]; untyped: string[] } {
  const typed: string[] = [];
  const untyped: string[] = [];
  const parts: JsonSchema[] = [];
  let defs: JsonSchema = {};
  for (const task of waitingTasks) {
    const kwargs = contracts?.[task]?.kwargs ?? null;
    const part = kwargs ? schemaAt(kwargs, kwargs, [trigger]) : null;
    if (!kwargs || !part) {
      untyped.push(task);
      continue;
    }
    typed.push(task);
    parts.push(part);
    defs = { ...defs, ...(isObject(kwargs.$defs) ? kwargs.$defs : {}), ...(isObject(kwargs.definitions) ? kwargs.definitions : {}) };
  }
  const withDefs = (schema: JsonSchema) => (Object.keys(defs).length > 0 ? { ...schema, $defs: defs, definitions: defs } : schema);
  const [first] = parts;
  const schema = !first ? null : parts.length === 1 ? withDefs(first) : withDefs({ allOf: parts });
  return { schema, typed, untyped };
}
