import Link from 'next/link';
import type { InputHTMLAttributes, ReactNode } from 'react';

/** The look of the GET filter forms (failed inbox, audit log, timeline, sessions): one place for all. */
export const filterControl =
  'mt-1 h-9 rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm text-zinc-900 focus:border-zinc-500 focus:outline-none focus:ring-2 focus:ring-zinc-200';

/** A labelled field of a filter form; the label points at the control with id `id`. */
export function FilterField({ id, label, children }: { id: string; label: ReactNode; children: ReactNode }) {
  return (
    <div>
      <label htmlFor={id} className="block text-xs font-medium text-zinc-600">
        {label}
      </label>
      {children}
    </div>
  );
}

/** A labelled free-text filter (a uid, an instance name): monospace, no autocomplete or spell check. */
export function FilterSearchInput({
  label,
  className = 'w-56',
  ...props
}: InputHTMLAttributes<HTMLInputElement> & { id: string; name: string; label: ReactNode }) {
  return (
    <FilterField id={props.id} label={label}>
      <input
        type="search"
        autoComplete="off"
        spellCheck={false}
        maxLength={200}
        {...props}
        className={`${filterControl} ${className} max-w-full font-mono placeholder:font-sans placeholder:text-zinc-500`}
      />
    </FilterField>
  );
}

/** A labelled select of a filter form: "any" first, then the options (a value from an older link included). */
export function FilterSelect({
  id,
  label,
  name,
  value,
  anyLabel,
  options,
  labels,
  className = '',
}: {
  id: string;
  label: ReactNode;
  name: string;
  value: string | undefined;
  /** The first option, which sets no filter (omit when there is always a value, e.g. an order). */
  anyLabel?: string;
  options: readonly (string | { value: string; label: string })[];
  /** The words for each value, where they are not the value itself. */
  labels?: Readonly<Record<string, string>>;
  className?: string;
}) {
  return (
    <FilterField id={id} label={label}>
      <select id={id} name={name} defaultValue={value ?? ''} className={className ? `${filterControl} ${className}` : filterControl}>
        {anyLabel !== undefined ? <option value="">{anyLabel}</option> : null}
        {options.map((option) => {
          const { value: optionValue, label: text } = typeof option === 'string' ? { value: option, label: labels?.[option] ?? option } : option;
          return (
            <option key={optionValue} value={optionValue}>
              {text}
            </option>
          );
        })}
      </select>
    </FilterField>
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

/** "Clear filters": back to the unfiltered list. */
export function ClearFiltersLink({ href, children = 'Clear filters' }: { href: string; children?: ReactNode }) {
  return (
    <Link href={href} className="self-center text-sm text-zinc-600 underline underline-offset-4 hover:text-zinc-900">
      {children}
    </Link>
  );
}

/**
 * A filter bar: a plain GET form (a filtered list is a URL to paste into a ticket) with its
 * fields, the page's other state as hidden fields, the submit button and "Clear filters" when a
 * filter is set. Give it a `key` that changes with the URL: its fields are uncontrolled, and a
 * link ("Clear filters") would otherwise leave their old values on screen.
 */
export function FilterBar({
  label,
  action,
  hidden = [],
  submitLabel = 'Apply filters',
  clearHref,
  clearLabel,
  className = 'mb-4',
  testId,
  children,
}: {
  /** The form's accessible name (role `search`). */
  label?: string;
  action: string;
  /** State to keep (a page size, a view, the page's other params); undefined values are left out. */
  hidden?: readonly (readonly [string, string | number | undefined])[];
  submitLabel?: string;
  /** Shown when a filter is set. */
  clearHref?: string | null;
  clearLabel?: string;
  className?: string;
  testId?: string;
  children: ReactNode;
}) {
  return (
    <form role="search" aria-label={label} action={action} method="get" className={`${className} flex flex-wrap items-end gap-3`.trim()} data-testid={testId}>
      {hidden.map(([name, value], i) =>
        value === undefined ? null : <input key={`${name}\u0000${i}`} type="hidden" name={name} value={value} />,
      )}
      {children}
      <ApplyFiltersButton>{submitLabel}</ApplyFiltersButton>
      {clearHref ? <ClearFiltersLink href={clearHref}>{clearLabel}</ClearFiltersLink> : null}
    </form>
  );
}
