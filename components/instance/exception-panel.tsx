import Link from 'next/link';
import { StatusBadge } from '@/components/status-badge';
import type { InstanceMetadata, InstanceStatus } from '@/lib/triggers';
import { instanceHref } from '@/lib/routes';
import { SchemaIssueLinks } from '@/components/recovery/schema-issue-links';
import { issuesOf } from '@/lib/validations/schema-issues';
import { KeyValueTable } from './key-value-table';
import { StackTrace } from './stack-trace';

/** What became of a failed run. `replayedBy` says who replayed it: the handler's retry or a named user. */
function afterwards(status: InstanceStatus, replayedBy: string | null): string | null {
  if (status === 'replayed') return `This run failed. ${replayedBy ?? 'It was replayed.'} See the clone under Lineage.`;
  if (status === 'skipped') return 'This run failed; support skipped it.';
  return null;
}

/**
 * What went wrong, first: the exception's type and message in large type, then the stack trace
 * (framework frames folded) and the context the handler attached to the error.
 */
export function ExceptionPanel({
  metadata,
  status,
  replayedBy = null,
}: {
  metadata: InstanceMetadata;
  status: InstanceStatus;
  replayedBy?: string | null;
}) {
  const context = Object.entries(metadata.exceptionContext ?? {});
  const current = status === 'failed';
  // A kwargs schema failure carries its issues: listed by path, each opening the replay editor there.
  const schemaIssues = metadata.exceptionType === 'ValidationError' ? issuesOf(metadata.exceptionContext) : [];
  const after = afterwards(status, replayedBy);
  return (
    <section
      id="exception"
      aria-label="Exception"
      data-testid="exception"
      className={`overflow-hidden rounded-lg border shadow-xs ${current ? 'border-red-300 bg-white' : 'border-zinc-200 bg-white'}`}
    >
      <div className={`border-b px-4 py-4 ${current ? 'border-red-200 bg-red-50' : 'border-zinc-100 bg-zinc-50'}`}>
        <p className={`text-xs font-medium uppercase tracking-wide ${current ? 'text-red-700' : 'text-zinc-500'}`}>
          {current ? 'Failed with' : 'Earlier failure'}
        </p>
        <h2 data-testid="exception-type" className={`mt-1 break-all font-mono text-lg font-semibold ${current ? 'text-red-900' : 'text-zinc-900'}`}>
          {metadata.exceptionType ?? 'Unknown exception'}
        </h2>
        <p data-testid="exception-message" className={`mt-1 whitespace-pre-wrap break-words text-sm ${current ? 'text-red-900' : 'text-zinc-800'}`}>
          {metadata.exceptionMessage ? metadata.exceptionMessage : <span className="italic text-zinc-500">No message</span>}
        </p>
        {after ? (
          <p className="mt-2 text-xs text-zinc-600" data-testid="exception-afterwards">
            {after}
          </p>
        ) : null}
      </div>
      <div className="space-y-5 px-4 py-4">
        {metadata.exceptionInfo ? (
          <StackTrace trace={metadata.exceptionInfo} />
        ) : (
          <p className="text-sm text-zinc-500">No stack trace was recorded.</p>
        )}
        {schemaIssues.length > 0 ? <SchemaIssueLinks issues={schemaIssues} replayable={current} /> : null}
        <div>
          <h3 className="mb-1.5 text-sm font-semibold text-zinc-900">Exception context</h3>
          {context.length > 0 ? (
            <KeyValueTable entries={context} caption="Exception context" testId="exception-context" />
          ) : (
            <p className="text-sm text-zinc-500">The error carried no context.</p>
          )}
        </div>
      </div>
    </section>
  );
}

/**
 * At the top of a replayed or skipped instance: it failed, with what, and what became of it
 * (the full exception is further down the page).
 */
export function EarlierFailureNote({
  uid,
  status,
  metadata,
  latestClone,
  replayedBy = null,
}: {
  uid: string;
  status: InstanceStatus;
  metadata: InstanceMetadata;
  latestClone: { name: string; status: InstanceStatus } | null;
  /** Who replayed it, in a sentence: the handler's retry or a named user. */
  replayedBy?: string | null;
}) {
  return (
    <div className="rounded-lg border border-zinc-200 bg-white px-4 py-3 text-sm shadow-xs" data-testid="earlier-failure">
      <p className="text-zinc-700">
        This run failed with <span className="font-mono font-semibold text-red-800">{metadata.exceptionType ?? 'an exception'}</span>
        {metadata.exceptionMessage ? <>: <span className="text-zinc-900">{metadata.exceptionMessage}</span></> : null}
        {' '}
        <a href="#exception" className="whitespace-nowrap text-xs text-zinc-500 underline underline-offset-4">
          details below
        </a>
      </p>
      {status === 'replayed' && latestClone ? (
        <p className="mt-1.5 flex flex-wrap items-center gap-2 text-zinc-600" data-testid="replayed-by">
          {replayedBy ?? 'It was replayed.'} Latest clone:
          <Link href={instanceHref(uid, latestClone.name)} className="font-mono text-[13px] text-sky-800 underline underline-offset-4">
            {latestClone.name}
          </Link>
          <StatusBadge status={latestClone.status} />
        </p>
      ) : status === 'skipped' ? (
        <p className="mt-1.5 text-zinc-600">
          Support skipped it{metadata.cascade ? ' and cascaded a result to the tasks that wait on it' : ''}.
        </p>
      ) : null}
    </div>
  );
}
