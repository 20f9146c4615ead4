import { ClearFiltersLink, FilterBar, FilterSearchInput, FilterSelect } from '@/components/ui/filter-fields';
import { SegmentedLinks } from '@/components/ui/segmented-links';
import {
  DEFAULT_TRIAGE_ASSIGNEE,
  DEFAULT_TRIAGE_STATE,
  FAILED_AGES,
  failedHref,
  TRIAGE_ASSIGNEES,
  TRIAGE_STATES,
  type FailedSearch,
} from '@/lib/failed/url';
import { AGE_LABELS, ASSIGNEE_LABELS, STATE_LABELS } from './labels';

const VIEWS = [
  ['list', 'Every instance'],
  ['groups', 'Grouped by failure'],
] as const;

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
  const filters = { task: search.task, type: search.type, session: search.session, q: search.q, age: search.age };
  const filtered = Object.values(filters).some(Boolean);
  const triage = { state: search.state ?? DEFAULT_TRIAGE_STATE, assignee: search.assignee ?? DEFAULT_TRIAGE_ASSIGNEE };
  // A value from an older link that no longer has failures still shows as selected.
  const taskOptions = search.task && !tasks.includes(search.task) ? [search.task, ...tasks] : tasks;
  const typeOptions = search.type && !exceptionTypes.includes(search.type) ? [search.type, ...exceptionTypes] : exceptionTypes;
  // The key remounts the form when the URL changes by a link (a group, "Clear filters"): the
  // selects are uncontrolled, and a soft navigation would otherwise keep their old values.
  const formKey = JSON.stringify([filters, view, triage, search.limit]);
  return (
    <div className="mb-4 space-y-3">
      <FilterBar
        key={formKey}
        label="Filter failed instances"
        action="/failed"
        className=""
        hidden={[
          ['view', view !== 'list' ? view : undefined],
          ['state', search.state],
          ['assignee', search.assignee],
          ['limit', search.limit],
        ]}
      >
        <FilterSelect label="Task" id="failed-task" name="task" value={search.task} anyLabel="All tasks" options={taskOptions} className="font-mono" />
        <FilterSelect label="Exception type" id="failed-type" name="type" value={search.type} anyLabel="All exception types" options={typeOptions} className="font-mono" />
        <FilterSearchInput label="Session uid starts with" id="failed-session" name="session" defaultValue={search.session ?? ''} placeholder="e.g. questionnaire-2026-11" className="w-64" />
        <FilterSearchInput label="Message or payload contains" id="failed-q" name="q" defaultValue={search.q ?? ''} placeholder="e.g. an email or an order id" className="w-64" />
        <FilterSelect label="Failed when" id="failed-age" name="age" value={search.age} anyLabel="At any time" options={FAILED_AGES} labels={AGE_LABELS} />
      </FilterBar>
      <div className="flex flex-wrap items-center gap-3">
        <SegmentedLinks
          label="Failed view"
          items={VIEWS.map(([value, text]) => ({ href: failedHref({ ...filters, ...triage, view: value, limit: search.limit }), text, current: value === view }))}
        />
        <SegmentedLinks
          label="Group state"
          items={TRIAGE_STATES.map((value) => ({ href: failedHref({ ...filters, ...triage, view, state: value, limit: search.limit }), text: STATE_LABELS[value], current: value === triage.state }))}
        />
        <SegmentedLinks
          label="Assigned to"
          items={TRIAGE_ASSIGNEES.map((value) => ({
            href: failedHref({ ...filters, ...triage, view, assignee: value, limit: search.limit }),
            text: ASSIGNEE_LABELS[value],
            current: value === triage.assignee,
          }))}
        />
        {filtered ? <ClearFiltersLink href={failedHref({ view, ...triage, limit: search.limit })} /> : null}
      </div>
    </div>
  );
}
