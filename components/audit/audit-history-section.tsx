import Link from 'next/link';
import type { ViewerPrivacy } from '@/lib/auth/payloads';
import { getAuditHistory } from '@/lib/audit/view';
import { AuditTable } from './audit-table';
import { auditHref } from '@/lib/audit/url';

const moreLink = 'text-sm font-medium text-zinc-700 underline decoration-zinc-300 underline-offset-4 hover:text-zinc-900 hover:decoration-zinc-900';

/**
 * The latest changes made from the dashboard to a session, or to one instance of it when
 * `instance` is given, with links to the full list on the audit page.
 */
export async function AuditHistorySection({ uid, instance, privacy }: { uid: string; instance?: string; privacy: ViewerPrivacy }) {
  const now = new Date();
  const history = await getAuditHistory(uid, instance, privacy);
  const subject = instance === undefined ? 'session' : 'instance';
  return (
    <section id="history" aria-labelledby="history-heading" className="mt-10 scroll-mt-4" data-testid="audit-history">
      <div className="mb-3 flex flex-wrap items-end justify-between gap-2 border-b border-zinc-200 pb-2">
        <div>
          <h2 id="history-heading" className="text-lg font-semibold tracking-tight text-zinc-900">
            History
          </h2>
          <p className="mt-0.5 max-w-3xl text-sm text-zinc-600">
            Every change made to this {subject} from the dashboard, newest first.
          </p>
        </div>
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
      </div>
      {history.rows.length === 0 ? (
        <p className="rounded-lg border border-dashed border-zinc-300 bg-white px-4 py-6 text-center text-sm text-zinc-600" data-testid="audit-history-empty">
          No one has changed this {subject} from the dashboard yet.
        </p>
      ) : (
        <>
          <AuditTable rows={history.rows} now={now} caption={`Changes made to this ${subject} from the dashboard, newest first`} />
          {history.hasMore ? (
            <p className="mt-2 text-sm text-zinc-600">
              Only the latest {history.rows.length} are shown.{' '}
              <Link href={auditHref({ session: uid, instance })} className={moreLink}>
                See them all in the audit log
              </Link>
            </p>
          ) : null}
        </>
      )}
    </section>
  );
}
