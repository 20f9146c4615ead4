import type { ChangeEvent, ReactNode } from 'react';

export const inputClass =
  'block w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm text-zinc-900 shadow-sm focus:border-zinc-500 focus:outline-none focus:ring-2 focus:ring-zinc-300 aria-[invalid=true]:border-red-400';

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

/** The form-level outcome of an action: what it did, or why nothing changed. */
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

/**
 * The attributes that tie a field's control (`id`) to its hint and errors: invalid while it has
 * errors, described by whichever of them is shown. Spread them on the input, select or textarea.
 */
export function fieldControl(id: string, { hint = false, errors }: { hint?: boolean; errors?: readonly string[] | null }) {
  const invalid = (errors?.length ?? 0) > 0;
  const describedBy = [hint ? `${id}-hint` : null, invalid ? `${id}-error` : null].filter(Boolean).join(' ');
  return { id, 'aria-invalid': invalid ? true : undefined, 'aria-describedby': describedBy || undefined } as const;
}

/**
 * A labelled field: the label, the control (`children`, given `fieldControl(id, …)`), a hint
 * (`${id}-hint`) and the field's errors from the server (`${id}-error`).
 */
export function Field({
  id,
  label,
  hint,
  errors,
  children,
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  errors?: readonly string[] | null;
  children: ReactNode;
}) {
  return (
    <div>
      <label htmlFor={id} className="text-sm font-medium text-zinc-900">
        {label}
      </label>
      {children}
      {hint ? (
        <p id={`${id}-hint`} className="mt-1 text-xs text-zinc-500" data-testid={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <FieldError id={`${id}-error`} messages={errors} />
    </div>
  );
}

/** One option of a radio group, or a checkbox, with its title and what choosing it does. */
export function Choice({
  type = 'radio',
  title,
  detail,
  className = 'flex items-start gap-2 text-sm',
  ...input
}: {
  type?: 'radio' | 'checkbox';
  title: ReactNode;
  detail: ReactNode;
  className?: string;
  name: string;
  value?: string;
  checked: boolean;
  onChange: (event: ChangeEvent<HTMLInputElement>) => void;
  disabled?: boolean;
}) {
  return (
    <label className={className}>
      <input type={type} {...input} className="mt-0.5" />
      <span>
        <span className="font-medium text-zinc-900">{title}</span>
        <span className="block text-xs text-zinc-600">{detail}</span>
      </span>
    </label>
  );
}
