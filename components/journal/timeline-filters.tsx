import Link from 'next/link';
import { ApplyFiltersButton, FilterField, FilterSearchInput, filterControl } from '@/components/ui/filter-fields';
import { EVENT_KINDS } from '@/lib/triggers';
import { JOURNAL_KIND_LABELS } from './timeline';
import { TIMELINE_PARAMS, type TimelineSearch } from '@/lib/journal/url';

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
    <form
      key={formKey}
      role="search"
      aria-label="Filter the timeline"
      action={`${action}#timeline`}
      method="get"
      className="mb-4 flex flex-wrap items-end gap-3"
      data-testid="timeline-filters"
    >
      {keep.map(([name, value], i) => (
        <input key={`${name}\u0000${i}`} type="hidden" name={name} value={value} />
      ))}
      <FilterField id="timeline-kind" label="What happened">
        <select id="timeline-kind" name={TIMELINE_PARAMS.kind} defaultValue={search.kind ?? ''} className={filterControl}>
          <option value="">All kinds of event</option>
          {EVENT_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {JOURNAL_KIND_LABELS[kind]}
            </option>
          ))}
        </select>
      </FilterField>
      <FilterField id="timeline-task" label="Task">
        <select id="timeline-task" name={TIMELINE_PARAMS.task} defaultValue={search.task ?? ''} className={`${filterControl} max-w-64 font-mono`}>
          <option value="">All tasks</option>
          {taskOptions.map((task) => (
            <option key={task} value={task}>
              {task}
            </option>
          ))}
        </select>
      </FilterField>
      <FilterField id="timeline-instance" label="Instance">
        <FilterSearchInput
          id="timeline-instance"
          name={TIMELINE_PARAMS.instance}
          defaultValue={search.instance ?? ''}
          placeholder="e.g. t_greet#0"
          className="w-44"
        />
      </FilterField>
      <FilterField id="timeline-order" label="Order">
        <select id="timeline-order" name={TIMELINE_PARAMS.order} defaultValue={search.order} className={filterControl}>
          <option value="desc">Newest first</option>
          <option value="asc">Oldest first</option>
        </select>
      </FilterField>
      <ApplyFiltersButton>Apply</ApplyFiltersButton>
      {filtered ? (
        <Link href={clearHref} className="self-center text-sm text-zinc-600 underline underline-offset-4 hover:text-zinc-900">
          Clear filters
        </Link>
      ) : null}
    </form>
  );
}
