import type { ReactNode } from 'react';

/**
 * A bordered panel saying plainly why there is nothing to show and what will appear. `page`: it
 * is the whole page (a refusal), so its title is the page's h1.
 */
export function EmptyState({ title, children, page = false }: { title: string; children?: ReactNode; page?: boolean }) {
  const Heading = page ? 'h1' : 'h2';
  return (
    <div className="rounded-lg border border-dashed border-zinc-300 bg-white px-6 py-12 text-center">
      <span aria-hidden className="mx-auto mb-3 grid size-10 place-items-center rounded-full bg-zinc-100 text-zinc-400">
        <svg viewBox="0 0 20 20" fill="currentColor" className="size-5">
          <path d="M3 4.75A1.75 1.75 0 0 1 4.75 3h10.5A1.75 1.75 0 0 1 17 4.75v10.5A1.75 1.75 0 0 1 15.25 17H4.75A1.75 1.75 0 0 1 3 15.25V4.75Zm1.5 0v6.5h2.69a.75.75 0 0 1 .67.41l.58 1.17h3.12l.58-1.17a.75.75 0 0 1 .67-.41h2.69v-6.5a.25.25 0 0 0-.25-.25H4.75a.25.25 0 0 0-.25.25Z" />
        </svg>
      </span>
      <Heading className={page ? 'text-base font-semibold text-zinc-900' : 'text-sm font-semibold text-zinc-900'}>{title}</Heading>
      {children ? <div className="mx-auto mt-2 max-w-xl text-sm text-zinc-600">{children}</div> : null}
    </div>
  );
}

/** The small form of it, inside a section of a page: one sentence in a dashed box. */
export function EmptyNote({ testId, children }: { testId?: string; children: ReactNode }) {
  return (
    <p className="rounded-lg border border-dashed border-zinc-300 bg-white px-4 py-6 text-center text-sm text-zinc-600" data-testid={testId}>
      {children}
    </p>
  );
}
