import Link from 'next/link';
import type { ReactNode } from 'react';
import { SimulatedBadge } from '@/components/ui/simulated-badge';
import type { AuditEventRow } from '@/lib/audit/view';
import { failureGroupHref } from '@/lib/failed/url';
import { bulkHref } from '@/lib/routes';
import { auditActionLabel } from './labels';
import { ScrollRegion } from '@/components/ui/scroll-region';
import { plural } from '@/lib/format';

/*
 * What an audit row asked for and what it changed. Rows are written by several versions of the
 * app and their JSON is whatever was stored, so every field is checked before it is shown, and
 * everything is rendered as text by React (a reason or kwargs holding HTML shows literally).
 */

type Json = Record<string, unknown>;

const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const textOf = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
const code = 'rounded bg-zinc-100 px-1 font-mono text-[13px] text-zinc-900';
const link = 'font-medium text-zinc-900 underline decoration-zinc-300 underline-offset-4 hover:decoration-zinc-900';

/** A JSON payload, folded: the summary says what it is, the block shows it pretty-printed. */
function JsonDetails({ summary, value, testId }: { summary: ReactNode; value: unknown; testId?: string }) {
  const json = JSON.stringify(value, null, 2) as string | undefined;
  if (json === undefined) return null;
  return (
    <details className="mt-1 group" data-testid={testId}>
      <summary className="cursor-pointer select-none text-xs font-medium text-zinc-600 hover:text-zinc-900">{summary}</summary>
      <ScrollRegion as="pre" label={typeof summary === 'string' ? summary : 'JSON'} className="mt-1 max-h-60 overflow-auto whitespace-pre-wrap rounded-md border border-zinc-200 bg-zinc-50 px-2 py-1.5 font-mono text-xs leading-relaxed text-zinc-800 [overflow-wrap:anywhere]">
        {json}
      </ScrollRegion>
    </details>
  );
}

/** "role viewer → operator" for a stored {from, to} pair. */
function change(label: string, value: unknown, show: (v: unknown) => string = String): string | null {
  if (!isRecord(value) || !('to' in value)) return null;
  return `${label} ${show(value.from)} → ${show(value.to)}`;
}

const enabledOrDisabled = (v: unknown) => (v === true ? 'disabled' : v === false ? 'enabled' : String(v));

function UserUpdate({ input }: { input: Json }) {
  const parts = [
    change('name', input.name),
    change('role', input.role),
    change('account', input.disabled, enabledOrDisabled),
    input.password === 'reset' ? 'password reset' : null,
    input.sessions === 'ended' ? 'signed out everywhere' : null,
  ].filter((part): part is string => part !== null);
  return (
    <p>
      {textOf(input.email) ? <span className="font-mono text-[13px]">{textOf(input.email)}</span> : 'A user'}
      {parts.length ? `: ${parts.join(', ')}` : ': nothing changed'}
    </p>
  );
}

/** The action-specific part of the input (the reason is shown separately). */
function ActionInput({ row, input }: { row: AuditEventRow; input: Json }) {
  switch (row.action) {
    case 'replay':
      return input.mode === 'replacement' && isRecord(input.replacementKwargs) ? (
        <>
          <p>With replacement kwargs</p>
          <JsonDetails summary="Replacement kwargs" value={input.replacementKwargs} testId="audit-replacement-kwargs" />
        </>
      ) : (
        <p>With its original kwargs</p>
      );
    case 'skip':
      return input.cascade === true ? (
        <>
          <p>Cascaded a simulated result to the tasks waiting on it</p>
          <JsonDetails
            summary={
              <>
                Simulated result <SimulatedBadge title="Made up by support when skipping, not the handler's output" testId="audit-simulated-badge" />
              </>
            }
            value={input.simulatedResult ?? {}}
            testId="audit-simulated-result"
          />
        </>
      ) : (
        <p>Without cascade: the tasks waiting on it will not run</p>
      );
    case 'fire-trigger':
      return (
        <>
          <p>
            Trigger <code className={code}>{textOf(input.trigger) ?? '?'}</code>
          </p>
          {input.kwargs !== undefined ? <JsonDetails summary="Trigger kwargs" value={input.kwargs} testId="audit-trigger-kwargs" /> : null}
        </>
      );
    case 'mark-logs-resolved':
      return null;
    case 'bulk-start':
      return (
        <p>
          {auditActionLabel(textOf(input.action) ?? '?')} of{' '}
          {typeof input.instances === 'number' ? plural(input.instances, 'instance') : 'the selected instances'}
        </p>
      );
    case 'user-create':
      return (
        <p>
          {textOf(input.name) ?? '?'} <span className="font-mono text-[13px]">{textOf(input.email) ?? ''}</span>
          {textOf(input.role) ? ` as ${textOf(input.role)}` : ''}
        </p>
      );
    case 'user-update':
      return <UserUpdate input={input} />;
    case 'group-assign':
    case 'group-note':
    case 'group-resolve':
    case 'group-unresolve':
    case 'group-snooze':
    case 'group-unsnooze':
      return <GroupChange action={row.action} input={input} />;
    default:
      // An action this version does not know: show what was stored.
      return Object.keys(input).length ? <JsonDetails summary="Input" value={input} /> : null;
  }
}

/** A failure group's triage change: which group (linked), and what was asked. */
function GroupChange({ action, input }: { action: string; input: Json }) {
  const fingerprint = textOf(input.fingerprint);
  const title = textOf(input.group) ?? fingerprint ?? '?';
  const detail =
    action === 'group-assign'
      ? `Assigned to ${textOf(input.assignee) ?? 'nobody'}`
      : action === 'group-snooze'
        ? typeof input.hours === 'number'
          ? `For ${input.hours} hour${input.hours === 1 ? '' : 's'}`
          : `Until ${String(input.failures)} more failures`
        : null;
  return (
    <>
      <p className="break-words">
        Group{' '}
        {fingerprint && /^[0-9a-f]{32}$/.test(fingerprint) ? (
          <Link href={failureGroupHref(fingerprint)} className={link}>
            {title}
          </Link>
        ) : (
          title
        )}
      </p>
      {detail ? <p>{detail}</p> : null}
      {action === 'group-note' && textOf(input.note) ? <p className="whitespace-pre-wrap break-words" data-testid="audit-group-note">{textOf(input.note)}</p> : null}
    </>
  );
}

/** The input of an audit row: the reason as text, then what was asked, JSON payloads folded. */
export function AuditInput({ row }: { row: AuditEventRow }) {
  const input: Json = isRecord(row.input) ? row.input : {};
  const reason = textOf(input.reason);
  return (
    <div className="space-y-1 text-zinc-700">
      {reason ? (
        <p className="whitespace-pre-line [overflow-wrap:anywhere]" data-testid="audit-reason">
          <span className="text-zinc-500">Reason: </span>
          {reason}
        </p>
      ) : null}
      <ActionInput row={row} input={input} />
      {input.override === true ? (
        <div data-testid="audit-override">
          <p className="text-amber-900">
            <span className="rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium">override</span> Done although the value did not fit the
            task&apos;s schema
          </p>
          {Array.isArray(input.issues) ? <JsonDetails summary="The schema issues overridden" value={input.issues} testId="audit-override-issues" /> : null}
        </div>
      ) : null}
      {row.bulkOperationId && row.action !== 'bulk-start' ? (
        <p className="text-xs text-zinc-500">
          Part of a{' '}
          <Link href={bulkHref(row.bulkOperationId)} className={link}>
            bulk action
          </Link>
        </p>
      ) : null}
    </div>
  );
}

interface InstanceChange {
  name: string;
  from: string | null;
  to: string;
}

function changesOf(result: unknown): InstanceChange[] {
  if (!isRecord(result) || !Array.isArray(result.changes)) return [];
  return result.changes.filter(
    (c): c is InstanceChange => isRecord(c) && typeof c.name === 'string' && typeof c.to === 'string' && (c.from === null || typeof c.from === 'string'),
  );
}

const SHOWN_CHANGES = 8;

/** "t_x#0 failed → replayed, t_x#1 new → scheduled" (a long cascade is cut, with the count left). */
export function AuditChanges({ result }: { result: unknown }) {
  const changes = changesOf(result);
  if (changes.length === 0) return null;
  const shown = changes.slice(0, SHOWN_CHANGES).map((c) => `${c.name} ${c.from ?? 'new'} → ${c.to}`);
  const rest = changes.length - shown.length;
  return (
    <p className="mt-1 break-words font-mono text-xs text-zinc-600" data-testid="audit-changes">
      {shown.join(', ')}
      {rest > 0 ? `, and ${rest} more` : ''}
    </p>
  );
}
