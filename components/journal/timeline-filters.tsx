import Link from 'next/link';
import { EVENT_KINDS } from '@/lib/triggers';
import { JOURNAL_KIND_LABELS } from './timeline';
import { TIMELINE_PARAMS, type TimelineSearch } from './url';

const label = 'block text-xs font-medium text-zinc-600';
const control =
  'mt-1 h-9 rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm text-zinc-900 focus:border-zinc-500 focus:outline-none focus:ring-2 focus:ring-zinc-200';

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
      <div>
        <label htmlFor="timeline-kind" className={label}>
          What happened
        </label>
        <select id="timeline-kind" name={TIMELINE_PARAMS.kind} defaultValue={search.kind ?? ''} className={control}>
          <option value="">All kinds of event</option>
          {EVENT_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {JOURNAL_KIND_LABELS[kind]}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="timeline-task" className={label}>
          Task
        </label>
        <select id="timeline-task" name={TIMELINE_PARAMS.task} defaultValue={search.task ?? ''} className={`${control} max-w-64 font-mono`}>
          <option value="">All tasks</option>
          {taskOptions.map((task) => (
            <option key={task} value={task}>
              {task}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="timeline-instance" className={label}>
          Instance
        </label>
        <input
          id="timeline-instance"
          name={TIMELINE_PARAMS.instance}
          type="search"
          defaultValue={search.instance ?? ''}
          placeholder="e.g. t_greet#0"
          autoComplete="off"
          spellCheck={false}
          maxLength={200}
          className={`${control} w-44 max-w-full font-mono placeholder:font-sans placeholder:text-zinc-400`}
        />
      </div>
      <div>
        <label htmlFor="timeline-order" className={label}>
          Order
        </label>
        <select id="timeline-order" name={TIMELINE_PARAMS.order} defaultValue={search.order} className={control}>
          <option value="desc">Newest first</option>
          <option value="asc">Oldest first</option>
        </select>
      </div>
      <button
        type="submit"
        className="h-9 rounded-md bg-zinc-900 px-3 text-sm font-medium text-white hover:bg-zinc-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-zinc-400"
      >
        Apply
      </button>
      {filtered ? (
        <Link href={clearHref} className="self-center text-sm text-zinc-600 underline underline-offset-4 hover:text-zinc-900">
          Clear filters
        </Link>
      ) : null}
    </form>
  );
}
