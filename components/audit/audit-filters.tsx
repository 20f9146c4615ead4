import { FilterBar, FilterField, FilterSearchInput, FilterSelect, filterControl } from '@/components/ui/filter-fields';
import { AUDIT_ACTIONS } from '@/lib/audit';
import { auditHref, type AuditSearch } from '@/lib/audit/url';
import type { AuditActor } from '@/lib/audit/view';
import { AUDIT_ACTION_LABELS } from './labels';

/** The filters that narrow the list (everything in the URL state but the page). */
export function auditFiltersOf(search: AuditSearch) {
  const { actor, action, session, instance, outcome, from, to } = search;
  return { actor, action, session, instance, outcome, from, to };
}

// A token's name already says "(API token)"; its `token:<name>` stays the value the URL carries.
const actorOption = (actor: AuditActor) => ({
  value: actor.email,
  label: actor.name ? (actor.email.startsWith('token:') ? actor.name : `${actor.name} (${actor.email})`) : actor.email,
});

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
    <FilterBar
      key={formKey}
      label="Filter the audit log"
      action="/audit"
      hidden={[['limit', search.limit]]}
      clearHref={filtered ? auditHref({ limit: search.limit }) : null}
    >
      <FilterSelect label="Who" id="audit-actor" name="actor" value={search.actor} anyLabel="Everyone" options={actorOptions.map(actorOption)} className="max-w-64" />
      <FilterSelect label="Action" id="audit-action" name="action" value={search.action} anyLabel="All actions" options={AUDIT_ACTIONS} labels={AUDIT_ACTION_LABELS} />
      <FilterSearchInput label="Session uid" id="audit-session" name="session" defaultValue={search.session ?? ''} placeholder="e.g. questionnaire-2026-11-0431" className="w-72" />
      <FilterSearchInput label="Instance" id="audit-instance" name="instance" defaultValue={search.instance ?? ''} placeholder="e.g. t_importSubject#0" className="w-52" />
      <FilterSelect label="Outcome" id="audit-outcome" name="outcome" value={search.outcome} anyLabel="Any outcome" options={['ok', 'error']} />
      <FilterField id="audit-from" label="From (UTC)">
        <input id="audit-from" name="from" type="date" defaultValue={search.from ?? ''} className={filterControl} />
      </FilterField>
      <FilterField id="audit-to" label="To (UTC, included)">
        <input id="audit-to" name="to" type="date" defaultValue={search.to ?? ''} className={filterControl} />
      </FilterField>
    </FilterBar>
  );
}
