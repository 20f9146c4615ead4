import type { InputHTMLAttributes, ReactNode } from 'react';

/** The look of the GET filter forms (failed inbox, audit log, timeline): one place for all. */
export const filterControl =
  'mt-1 h-9 rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm text-zinc-900 focus:border-zinc-500 focus:outline-none focus:ring-2 focus:ring-zinc-200';

/** A labelled field of a filter form; the label points at the control with id `id`. */
export function FilterField({ id, label, children }: { id: string; label: string; children: ReactNode }) {
  return (
    <div>
      <label htmlFor={id} className="block text-xs font-medium text-zinc-600">
        {label}
      </label>
      {children}
    </div>
  );
}

/** A free-text filter (a uid, an instance name): monospace, no autocomplete or spell check. */
export function FilterSearchInput({ className = 'w-56', ...props }: InputHTMLAttributes<HTMLInputElement> & { id: string; name: string }) {
  return (
    <input
      type="search"
      autoComplete="off"
      spellCheck={false}
      maxLength={200}
      {...props}
      className={`${filterControl} ${className} max-w-full font-mono placeholder:font-sans placeholder:text-zinc-400`}
    />
  );
}

export function ApplyFiltersButton({ children = 'Apply filters' }: { children?: ReactNode }) {
  return (
    <button
      type="submit"
      className="h-9 rounded-md bg-zinc-900 px-3 text-sm font-medium text-white hover:bg-zinc-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-zinc-400"
    >
      {children}
    </button>
  );
}
