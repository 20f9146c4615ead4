import { TimelineSection } from '@/components/journal/timeline-section';
import type { SearchParamsRecord } from '@/lib/http/search-params';
import { parseTimelineSearch, type TimelineSearch } from '@/lib/journal/url';
import type { ViewerPrivacy } from '@/lib/auth/payloads';
import type { TimelineFilter } from '@/lib/journal';
import { getSessionTimelinePage } from '@/lib/journal/timeline-page';

/** Events per page. */
const PAGE_SIZE = 50;

/**
 * Loads the page of the session journal the URL asks for (its `tl_*` params) and renders the
 * timeline section: the whole journal with filters, or one instance's slice on its page.
 */
export async function TimelineLoader({
  uid,
  searchParams,
  tasks,
  privacy,
  instance,
  testId,
}: {
  uid: string;
  /** The page's search params (awaited or not). */
  searchParams: SearchParamsRecord | Promise<SearchParamsRecord>;
  tasks: readonly string[];
  privacy: ViewerPrivacy;
  instance?: string;
  testId?: string;
}) {
  const query = await searchParams;
  const parsed = parseTimelineSearch(query);
  // On the instance page the slice is fixed: only the order and the page come from the URL.
  const search: TimelineSearch = instance !== undefined ? { order: parsed.order, cursor: parsed.cursor } : parsed;
  const filter: TimelineFilter =
    instance !== undefined ? { instance } : { kinds: search.kind ? [search.kind] : undefined, task: search.task, instance: search.instance };
  const loaded = await getSessionTimelinePage(uid, privacy, filter, { order: search.order, cursor: search.cursor, limit: PAGE_SIZE });
  return <TimelineSection {...loaded} uid={uid} query={query} search={search} tasks={tasks} instance={instance} now={new Date()} testId={testId} />;
}
