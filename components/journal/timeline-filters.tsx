import { FilterBar, FilterSearchInput, FilterSelect } from '@/components/ui/filter-fields';
import { EVENT_KINDS } from '@/lib/triggers';
import { JOURNAL_KIND_LABELS } from './kinds';
import { TIMELINE_ORDERS, TIMELINE_PARAMS, type TimelineOrder, type TimelineSearch } from '@/lib/journal/url';

const ORDER_LABELS: Record<TimelineOrder, string> = { desc: 'Newest first', asc: 'Oldest first' };

/**
 * The timeline's filters as a plain GET form (a filtered timeline is a URL to paste into a
 * ticket). The page's other params travel as hidden fields; a new filter starts at the first page.
 */
export function TimelineFilters({
  action,
  search,
  tasks,
  keep,
  clearHref,
}: {
  /** The page to submit to (the form adds `#timeline`). */
  action: string;
  search: TimelineSearch;
  /** The session's task names, for the task select. */
  tasks: readonly string[];
  /** The page's other search params, kept as they are. */
  keep: [string, string][];
  /** Where "Clear filters" goes (shown only when a filter is set). */
  clearHref: string;
}) {
  const filtered = Boolean(search.kind || search.task || search.instance);
  // A task typed into the URL that the session does not have still shows as selected.
  const taskOptions = search.task && !tasks.includes(search.task) ? [search.task, ...tasks] : tasks;
  // Remount when the URL changes by a link ("Clear filters"): the fields are uncontrolled.
  const formKey = JSON.stringify([search.kind, search.task, search.instance, search.order]);
  return (
    <FilterBar
      key={formKey}
      label="Filter the timeline"
      action={`${action}#timeline`}
      hidden={keep}
      submitLabel="Apply"
      clearHref={filtered ? clearHref : null}
      testId="timeline-filters"
    >
      <FilterSelect label="What happened" id="timeline-kind" name={TIMELINE_PARAMS.kind} value={search.kind} anyLabel="All kinds of event" options={EVENT_KINDS} labels={JOURNAL_KIND_LABELS} />
      <FilterSelect label="Task" id="timeline-task" name={TIMELINE_PARAMS.task} value={search.task} anyLabel="All tasks" options={taskOptions} className="max-w-64 font-mono" />
      <FilterSearchInput label="Instance" id="timeline-instance" name={TIMELINE_PARAMS.instance} defaultValue={search.instance ?? ''} placeholder="e.g. t_importSubject#0" className="w-52" />
      <FilterSelect label="Order" id="timeline-order" name={TIMELINE_PARAMS.order} value={search.order} options={TIMELINE_ORDERS} labels={ORDER_LABELS} />
    </FilterBar>
  );
}
