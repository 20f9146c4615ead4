import { FilterBar, FilterSearchInput } from '@/components/ui/filter-fields';
import { SegmentedLinks } from '@/components/ui/segmented-links';
import { SESSION_FILTERS, type SessionFilter } from '@/lib/sessions';
import { sessionsHref } from '@/lib/sessions/url';
import { FILTER_LABELS } from './labels';

/** Search by uid prefix (a plain GET form) and the filter links; both keep the other's state. */
export function SessionsToolbar({ q, filter }: { q: string; filter: SessionFilter }) {
  return (
    <div className="mb-4 flex flex-wrap items-end justify-between gap-3">
      <FilterBar
        action="/sessions"
        className=""
        submitLabel="Search"
        clearHref={q ? sessionsHref({ filter }) : null}
        clearLabel="Clear search"
      >
        <FilterSearchInput label="Session uid starts with" id="sessions-q" name="q" defaultValue={q} placeholder="e.g. questionnaire-2026-11" className="w-72" />
        {filter !== 'all' ? <input type="hidden" name="filter" value={filter} /> : null}
      </FilterBar>
      <SegmentedLinks
        label="Filter sessions"
        items={SESSION_FILTERS.map((value) => ({ href: sessionsHref({ q, filter: value }), text: FILTER_LABELS[value], current: value === filter }))}
      />
    </div>
  );
}
