import type { FormState } from '@/lib/actions/run-action';

/**
 * The outcome of one row control, small enough for a table cell: what changed, or why nothing
 * did (each field error, else the form's message).
 */
export function ControlMessage({ id, state }: { id: string; state: FormState }) {
  if (!state) return null;
  if (state.ok) {
    return (
      <p id={id} role="status" className="mt-1 text-xs text-emerald-700">
        {state.message}
      </p>
    );
  }
  const messages = state.fieldErrors ? Object.values(state.fieldErrors).flat() : [state.message];
  return (
    <div id={id} role="alert" className="mt-1 space-y-0.5 text-xs text-red-700">
      {messages.map((message) => (
        <p key={message}>{message}</p>
      ))}
    </div>
  );
}
