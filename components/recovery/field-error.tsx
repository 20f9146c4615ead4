/** The errors of one field, under it (the field points here with aria-describedby). */
export function FieldError({ id, messages }: { id: string; messages?: readonly string[] | null }) {
  if (!messages || messages.length === 0) return null;
  return (
    <div id={id} role="alert" className="mt-1 space-y-0.5 text-sm text-red-700" data-testid={id}>
      {messages.map((message) => (
        <p key={message}>{message}</p>
      ))}
    </div>
  );
}

/** The form-level outcome of an action. */
export function FormMessage({ state }: { state: { ok: boolean; message: string } | null }) {
  if (!state) return null;
  return (
    <p
      role={state.ok ? 'status' : 'alert'}
      className={`rounded-md border px-3 py-2 text-sm ${state.ok ? 'border-emerald-200 bg-emerald-50 text-emerald-900' : 'border-red-200 bg-red-50 text-red-900'}`}
    >
      {state.message}
    </p>
  );
}

export const inputClass =
  'block w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm text-zinc-900 shadow-sm focus:border-zinc-500 focus:outline-none focus:ring-2 focus:ring-zinc-300 aria-[invalid=true]:border-red-400';

export const primaryButton =
  'inline-flex items-center gap-2 rounded-md bg-zinc-900 px-4 py-2 text-sm font-medium text-white shadow-sm hover:bg-zinc-700 disabled:cursor-not-allowed disabled:bg-zinc-400';

export const secondaryButton =
  'inline-flex items-center gap-2 rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm font-medium text-zinc-800 shadow-sm hover:bg-zinc-50 disabled:cursor-not-allowed disabled:opacity-50';
