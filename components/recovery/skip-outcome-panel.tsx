import Link from 'next/link';
import type { ReactNode } from 'react';
import { formatPreciseTime } from '@/components/instance/format';
import type { SkipOutcome } from '@/lib/recovery/skip-outcome';
import { instanceHref } from '@/lib/routes';

/**
 * What a skip did, on the skipped instance's page: "Skipped t_x#0. The cascade fired 't_x' and
 * scheduled: t_y#0, t_z#0", each scheduled instance linked. `children` go at the end of the panel
 * (further links, e.g. to the next failure).
 */
export function SkipOutcomePanel({ outcome, children }: { outcome: SkipOutcome; children?: ReactNode }) {
  const { uid, instance, fired, scheduled } = outcome;
  return (
    <section
      role="status"
      aria-label="What the skip did"
      data-testid="skip-outcome"
      className="space-y-1 rounded-md border border-emerald-200 bg-emerald-50 px-4 py-3 text-sm text-emerald-950"
    >
      <p>
        <strong>Skipped {instance}.</strong>{' '}
        {fired === null ? (
          <>Without cascade: the tasks waiting on it will not run for this session.</>
        ) : scheduled.length > 0 ? (
          <>
            The cascade fired <code className="font-mono">&apos;{fired}&apos;</code> and scheduled:{' '}
            {scheduled.map((name, i) => (
              <span key={name}>
                {i > 0 ? ', ' : null}
                <Link href={instanceHref(uid, name)} data-testid="skip-scheduled" className="font-mono text-emerald-900 underline underline-offset-2">
                  {name}
                </Link>
              </span>
            ))}
          </>
        ) : (
          <>
            The cascade fired <code className="font-mono">&apos;{fired}&apos;</code>; no instance became ready to run (the tasks waiting
            on it still wait for other triggers, or none waits).
          </>
        )}
      </p>
      <p className="text-xs text-emerald-800">
        By {outcome.by}, {formatPreciseTime(outcome.at)}.
      </p>
      {children}
    </section>
  );
}
