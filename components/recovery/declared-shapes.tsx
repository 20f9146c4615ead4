import { outlineOf } from '@/components/ui/schema-form/outline';
import type { JsonSchema, TaskContract } from '@/lib/validations/schema-issues';

function Outline({ schema, label }: { schema: JsonSchema; label: string }) {
  const lines = outlineOf(schema).slice(1); // the root is the object itself
  return (
    <div>
      <p className="text-xs font-medium text-zinc-500">{label}</p>
      {lines.length === 0 ? (
        <p className="mt-0.5 text-xs text-zinc-500">{outlineOf(schema)[0]?.type}</p>
      ) : (
        <ul className="mt-0.5 font-mono text-xs text-zinc-800" aria-label={label}>
          {lines.map((line, i) => (
            <li key={i} style={{ paddingLeft: `${(line.depth - 1) * 1.25}rem` }}>
              <span className="font-semibold">{line.key}</span>
              {line.optional ? <span className="text-zinc-500">?</span> : null}
              <span className="ml-2 text-zinc-600">{line.type}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/**
 * A task's declared kwargs and result shapes, folded by default (`?` marks an optional key).
 * Says so when the task declares none; renders nothing when the contract is unknown.
 */
export function DeclaredShapes({ task, contract }: { task: string; contract: TaskContract | null | undefined }) {
  if (!contract) return null;
  const declared = contract.kwargs !== null || contract.result !== null;
  return (
    <details className="mt-2 rounded-md border border-zinc-200 bg-zinc-50 px-3 py-2 text-sm" data-testid="declared-shapes">
      <summary className="cursor-pointer text-xs font-medium text-zinc-700">
        {declared ? `Declared shapes of ${task}` : `${task} declares no kwargs or result shape`}
      </summary>
      {declared ? (
        <div className="mt-2 grid gap-3 sm:grid-cols-2">
          {contract.kwargs ? <Outline schema={contract.kwargs} label="kwargs (by trigger)" /> : <p className="text-xs text-zinc-500">kwargs: not declared</p>}
          {contract.result ? <Outline schema={contract.result} label="result" /> : <p className="text-xs text-zinc-500">result: not declared</p>}
        </div>
      ) : (
        <p className="mt-1 text-xs text-zinc-500">Its handler takes and returns any JSON object; nothing is checked before a replay.</p>
      )}
    </details>
  );
}
