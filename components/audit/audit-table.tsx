import Link from 'next/link';
import type { ReactNode } from 'react';
import { TimeCell } from '@/components/session/time-cell';
import { DataTable, monoLink as link, TABLE_CELLS } from '@/components/ui/data-table';
import type { AuditEventRow } from '@/lib/audit/view';
import { bulkHref, instanceHref, sessionHref } from '@/lib/routes';
import { AuditChanges, AuditInput } from './audit-input';
import { auditActionLabel } from './labels';

const { td } = TABLE_CELLS.regular;

/** The word is always written: the colour only repeats it. */
function OutcomeBadge({ outcome }: { outcome: string }) {
  const ok = outcome === 'ok';
  return (
    <span
      data-testid="audit-outcome"
      className={
        'inline-flex rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ' +
        (ok ? 'bg-emerald-50 text-emerald-800 ring-emerald-200' : 'bg-red-50 text-red-800 ring-red-200')
      }
    >
      {ok ? 'ok' : outcome === 'error' ? 'error' : outcome}
    </span>
  );
}

/** What a row touched: its session and instance, the user or API token it changed, or its bulk action. */
function AuditTarget({ row }: { row: AuditEventRow }) {
  if (row.sessionUid) {
    return (
      <>
        <Link href={sessionHref(row.sessionUid)} className={link}>
          {row.sessionUid}
        </Link>
        {row.instanceName ? (
          <span className="block">
            <Link href={instanceHref(row.sessionUid, row.instanceName)} className={link}>
              {row.instanceName}
            </Link>
          </span>
        ) : null}
      </>
    );
  }
  const input: unknown = row.input;
  const email = typeof input === 'object' && input !== null && 'email' in input && typeof input.email === 'string' ? input.email : null;
  if ((row.action === 'user-create' || row.action === 'user-update') && email) {
    return (
      <>
        <span className="text-xs text-zinc-500">user </span>
        <span className="font-mono text-[13px]">{email}</span>
      </>
    );
  }
  const tokenName = typeof input === 'object' && input !== null && 'name' in input && typeof input.name === 'string' ? input.name : null;
  if ((row.action === 'token-create' || row.action === 'token-revoke') && tokenName) {
    return (
      <>
        <span className="text-xs text-zinc-500">API token </span>
        <span className="font-mono text-[13px]">{tokenName}</span>
      </>
    );
  }
  if (row.bulkOperationId) {
    return (
      <Link href={bulkHref(row.bulkOperationId)} className={link}>
        bulk action
      </Link>
    );
  }
  return <span className="text-zinc-500">—</span>;
}

const KIND_BADGES: Record<string, string> = { token: 'API token', cli: 'CLI', system: 'System' };

/**
 * Who made the change. A token is named by its own name with an "API token" badge (its
 * `token:<name>` is what the actor filter takes); the CLI and the system get a badge too.
 */
function AuditActorCell({ row }: { row: AuditEventRow }) {
  const badge = KIND_BADGES[row.actorKind];
  const name = row.actorKind === 'token' && row.actorEmail.startsWith('token:') ? row.actorEmail.slice('token:'.length) : row.actorName;
  return (
    <>
      <span className="block font-medium text-zinc-900 break-words">
        {name}
        {badge ? (
          <span
            className="ml-1.5 inline-flex rounded bg-violet-50 px-1.5 py-0.5 align-middle text-[11px] font-medium text-violet-800 ring-1 ring-inset ring-violet-200"
            data-testid="audit-actor-kind"
          >
            {badge}
          </span>
        ) : null}
      </span>
      <span className="block font-mono text-xs text-zinc-500 break-all">{row.actorEmail}</span>
    </>
  );
}

const COLUMNS = [{ label: 'When ↓' }, { label: 'Who' }, { label: 'Action' }, { label: 'On' }, { label: 'Outcome' }, { label: 'Input' }];

/**
 * Audit events, newest first. Scrolls sideways only on narrow windows: the reason and the
 * target wrap rather than widen the table. Every stored value is shown as
 * text; the JSON the user submitted is folded under each row.
 */
export function AuditTable({
  rows,
  now,
  caption = 'Changes made from the dashboard, the HTTP API and the command line, newest first',
  empty,
}: {
  rows: AuditEventRow[];
  now: Date;
  caption?: string;
  empty?: ReactNode;
}) {
  return (
    <DataTable
      caption={caption}
      columns={COLUMNS}
      rows={rows}
      empty={empty}
      testId="audit-table"
      renderRow={(row) => (
        <tr key={row.id} className="hover:bg-zinc-50" data-testid="audit-row" data-action={row.action} data-outcome={row.outcome}>
          <td className={`${td} text-zinc-700`}>
            <TimeCell value={row.at} now={now} stacked />
          </td>
          <td className={`${td} min-w-40`} data-testid="audit-actor" data-kind={row.actorKind}>
            <AuditActorCell row={row} />
          </td>
          <th scope="row" className={`${td} whitespace-nowrap font-medium text-zinc-900`}>
            {auditActionLabel(row.action)}
          </th>
          <td className={`${td} min-w-36 [overflow-wrap:anywhere]`}>
            <AuditTarget row={row} />
          </td>
          <td className={`${td} min-w-40 max-w-80`}>
            <OutcomeBadge outcome={row.outcome} />
            {row.error ? (
              <p className="mt-1 break-words text-xs text-red-800" data-testid="audit-error">
                {row.error}
              </p>
            ) : null}
            <AuditChanges result={row.result} />
          </td>
          {/* The widest column: the reason is shown in full, wrapping, never cut. */}
          <td className={`${td} min-w-72`}>
            <AuditInput row={row} />
          </td>
        </tr>
      )}
    />
  );
}
