import Link from 'next/link';
import { Section } from '@/components/session/section';
import { EmptyNote } from '@/components/ui/empty-state';
import { PagedList, PastLastPage } from '@/components/ui/paged-list';
import type { LoadedTimeline } from '@/lib/journal/timeline-page';
import { historyHref, instanceHref, journalExportHref, sessionHref } from '@/lib/routes';
import { Timeline } from './timeline';
import { TimelineFilters } from './timeline-filters';
import type { SearchParamsRecord } from '@/lib/http/search-params';
import { otherParams, timelineHref, type TimelineSearch } from '@/lib/journal/url';

const inlineLink = 'font-medium text-zinc-900 underline decoration-zinc-300 underline-offset-4 hover:decoration-zinc-900';

const count = (n: number, capped = false) => `${n.toLocaleString('en-US')}${capped ? '+' : ''} ${n === 1 && !capped ? 'event' : 'events'}`;

export interface TimelineSectionProps extends LoadedTimeline {
  uid: string;
  /** The page's search params: links and the filter form keep those that are not the timeline's. */
  query: SearchParamsRecord;
  /** The timeline's URL state (on the instance page, only its order and page). */
  search: TimelineSearch;
  /** The session's task names (configuration order), for the task filter. */
  tasks: readonly string[];
  /** Only this instance's events (the instance page): no filters then. */
  instance?: string;
  now: Date;
  /** The section's data-testid (default `timeline`). */
  testId?: string;
}

/**
 * The session journal on the session page (every event, with filters), or one instance's slice
 * of it on the instance page: what happened, step by step, with links to the session as it was
 * after each event. Its URL state lives in `tl_*` search params.
 */
export function TimelineSection({ uid, query, search, tasks, instance, timeline, cursorReset, now, testId = 'timeline' }: TimelineSectionProps) {
  const fixed = instance !== undefined;
  const filtered = !fixed && Boolean(search.kind || search.task || search.instance);
  const basePath = fixed ? instanceHref(uid, instance) : sessionHref(uid);
  const href = (changes: Parameters<typeof timelineHref>[3]) => timelineHref(basePath, query, search, changes);
  const firstPageHref = href({ cursor: null });
  const clearHref = href({ kind: null, task: null, instance: null, cursor: null });
  const onLaterPage = Boolean(search.cursor) && !cursorReset;
  const subject = fixed ? 'this instance' : 'this session';
  const order = search.order === 'desc' ? 'newest' : 'oldest';

  return (
    <Section
      id="timeline"
      title="Timeline"
      testId={testId}
      description={
        fixed
          ? 'Every engine step that changed this instance, from the session journal. Open the state after any event to see the whole session as it was then.'
          : 'Every engine step of this session, from its journal: configuration changes, firings, status changes, replays, skips and notes. Open the state after any event to see the session as it was then.'
      }
      actions={
        timeline ? (
          <a
            href={journalExportHref(uid)}
            download
            className="text-sm font-medium text-zinc-700 underline decoration-zinc-300 underline-offset-4 hover:text-zinc-900 hover:decoration-zinc-900"
            data-testid="timeline-export"
          >
            Export as JSON Lines
          </a>
        ) : null
      }
    >
      {!timeline ? (
        <EmptyNote testId="timeline-empty">This session no longer exists, so it has no journal.</EmptyNote>
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
            <TimelineFilters action={basePath} search={search} tasks={tasks} keep={otherParams(query)} clearHref={clearHref} />
          ) : null}

          <PagedList
            cursorReset={cursorReset}
            cursorResetTestId="timeline-cursor-reset"
            summaryTestId="timeline-summary"
            summary={
              timeline.lastSeq === 0 ? null : (
                <>
                  <strong className="font-semibold text-zinc-900">{count(timeline.total, timeline.totalCapped)}</strong>
                  {filtered ? ' matching these filters' : fixed ? ` about ${subject}` : ' in the journal'}
                  {` · ${order} first`}
                  {timeline.events.length > 0 && timeline.events.length < timeline.total
                    ? ` · ${onLaterPage ? 'a later page: ' : ''}${timeline.events.length} shown${timeline.nextCursor ? ', more on the next page' : ''}`
                    : ''}
                  .
                </>
              )
            }
            pager={
              timeline.lastSeq === 0
                ? undefined
                : {
                    label: 'Timeline pages',
                    firstHref: onLaterPage ? firstPageHref : null,
                    nextHref: timeline.nextCursor ? href({ cursor: timeline.nextCursor }) : null,
                    nextTestId: 'timeline-next',
                  }
            }
          >
            {timeline.lastSeq === 0 ? (
              <EmptyNote testId="timeline-empty">
                Nothing has happened in this session yet. Each engine step (a configuration change, a firing, a status change…) will appear here.
              </EmptyNote>
            ) : timeline.total === 0 ? (
              <EmptyNote testId="timeline-empty">
                {filtered ? (
                  <>
                    No event matches these filters.{' '}
                    <Link href={clearHref} className={inlineLink}>
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
              </EmptyNote>
            ) : (
              <Timeline
                uid={uid}
                events={timeline.events}
                now={now}
                tasks={tasks}
                caption={`Journal events of ${subject}, ${order} first`}
                empty={
                  <EmptyNote testId="timeline-empty">
                    <PastLastPage firstHref={firstPageHref} linkClassName={inlineLink} />
                  </EmptyNote>
                }
              />
            )}
          </PagedList>
        </>
      )}
    </Section>
  );
}
