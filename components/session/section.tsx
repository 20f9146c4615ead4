import type { ReactNode } from 'react';

/** A titled section of the session page with an id to link to (clear of the sticky section navigation). */
export function Section({
  id,
  title,
  description,
  children,
  actions,
  testId,
}: {
  id: string;
  title: string;
  description?: ReactNode;
  children: ReactNode;
  actions?: ReactNode;
  testId?: string;
}) {
  return (
    <section id={id} aria-labelledby={`${id}-heading`} className="mt-10 scroll-mt-28" data-testid={testId}>
      <div className="mb-3 flex flex-wrap items-end justify-between gap-2 border-b border-zinc-200 pb-2">
        <div>
          <h2 id={`${id}-heading`} className="text-lg font-semibold tracking-tight text-zinc-900">
            {title}
          </h2>
          {description ? <p className="mt-0.5 max-w-3xl text-sm text-zinc-600">{description}</p> : null}
        </div>
        {actions}
      </div>
      {children}
    </section>
  );
}
