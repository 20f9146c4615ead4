import Link from 'next/link';
import { Section } from '@/components/session/section';
import { EmptyNote } from '@/components/ui/empty-state';
import type { AuditHistory } from '@/lib/audit/view';
import { AuditTable } from './audit-table';
import { auditHref } from '@/lib/audit/url';

const moreLink = 'text-sm font-medium text-zinc-700 underline decoration-zinc-300 underline-offset-4 hover:text-zinc-900 hover:decoration-zinc-900';

/**
 * "Changes": the latest changes made (dashboard, HTTP API, command line) to a session, or to one instance of it when
 * `instance` is given, with links to the full list on the audit page.
 */
export function AuditHistorySection({ uid, instance, history, now }: { uid: string; instance?: string; history: AuditHistory; now: Date }) {
  const subject = instance === undefined ? 'session' : 'instance';
  return (
    <Section
      id="changes"
      title="Changes"
      testId="audit-history"
      description={`Every change made to this ${subject} from the dashboard, the HTTP API and the command line, newest first.`}
      actions={
        <div className="flex flex-wrap gap-4">
          {instance !== undefined ? (
            <Link href={auditHref({ session: uid, instance })} className={moreLink}>
              All changes to this instance →
            </Link>
          ) : null}
          <Link href={auditHref({ session: uid })} className={moreLink}>
            All changes to this session →
          </Link>
        </div>
      }
    >
      <AuditTable
        rows={history.rows}
        now={now}
        caption={`Changes made to this ${subject} from the dashboard, the HTTP API and the command line, newest first`}
        empty={<EmptyNote testId="audit-history-empty">No one has changed this {subject} yet.</EmptyNote>}
      />
      {history.hasMore ? (
        <p className="mt-2 text-sm text-zinc-600">
          Only the latest {history.rows.length} are shown.{' '}
          <Link href={auditHref({ session: uid, instance })} className={moreLink}>
            See them all in the audit log
          </Link>
        </p>
      ) : null}
    </Section>
  );
}
