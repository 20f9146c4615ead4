import Link from 'next/link';
import { KeysetPager } from '@/components/ui/keyset-pager';
import type { ViewerPrivacy } from '@/lib/auth/payloads';
import { InvalidCursorError } from '@/lib/db/queries/cursor';
import { getSessionTimeline, type Timeline as TimelineData, type TimelineFilter } from '@/lib/journal';
import { historyHref, instanceHref, journalExportHref, sessionHref } from '@/lib/routes';
import { Timeline } from './timeline';
import { TimelineFilters } from './timeline-filters';
import type { SearchParamsRecord } from '@/lib/http/search-params';
import { otherParams, parseTimelineSearch, timelineHref, type TimelineSearch } from '@/lib/journal/url';

/** Events per page. */
const PAGE_SIZE = 50;

const inlineLink = 'font-medium text-zinc-900 underline decoration-zinc-300 underline-offset-4 hover:decoration-zinc-900';
const emptyBox = 'rounded-lg border border-dashed border-zinc-300 bg-white px-4 py-6 text-center text-sm text-zinc-600';

const count = (n: number, capped = false) => `${n.toLocaleString('en-US')}${capped ? '+' : ''} ${n === 1 && !capped ? 'event' : 'events'}`;

export interface TimelineSectionProps {
  uid: string;
  /** The page's search params (awaited or not); the timeline reads only its own `tl_*` ones. */
  searchParams: SearchParamsRecord | Promise<SearchParamsRecord>;
  /** The session's task names (configuration order), for the task filter. */
  tasks: readonly string[];
  /** What the signed-in user may see (payloads hidden from viewers when so configured). */
  privacy: ViewerPrivacy;
  /** Show only this instance's events (the instance page): no filters then. */
  instance?: string;
  /** The section's data-testid (default `timeline`). */
  testId?: string;
}

/** One page of the timeline; an unusable cursor (an old or mangled link) falls back to the first page. */
async function load(
  uid: string,
  privacy: ViewerPrivacy,
  filter: TimelineFilter,
  search: TimelineSearch,
): Promise<{ timeline: TimelineData | null; cursorReset: boolean }> {
  // PostgreSQL text cannot hold NUL: no session, task or instance has one in its name.
  const nul = [uid, filter.task, filter.instance].some((value) => value?.includes('\u0000'));
  if (nul) {
    const bounds = uid.includes('\u0000') ? null : await getSessionTimeline(uid, privacy, {}, { limit: 1 });
    return { timeline: bounds && { ...bounds, events: [], nextCursor: null, total: 0, totalCapped: false }, cursorReset: false };
  }
  const options = { order: search.order, limit: PAGE_SIZE };
  try {
    return { timeline: await getSessionTimeline(uid, privacy, filter, { ...options, cursor: search.cursor }), cursorReset: false };
  } catch (error) {
    if (!(error instanceof InvalidCursorError)) throw error;
    return { timeline: await getSessionTimeline(uid, privacy, filter, options), cursorReset: true };
  }
}

/**
 * The session journal on the session page (every event, with filters), or one instance's slice
 * of it on the instance page: what happened, step by step, with links to the session as it was
 * after each event. Its URL state lives in `tl_*` search params.
 */
export async function TimelineSection({ uid, searchParams, tasks, privacy, instance, testId = 'timeline' }: TimelineSectionProps) {
  const query = await searchParams;
  const parsed = parseTimelineSearch(query);
  const fixed = instance !== undefined;
  // On the instance page the slice is fixed: only the order and the page come from the URL.
  const search: TimelineSearch = fixed ? { order: parsed.order, cursor: parsed.cursor } : parsed;
  const filter: TimelineFilter = fixed
    ? { instance }
    : { kinds: search.kind ? [search.kind] : undefined, task: search.task, instance: search.instance };
  const filtered = !fixed && Boolean(search.kind || search.task || search.instance);
  const basePath = fixed ? instanceHref(uid, instance) : sessionHref(uid);
  const { timeline, cursorReset } = await load(uid, privacy, filter, search);
  const now = new Date();
  const href = (changes: Parameters<typeof timelineHref>[3]) => timelineHref(basePath, query, search, changes);
  const firstPageHref = href({ cursor: null });
  const onLaterPage = Boolean(search.cursor) && !cursorReset;
  const subject = fixed ? 'this instance' : 'this session';

  return (
    <section id="timeline" aria-labelledby="timeline-heading" className="mt-10 scroll-mt-4" data-testid={testId}>
      <div className="mb-3 flex flex-wrap items-end justify-between gap-2 border-b border-zinc-200 pb-2">
        <div>
          <h2 id="timeline-heading" className="text-lg font-semibold tracking-tight text-zinc-900">
            Timeline
          </h2>
          <p className="mt-0.5 max-w-3xl text-sm text-zinc-600">
            {fixed
              ? 'Every engine step that changed this instance, from the session journal. Open the state after any event to see the whole session as it was then.'
              : 'Every engine step of this session, from its journal: configuration changes, firings, status changes, replays, skips and notes. Open the state after any event to see the session as it was then.'}
          </p>
        </div>
        {timeline ? (
          <a
            href={journalExportHref(uid)}
            download
            className="text-sm font-medium text-zinc-700 underline decoration-zinc-300 underline-offset-4 hover:text-zinc-900 hover:decoration-zinc-900"
            data-testid="timeline-export"
          >
            Export as JSON Lines
          </a>
        ) : null}
      </div>

      {!timeline ? (
        <p className={emptyBox} data-testid="timeline-empty">
          This session no longer exists, so it has no journal.
        </p>
      ) : (
        <>
          {timeline.prunedBefore !== null ? (
            <p role="note" className="mb-3 rounded-md border border-zinc-200 bg-zinc-50 px-3 py-2 text-sm text-zinc-700" data-testid="timeline-pruned">
              Events before #{timeline.prunedBefore} were removed by retention; the state at #{timeline.prunedBefore - 1} is kept as a checkpoint.{' '}
              <Link href={historyHref(uid, timeline.prunedBefore - 1)} className={inlineLink} prefetch={false}>
                See the state at #{timeline.prunedBefore - 1}
              </Link>
            </p>
          ) : null}

          {!fixed && timeline.lastSeq > 0 ? (
            <TimelineFilters
              action={basePath}
              search={search}
              tasks={tasks}
              keep={otherParams(query)}
              clearHref={href({ kind: null, task: null, instance: null, cursor: null })}
            />
          ) : null}

          {cursorReset ? (
            <p role="status" className="mb-3 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="timeline-cursor-reset">
              The page link was not valid (it may come from an older version of this page), so the first page is shown.
            </p>
          ) : null}

          {timeline.lastSeq === 0 ? (
            <p className={emptyBox} data-testid="timeline-empty">
              Nothing has happened in this session yet. Each engine step (a configuration change, a firing, a status change…) will appear here.
            </p>
          ) : (
            <>
              <p className="mb-2 text-sm text-zinc-600" data-testid="timeline-summary">
                <strong className="font-semibold text-zinc-900">{count(timeline.total, timeline.totalCapped)}</strong>
                {filtered ? ' matching these filters' : fixed ? ` about ${subject}` : ' in the journal'}
                {` · ${search.order === 'desc' ? 'newest' : 'oldest'} first`}
                {timeline.events.length > 0 && timeline.events.length < timeline.total
                  ? ` · ${onLaterPage ? 'a later page: ' : ''}${timeline.events.length} shown${timeline.nextCursor ? ', more on the next page' : ''}`
                  : ''}
                .
              </p>

              {timeline.total === 0 ? (
                <p className={emptyBox} data-testid="timeline-empty">
                  {filtered ? (
                    <>
                      No event matches these filters.{' '}
                      <Link href={href({ kind: null, task: null, instance: null, cursor: null })} className={inlineLink}>
                        Clear filters
                      </Link>
                    </>
                  ) : timeline.prunedBefore !== null ? (
                    `Every event of ${subject} so far was removed by retention.`
                  ) : fixed ? (
                    'No event of the journal concerns this instance yet.'
                  ) : (
                    'No event is left in the journal.'
                  )}
                </p>
              ) : timeline.events.length === 0 ? (
                <p className={emptyBox} data-testid="timeline-empty">
                  This is past the last page.{' '}
                  <Link href={firstPageHref} className={inlineLink}>
                    First page
                  </Link>
                </p>
              ) : (
                <Timeline
                  uid={uid}
                  events={timeline.events}
                  now={now}
                  tasks={tasks}
                  caption={`Journal events of ${subject}, ${search.order === 'desc' ? 'newest' : 'oldest'} first`}
                />
              )}

              <KeysetPager
                label="Timeline pages"
                firstHref={onLaterPage ? firstPageHref : null}
                nextHref={timeline.nextCursor ? href({ cursor: timeline.nextCursor }) : null}
                nextTestId="timeline-next"
              />
            </>
          )}
        </>
      )}
    </section>
  );
}
