import Link from 'next/link';
import { ApplyFiltersButton, FilterField, FilterSearchInput, filterControl } from '@/components/ui/filter-fields';
import { AUDIT_ACTIONS } from '@/lib/audit';
import { auditHref, type AuditSearch } from '@/lib/audit/url';
import type { AuditActor } from '@/lib/audit/view';
import { AUDIT_ACTION_LABELS } from './labels';

/** The filters that narrow the list (everything in the URL state but the page). */
export function auditFiltersOf(search: AuditSearch) {
  const { actor, action, session, instance, outcome, from, to } = search;
  return { actor, action, session, instance, outcome, from, to };
}

/**
 * Filters as a plain GET form, so a filtered audit log is a URL that can be pasted into a ticket.
 * The actor select offers everyone who appears in the audit trail.
 */
export function AuditFilters({ search, actors }: { search: AuditSearch; actors: AuditActor[] }) {
  const filters = auditFiltersOf(search);
  const filtered = Object.values(filters).some(Boolean);
  // An actor typed into the URL (a prefix, or someone with no rows) still shows as selected.
  const actorOptions =
    search.actor && !actors.some((a) => a.email === search.actor) ? [{ email: search.actor, name: '' }, ...actors] : actors;
  // Remount when the URL changes by a link ("Clear filters"): the fields are uncontrolled.
  const formKey = JSON.stringify([filters, search.limit]);
  return (
    <form
      key={formKey}
      role="search"
      aria-label="Filter the audit log"
      action="/audit"
      method="get"
      className="mb-4 flex flex-wrap items-end gap-3"
    >
      {search.limit ? <input type="hidden" name="limit" value={search.limit} /> : null}
      <FilterField id="audit-actor" label="Who">
        <select id="audit-actor" name="actor" defaultValue={search.actor ?? ''} className={`${filterControl} max-w-64`}>
          <option value="">Everyone</option>
          {actorOptions.map((actor) => (
            <option key={actor.email} value={actor.email}>
              {actor.name ? `${actor.name} (${actor.email})` : actor.email}
            </option>
          ))}
        </select>
      </FilterField>
      <FilterField id="audit-action" label="Action">
        <select id="audit-action" name="action" defaultValue={search.action ?? ''} className={filterControl}>
          <option value="">All actions</option>
          {AUDIT_ACTIONS.map((action) => (
            <option key={action} value={action}>
              {AUDIT_ACTION_LABELS[action]}
            </option>
          ))}
        </select>
      </FilterField>
      <FilterField id="audit-session" label="Session uid">
        <FilterSearchInput
          id="audit-session"
          name="session"
          defaultValue={search.session ?? ''}
          placeholder="the whole uid"
          className="w-56"
        />
      </FilterField>
      <FilterField id="audit-instance" label="Instance">
        <FilterSearchInput
          id="audit-instance"
          name="instance"
          defaultValue={search.instance ?? ''}
          placeholder="e.g. t_greet#0"
          className="w-40"
        />
      </FilterField>
      <FilterField id="audit-outcome" label="Outcome">
        <select id="audit-outcome" name="outcome" defaultValue={search.outcome ?? ''} className={filterControl}>
          <option value="">Any outcome</option>
          <option value="ok">ok</option>
          <option value="error">error</option>
        </select>
      </FilterField>
      <FilterField id="audit-from" label="From (UTC)">
        <input id="audit-from" name="from" type="date" defaultValue={search.from ?? ''} className={filterControl} />
      </FilterField>
      <FilterField id="audit-to" label="To (UTC, included)">
        <input id="audit-to" name="to" type="date" defaultValue={search.to ?? ''} className={filterControl} />
      </FilterField>
      <ApplyFiltersButton>Apply filters</ApplyFiltersButton>
      {filtered ? (
        <Link href={auditHref({ limit: search.limit })} className="self-center text-sm text-zinc-600 underline underline-offset-4 hover:text-zinc-900">
          Clear filters
        </Link>
      ) : null}
    </form>
  );
}
