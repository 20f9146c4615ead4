import Link from 'next/link';
import { ApplyFiltersButton, FilterField, FilterSearchInput, filterControl } from '@/components/ui/filter-fields';
import { FAILED_AGES, failedHref, type FailedSearch } from '@/lib/failed/url';
import { AGE_LABELS } from './labels';

/**
 * Filters as a plain GET form (the URL can be pasted into a ticket) and the list/grouped toggle.
 * The selects offer only tasks and exception types that have failures.
 */
export function FailedToolbar({
  search,
  tasks,
  exceptionTypes,
}: {
  search: FailedSearch;
  tasks: string[];
  exceptionTypes: string[];
}) {
  const view = search.view ?? 'list';
  const filters = { task: search.task, type: search.type, session: search.session, age: search.age };
  const filtered = Object.values(filters).some(Boolean);
  // A value from an older link that no longer has failures still shows as selected.
  const taskOptions = search.task && !tasks.includes(search.task) ? [search.task, ...tasks] : tasks;
  const typeOptions = search.type && !exceptionTypes.includes(search.type) ? [search.type, ...exceptionTypes] : exceptionTypes;
  // The key remounts the form when the URL changes by a link (a group, "Clear filters"): the
  // selects are uncontrolled, and a soft navigation would otherwise keep their old values.
  const formKey = JSON.stringify([filters, view, search.limit]);
  return (
    <div className="mb-4 space-y-3">
      <form key={formKey} role="search" aria-label="Filter failed instances" action="/failed" method="get" className="flex flex-wrap items-end gap-3">
        {view !== 'list' ? <input type="hidden" name="view" value={view} /> : null}
        {search.limit ? <input type="hidden" name="limit" value={search.limit} /> : null}
        <FilterField id="failed-task" label="Task">
          <select id="failed-task" name="task" defaultValue={search.task ?? ''} className={`${filterControl} font-mono`}>
            <option value="">All tasks</option>
            {taskOptions.map((task) => (
              <option key={task} value={task}>
                {task}
              </option>
            ))}
          </select>
        </FilterField>
        <FilterField id="failed-type" label="Exception type">
          <select id="failed-type" name="type" defaultValue={search.type ?? ''} className={`${filterControl} font-mono`}>
            <option value="">All exception types</option>
            {typeOptions.map((type) => (
              <option key={type} value={type}>
                {type}
              </option>
            ))}
          </select>
        </FilterField>
        <FilterField id="failed-session" label="Session uid starts with">
          <FilterSearchInput
            id="failed-session"
            name="session"
            defaultValue={search.session ?? ''}
            placeholder="e.g. questionnaire-2026-11"
            className="w-64"
          />
        </FilterField>
        <FilterField id="failed-age" label="Failed when">
          <select id="failed-age" name="age" defaultValue={search.age ?? ''} className={filterControl}>
            <option value="">At any time</option>
            {FAILED_AGES.map((age) => (
              <option key={age} value={age}>
                {AGE_LABELS[age]}
              </option>
            ))}
          </select>
        </FilterField>
        <ApplyFiltersButton>Apply filters</ApplyFiltersButton>
      </form>
      <div className="flex flex-wrap items-center gap-3">
        <nav aria-label="Failed view">
          <ul className="inline-flex gap-1 rounded-lg border border-zinc-200 bg-white p-1">
            {(
              [
                ['list', 'Every instance'],
                ['groups', 'Grouped by exception and task'],
              ] as const
            ).map(([value, text]) => (
              <li key={value}>
                <Link
                  href={failedHref({ ...filters, view: value, limit: search.limit })}
                  aria-current={value === view ? 'page' : undefined}
                  className={
                    'block rounded-md px-3 py-1 text-sm font-medium ' +
                    (value === view ? 'bg-zinc-900 text-white' : 'text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900')
                  }
                >
                  {text}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        {filtered ? (
          <Link
            href={failedHref({ view, limit: search.limit })}
            className="text-sm text-zinc-600 underline underline-offset-4 hover:text-zinc-900"
          >
            Clear filters
          </Link>
        ) : null}
      </div>
    </div>
  );
}
