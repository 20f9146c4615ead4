import { templateFromSchema } from '@/components/ui/schema-form/schema';
import type { TaskContract } from '@/lib/validations/schema-issues';

/**
 * Where the simulated result starts: a template of the task's result schema, else its most recent
 * successful result (said so), else `{}`.
 */
export function startingResult(contract: TaskContract | null): { text: string; from: 'schema' | 'last-result' | 'empty'; instance?: string } {
  if (contract?.result) return { text: JSON.stringify(templateFromSchema(contract.result), null, 2), from: 'schema' };
  if (contract?.lastResult) return { text: JSON.stringify(contract.lastResult.result, null, 2), from: 'last-result', instance: contract.lastResult.instance };
  return { text: '{}', from: 'empty' };
}
