/** `npm run tb`'s human output: what ran where, and the failed inbox as a table. */
import type { FailedInbox } from '@/lib/failed';
import { failedSearchSchema, MAX_FAILED_LIMIT, TRIAGE_STATES, type FailedSearch } from '@/lib/failed/url';
import type { RunMode } from '@/lib/runtime/engine';
import { UsageError, type CliCommand } from './args';

export interface InstanceState {
  name: string;
  status: string;
}

/** Where fired work ran (or will run), with each instance's status now. */
export function ranLine(execution: RunMode, instances: InstanceState[]): string {
  if (instances.length === 0) return '';
  const list = instances.map((i) => `${i.name} ${i.status}`).join(', ');
  return execution === 'inline'
    ? `Ran in this process (embedded database): ${list}.`
    : `Enqueued for the workers (npm run worker, DATABASE_URL): ${list}.`;
}

/**
 * The inbox's URL state from the command's options. Unlike the URL, where a bad value falls back
 * to the default, a bad option is a usage error: the user typed it.
 */
export function failedSearchOf(command: CliCommand & { name: 'failed' }): FailedSearch {
  const limit = command.limit === undefined ? undefined : Number(command.limit);
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1 && limit <= MAX_FAILED_LIMIT)) {
    throw new UsageError(`--limit must be a whole number from 1 to ${MAX_FAILED_LIMIT} (got ${JSON.stringify(command.limit)}).`, 'failed');
  }
  if (command.state !== undefined && !(TRIAGE_STATES as readonly string[]).includes(command.state)) {
    throw new UsageError(`--state must be one of ${TRIAGE_STATES.join(', ')} (got ${JSON.stringify(command.state)}).`, 'failed');
  }
  for (const [flag, value] of [['--task', command.task], ['--type', command.type], ['--session', command.session], ['--contains', command.contains]] as const) {
    if (value !== undefined && value.trim().length > 200) throw new UsageError(`${flag} is longer than 200 characters.`, 'failed');
  }
  // Nobody is signed in: failure groups assigned to anyone count.
  return failedSearchSchema.parse({
    task: command.task,
    type: command.type,
    session: command.session,
    q: command.contains,
    state: command.state,
    assignee: 'anyone',
    cursor: command.cursor,
    limit: command.limit,
  });
}

function clip(text: string, width: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= width ? line : `${line.slice(0, width - 1)}…`;
}

/** Rows under headers, each column as wide as its widest cell (the last one is not padded). */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}

export function failedTable(inbox: FailedInbox): string {
  if (inbox.rows.length === 0) {
    return inbox.totalUnfiltered === 0 ? 'No failed instances.' : `No failed instance matches (${inbox.totalUnfiltered} failed in all).`;
  }
  const rows = inbox.rows.map((row) => [
    row.failedAt.toISOString().replace(/\.\d+Z$/, 'Z'),
    row.sessionUid,
    row.name,
    row.task,
    row.exceptionType ?? '',
    clip(row.exceptionMessage ?? '', 70),
  ]);
  const summary = `${inbox.rows.length} shown of ${inbox.total} matching (${inbox.totalUnfiltered} failed in all).`;
  const next = inbox.nextCursor ? `\nNext page: add --cursor '${inbox.nextCursor}'` : '';
  return `${table(['FAILED AT', 'SESSION', 'INSTANCE', 'TASK', 'EXCEPTION', 'MESSAGE'], rows)}\n${summary}${next}`;
}
