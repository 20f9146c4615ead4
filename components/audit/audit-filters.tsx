import Link from 'next/link';
import { AUDIT_ACTIONS } from '@/lib/audit';
import type { AuditActor, AuditSearch } from '@/lib/audit/view';
import { AUDIT_ACTION_LABELS, auditHref } from './url';

const label = 'block text-xs font-medium text-zinc-600';
const control =
  'mt-1 h-9 rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm text-zinc-900 focus:border-zinc-500 focus:outline-none focus:ring-2 focus:ring-zinc-200';
const textInput = `${control} w-56 max-w-full font-mono placeholder:font-sans placeholder:text-zinc-400`;

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
      <div>
        <label htmlFor="audit-actor" className={label}>
          Who
        </label>
        <select id="audit-actor" name="actor" defaultValue={search.actor ?? ''} className={`${control} max-w-64`}>
          <option value="">Everyone</option>
          {actorOptions.map((actor) => (
            <option key={actor.email} value={actor.email}>
              {actor.name ? `${actor.name} (${actor.email})` : actor.email}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="audit-action" className={label}>
          Action
        </label>
        <select id="audit-action" name="action" defaultValue={search.action ?? ''} className={control}>
          <option value="">All actions</option>
          {AUDIT_ACTIONS.map((action) => (
            <option key={action} value={action}>
              {AUDIT_ACTION_LABELS[action]}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="audit-session" className={label}>
          Session uid
        </label>
        <input
          id="audit-session"
          name="session"
          type="search"
          defaultValue={search.session ?? ''}
          placeholder="the whole uid"
          autoComplete="off"
          spellCheck={false}
          maxLength={200}
          className={textInput}
        />
      </div>
      <div>
        <label htmlFor="audit-instance" className={label}>
          Instance
        </label>
        <input
          id="audit-instance"
          name="instance"
          type="search"
          defaultValue={search.instance ?? ''}
          placeholder="e.g. t_greet#0"
          autoComplete="off"
          spellCheck={false}
          maxLength={200}
          className={`${textInput} w-40`}
        />
      </div>
      <div>
        <label htmlFor="audit-outcome" className={label}>
          Outcome
        </label>
        <select id="audit-outcome" name="outcome" defaultValue={search.outcome ?? ''} className={control}>
          <option value="">Any outcome</option>
          <option value="ok">ok</option>
          <option value="error">error</option>
        </select>
      </div>
      <div>
        <label htmlFor="audit-from" className={label}>
          From (UTC)
        </label>
        <input id="audit-from" name="from" type="date" defaultValue={search.from ?? ''} className={control} />
      </div>
      <div>
        <label htmlFor="audit-to" className={label}>
          To (UTC, included)
        </label>
        <input id="audit-to" name="to" type="date" defaultValue={search.to ?? ''} className={control} />
      </div>
      <button
        type="submit"
        className="h-9 rounded-md bg-zinc-900 px-3 text-sm font-medium text-white hover:bg-zinc-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-zinc-400"
      >
        Apply filters
      </button>
      {filtered ? (
        <Link href={auditHref({ limit: search.limit })} className="self-center text-sm text-zinc-600 underline underline-offset-4 hover:text-zinc-900">
          Clear filters
        </Link>
      ) : null}
    </form>
  );
}
