import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { Timeline } from '@/components/journal/timeline';
import { decodeRouteParam, hasNul } from '@/lib/http/route-params';
import { historyHref, sessionHref } from '@/lib/routes';
import { JsonTree } from '@/components/session/json-tree';
import { HistoryPicker } from '@/components/journal/history-picker';
import { DiffList, Provenance } from '@/components/journal/snapshot-diff';
import { PageHeader } from '@/components/ui/page-header';
import { privacyFor, type ViewerPrivacy } from '@/lib/auth/payloads';
import { currentUser, requirePageUser } from '@/lib/auth/session';
import {
  diffJson,
  getSessionSnapshotAt,
  getSessionTimeline,
  SnapshotUnavailableError,
  type SnapshotAt,
} from '@/lib/journal';
import { getSessionEvent } from '@/lib/journal/timeline-page';
import { plural } from '@/lib/format';

type Params = Promise<{ uid: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** At most this many differences are listed. */
const DIFF_LIMIT = 500;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const uid = decodeRouteParam((await params).uid);
  if (!(await currentUser())) return { title: 'Sign in' }; // nothing about the session before sign-in
  return { title: `History of ${uid}`, robots: { index: false } };
}

const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value)?.trim() || undefined;

/** An event number from the URL: absent, a whole number, or text that is not one. */
function parseSeq(value: string | undefined): { seq?: number; invalid?: string } {
  if (value === undefined) return {};
  return /^\d{1,9}$/.test(value) ? { seq: Number(value) } : { invalid: value };
}

type Loaded = { snapshot: SnapshotAt; error?: undefined } | { snapshot?: undefined; error: string };

/** The session right after `seq`, or why it cannot be shown (out of range, pruned). */
async function loadSnapshot(uid: string, seq: number, privacy: ViewerPrivacy): Promise<Loaded> {
  try {
    const snapshot = await getSessionSnapshotAt(uid, seq, privacy);
    return snapshot ? { snapshot } : { error: 'This session no longer exists.' };
  } catch (error) {
    if (error instanceof SnapshotUnavailableError) return { error: error.message };
    throw error;
  }
}

const box = 'rounded-md border px-3 py-2 text-sm';
const link = 'font-medium text-zinc-900 underline decoration-zinc-300 underline-offset-4 hover:decoration-zinc-900';

export default async function HistoryPage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  await connection(); // reads the database: render per request
  const uid = decodeRouteParam((await params).uid);
  const query = await searchParams;
  const atParam = parseSeq(single(query.at));
  const compareParam = parseSeq(single(query.compare));
  const self = new URLSearchParams();
  if (atParam.seq !== undefined) self.set('at', String(atParam.seq));
  if (compareParam.seq !== undefined) self.set('compare', String(compareParam.seq));
  const privacy = privacyFor(await requirePageUser('read', `${sessionHref(uid)}/history${self.toString() ? `?${self}` : ''}`));
  if (hasNul(uid)) notFound(); // PostgreSQL text cannot hold NUL: no such session

  const latest = await getSessionTimeline(uid, privacy, {}, { order: 'desc', limit: 1 });
  if (!latest) notFound();
  const lastSeq = latest.lastSeq;
  // The earliest state that can be shown: before anything (0), or the checkpoint kept by retention.
  const firstSeq = latest.prunedBefore !== null ? latest.prunedBefore - 1 : 0;
  const at = atParam.seq ?? lastSeq;
  const compare = compareParam.seq;

  const [current, other, event] = atParam.invalid !== undefined
    ? [null, null, null]
    : await Promise.all([
        loadSnapshot(uid, at, privacy),
        compare !== undefined && compare !== at ? loadSnapshot(uid, compare, privacy) : Promise.resolve(null),
        at === lastSeq && latest.events[0]?.seq === at ? Promise.resolve(latest.events[0]) : getSessionEvent(uid, at, privacy),
      ]);
  const now = new Date();

  const lo = compare !== undefined ? Math.min(compare, at) : at;
  const hi = compare !== undefined ? Math.max(compare, at) : at;
  let diff: ReturnType<typeof diffJson> | null = null;
  if (current?.snapshot && compare !== undefined) {
    if (compare === at) diff = { entries: [], truncated: false };
    else if (other?.snapshot) {
      const [before, after] = compare < at ? [other.snapshot.repr, current.snapshot.repr] : [current.snapshot.repr, other.snapshot.repr];
      diff = diffJson(before, after, DIFF_LIMIT);
    }
  }
  const snapshotJson = current?.snapshot ? JSON.stringify(current.snapshot.repr, null, 2) : null;

  return (
    <>
      <p className="mb-3 text-sm">
        <Link href={sessionHref(uid)} className="text-zinc-600 underline decoration-zinc-300 underline-offset-4 hover:text-zinc-900">
          ← Back to session <span className="font-mono">{uid}</span>
        </Link>
      </p>
      <PageHeader
        title={`History of ${uid}`}
        description="The session exactly as it was right after any event of its journal, rebuilt from the journal. Compare two events to see what changed between them."
        actions={
          <Link href={`${sessionHref(uid)}#timeline`} className="text-sm font-medium text-zinc-700 underline decoration-zinc-300 underline-offset-4 hover:text-zinc-900">
            Timeline of the session →
          </Link>
        }
      />

      <HistoryPicker
        uid={uid}
        firstSeq={firstSeq}
        lastSeq={lastSeq}
        at={at}
        compare={compare}
        invalidAt={atParam.invalid}
        invalidCompare={compareParam.invalid}
        hasSnapshot={Boolean(current?.snapshot)}
      />

      {atParam.invalid !== undefined ? (
        <p role="alert" className={`${box} border-red-200 bg-red-50 text-red-900`} data-testid="history-error">
          “{atParam.invalid}” is not an event number: pick a whole number from {firstSeq} to {lastSeq}.{' '}
          <Link href={historyHref(uid, lastSeq)} className={link}>
            Show the latest state
          </Link>
        </p>
      ) : current?.error !== undefined ? (
        <p role="alert" className={`${box} border-red-200 bg-red-50 text-red-900`} data-testid="history-error">
          {current.error}{' '}
          <Link href={historyHref(uid, lastSeq)} className={link}>
            Show the latest state
          </Link>
        </p>
      ) : current?.snapshot ? (
        <>
          {compare !== undefined ? (
            <section aria-labelledby="history-diff-heading" className="mb-8" data-testid="history-diff">
              <h2 id="history-diff-heading" className="mb-1 text-lg font-semibold tracking-tight text-zinc-900">
                Differences from #{lo} to #{hi}
              </h2>
              <p className="mb-3 text-sm text-zinc-600">
                What differs between the session right after event #{lo} and right after event #{hi}: green was added, red removed, and a changed value shows
                before → after.
              </p>
              {compareParam.invalid !== undefined ? (
                <p role="alert" className={`${box} border-red-200 bg-red-50 text-red-900`}>
                  “{compareParam.invalid}” is not an event number to compare with.
                </p>
              ) : other?.error !== undefined ? (
                <p role="alert" className={`${box} border-red-200 bg-red-50 text-red-900`} data-testid="history-diff-error">
                  Cannot compare with event #{compare}: {other.error}
                </p>
              ) : diff && diff.entries.length === 0 ? (
                <p className={`${box} border-zinc-200 bg-white text-zinc-700`} data-testid="history-diff-none">
                  No differences: the session was the same after #{lo} and after #{hi}.
                </p>
              ) : diff ? (
                <>
                  <p className="mb-2 text-sm text-zinc-600" data-testid="history-diff-summary">
                    {plural(diff.entries.length, 'difference')}
                    {diff.truncated ? ` shown: there are more, only the first ${DIFF_LIMIT} are listed.` : '.'}
                  </p>
                  <DiffList entries={diff.entries} />
                  {diff.truncated ? (
                    <p role="note" className={`mt-2 ${box} border-amber-200 bg-amber-50 text-amber-900`} data-testid="history-diff-truncated">
                      The list stops at {DIFF_LIMIT} differences. Compare events closer together to see the rest.
                    </p>
                  ) : null}
                </>
              ) : null}
            </section>
          ) : null}

          <section aria-labelledby="history-snapshot-heading" data-testid="history-snapshot" data-seq={current.snapshot.seq}>
            <h2 id="history-snapshot-heading" className="mb-1 text-lg font-semibold tracking-tight text-zinc-900">
              {at === 0 ? 'Before anything happened (#0)' : `State right after event #${at}`}
            </h2>
            {at === 0 ? (
              <p className="mb-3 text-sm text-zinc-600">The session had no task, no instance and no fired trigger yet.</p>
            ) : event ? (
              <div className="mb-3">
                <Timeline uid={uid} events={[event]} now={now} showStateLink={false} caption={`Event #${at}`} />
              </div>
            ) : (
              <p className="mb-3 text-sm text-zinc-600">
                After event #{at}
                {current.snapshot.at ? (
                  <>
                    , on <time dateTime={current.snapshot.at}>{current.snapshot.at}</time>
                  </>
                ) : (
                  ' (the event itself was removed by retention; its state is kept as a checkpoint)'
                )}
                .
              </p>
            )}
            <JsonTree
              value={current.snapshot.repr}
              downloadHref={`data:application/json;charset=utf-8,${encodeURIComponent(snapshotJson ?? '')}`}
              downloadName={`${uid}-after-${at}.json`}
            />
            <Provenance snapshot={current.snapshot} />
          </section>
        </>
      ) : null}
    </>
  );
}
