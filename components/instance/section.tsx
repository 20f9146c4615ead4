import type { ReactNode } from 'react';
import { Card } from '@/components/ui/card';

/** A titled card of the instance page. */
export function Section({
  title,
  description,
  actions,
  children,
  id,
  className = '',
}: {
  title: string;
  description?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  id?: string;
  className?: string;
}) {
  const headingId = id ? `${id}-heading` : undefined;
  return (
    <Card className={className}>
      <section id={id} aria-labelledby={headingId} aria-label={headingId ? undefined : title}>
        <header className="flex flex-wrap items-start justify-between gap-2 border-b border-zinc-100 px-4 py-3">
          <div>
            <h2 id={headingId} className="text-sm font-semibold text-zinc-900">
              {title}
            </h2>
            {description ? <p className="mt-0.5 text-xs text-zinc-500">{description}</p> : null}
          </div>
          {actions}
        </header>
        <div className="px-4 py-4">{children}</div>
      </section>
    </Card>
  );
}
