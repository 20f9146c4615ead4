import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { Timeline } from '@/components/journal/timeline';
import { decodeRouteParam, hasNul } from '@/lib/http/route-params';
import { historyHref, sessionHref } from '@/lib/routes';
import { JsonTree } from '@/components/session/json-tree';
import { Card } from '@/components/ui/card';
import { PageHeader } from '@/components/ui/page-header';
import { privacyFor, type ViewerPrivacy } from '@/lib/auth/payloads';
import { currentUser, requirePageUser } from '@/lib/auth/session';
import { InvalidCursorError } from '@/lib/db/queries/cursor';
import {
  diffJson,
  getSessionSnapshotAt,
  getSessionTimeline,
  SnapshotUnavailableError,
  type DiffEntry,
  type SnapshotAt,
  type TimelineEvent,
} from '@/lib/journal';

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

/** Event `seq` itself (for its sentence), when it is still in the journal. */
async function loadEvent(uid: string, seq: number, privacy: ViewerPrivacy): Promise<TimelineEvent | null> {
  if (seq < 1) return null;
  try {
    const page = await getSessionTimeline(uid, privacy, {}, { order: 'asc', cursor: String(seq - 1), limit: 1 });
    const event = page?.events[0];
    return event?.seq === seq ? event : null;
  } catch (error) {
    if (error instanceof InvalidCursorError) return null; // shown without its sentence
    throw error;
  }
}

const box = 'rounded-md border px-3 py-2 text-sm';
const link = 'font-medium text-zinc-900 underline decoration-zinc-300 underline-offset-4 hover:decoration-zinc-900';
const navLink = 'rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm font-medium text-zinc-700 hover:bg-zinc-50';
const label = 'block text-xs font-medium text-zinc-600';
const control =
  'mt-1 h-9 w-32 rounded-md border border-zinc-300 bg-white px-3 py-1.5 font-mono text-sm text-zinc-900 focus:border-zinc-500 focus:outline-none focus:ring-2 focus:ring-zinc-200';

/** A JSON value in a diff: inline when short, collapsed (pretty-printed) when long. Text only. */
function DiffValue({ value }: { value: unknown }) {
  const json = JSON.stringify(value) ?? 'undefined';
  if (json.length <= 120) return <code className="break-all font-mono text-xs">{json}</code>;
  return (
    <details className="inline-block max-w-full align-top">
      <summary className="cursor-pointer break-all font-mono text-xs">{json.slice(0, 80)}…</summary>
      <pre className="mt-1 max-h-80 overflow-auto whitespace-pre-wrap break-all rounded border border-zinc-200 bg-white p-2 font-mono text-xs text-zinc-800">
        {JSON.stringify(value, null, 2)}
      </pre>
    </details>
  );
}

const ENTRY_STYLES: Record<DiffEntry['kind'], { row: string; badge: string; label: string }> = {
  added: { row: 'bg-emerald-50/60', badge: 'bg-emerald-100 text-emerald-900 ring-emerald-300', label: '+ added' },
  removed: { row: 'bg-red-50/60', badge: 'bg-red-100 text-red-900 ring-red-300', label: '− removed' },
  changed: { row: '', badge: 'bg-zinc-100 text-zinc-700 ring-zinc-300', label: '~ changed' },
};

function DiffList({ entries }: { entries: DiffEntry[] }) {
  return (
    <Card>
      <ul className="divide-y divide-zinc-100 text-sm">
        {entries.map((entry, i) => {
          const style = ENTRY_STYLES[entry.kind];
          return (
            <li key={`${entry.path}\u0000${i}`} className={`px-4 py-2 ${style.row}`} data-testid="history-diff-entry" data-kind={entry.kind}>
              <div className="flex flex-wrap items-baseline gap-x-2 gap-y-1">
                <span className={`inline-flex whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${style.badge}`}>{style.label}</span>
                <code className="break-all font-mono text-[13px] font-medium text-zinc-900">{entry.path}</code>
              </div>
              <div className="mt-1 pl-1">
                {entry.kind === 'added' ? (
                  <span className="text-emerald-800">
                    <DiffValue value={entry.after} />
                  </span>
                ) : entry.kind === 'removed' ? (
                  <span className="text-red-800 line-through decoration-red-300">
                    <DiffValue value={entry.before} />
                  </span>
                ) : (
                  <span className="flex flex-wrap items-baseline gap-x-2">
                    <span className="text-red-800">
                      <DiffValue value={entry.before} />
                    </span>
                    <span aria-label="became" className="text-zinc-400">
                      →
                    </span>
                    <span className="text-emerald-800">
                      <DiffValue value={entry.after} />
                    </span>
                  </span>
                )}
              </div>
            </li>
          );
        })}
      </ul>
    </Card>
  );
}

/** Where the snapshot was rebuilt from, in small text. */
function Provenance({ snapshot }: { snapshot: SnapshotAt }) {
  const events = `${snapshot.replayed} ${snapshot.replayed === 1 ? 'event' : 'events'}`;
  return (
    <p className="mt-2 text-xs text-zinc-500" data-testid="history-provenance">
      {snapshot.fromCheckpoint !== null ? `Rebuilt from checkpoint #${snapshot.fromCheckpoint} + ${events}.` : `Rebuilt from the start of the journal: ${events} replayed.`}
    </p>
  );
}

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
        at === lastSeq && latest.events[0]?.seq === at ? Promise.resolve(latest.events[0]) : loadEvent(uid, at, privacy),
      ]);
  const now = new Date();

  // Comparing with the previous event ("what this event changed") moves along with prev/next.
  const relative = compare !== undefined && compare === at - 1;
  const step = (seq: number) => historyHref(uid, seq, relative ? (seq - 1 >= firstSeq ? seq - 1 : undefined) : compare);
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

      <Card className="mb-6 px-4 py-3">
        <form method="get" action={`${sessionHref(uid)}/history`} className="flex flex-wrap items-end gap-3" aria-label="Pick an event" data-testid="history-picker">
          <div>
            <label htmlFor="history-at" className={label}>
              State after event #
            </label>
            <input
              id="history-at"
              name="at"
              type="number"
              inputMode="numeric"
              min={firstSeq}
              max={lastSeq}
              step={1}
              defaultValue={atParam.invalid ?? at}
              className={control}
            />
          </div>
          <div>
            <label htmlFor="history-compare" className={label}>
              Compare with event # <span className="font-normal text-zinc-400">(optional)</span>
            </label>
            <input
              id="history-compare"
              name="compare"
              type="number"
              inputMode="numeric"
              min={firstSeq}
              max={lastSeq}
              step={1}
              defaultValue={compareParam.invalid ?? compare ?? ''}
              className={control}
            />
          </div>
          <button
            type="submit"
            className="h-9 rounded-md bg-zinc-900 px-3 text-sm font-medium text-white hover:bg-zinc-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-zinc-400"
          >
            Show
          </button>
          <p className="self-center text-xs text-zinc-500">
            {firstSeq === 0
              ? `Events 1 to ${lastSeq}; #0 is before anything happened.`
              : `Events ${firstSeq} to ${lastSeq}: events up to #${firstSeq} were removed by retention, the state after #${firstSeq} is kept.`}
          </p>
        </form>
        {atParam.invalid === undefined ? (
          <nav aria-label="Events" className="mt-3 flex flex-wrap items-center gap-2">
            {at - 1 >= firstSeq && at - 1 <= lastSeq ? (
              <Link href={step(at - 1)} className={navLink} data-testid="history-prev">
                ← Event #{at - 1}
              </Link>
            ) : null}
            {at + 1 <= lastSeq && at + 1 >= firstSeq ? (
              <Link href={step(at + 1)} className={navLink} data-testid="history-next">
                Event #{at + 1} →
              </Link>
            ) : null}
            {at !== lastSeq ? (
              <Link href={historyHref(uid, lastSeq)} className={navLink}>
                Latest (#{lastSeq})
              </Link>
            ) : null}
            {at >= 1 && at - 1 >= firstSeq && current?.snapshot && compare !== at - 1 ? (
              <Link href={historyHref(uid, at, at - 1)} className={navLink}>
                What event #{at} changed
              </Link>
            ) : null}
            {at !== lastSeq && current?.snapshot && compare !== lastSeq ? (
              <Link href={historyHref(uid, at, lastSeq)} className={navLink}>
                Compare with the latest
              </Link>
            ) : null}
            {compare !== undefined ? (
              <Link href={historyHref(uid, at)} className="text-sm text-zinc-600 underline underline-offset-4 hover:text-zinc-900">
                Stop comparing
              </Link>
            ) : null}
          </nav>
        ) : null}
      </Card>

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
                Changes from #{lo} to #{hi}
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
                    {diff.entries.length} {diff.entries.length === 1 ? 'difference' : 'differences'}
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
