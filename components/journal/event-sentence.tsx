import Link from 'next/link';
import { Fragment, type ReactNode } from 'react';
import { monoLink } from '@/components/ui/data-table';
import { SimulatedBadge } from '@/components/ui/simulated-badge';
import type { TimelineEvent } from '@/lib/journal';
import { instanceHref, taskHref } from '@/lib/routes';
import { ScrollRegion } from '@/components/ui/scroll-region';
import { plural } from '@/lib/format';

// `data` is JSON written by the engine (possibly by an older version): read it defensively.
const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const texts = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
export const record = (value: unknown): Record<string, unknown> | null =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
const isEmptyJson = (value: unknown) =>
  value === null || value === undefined || (typeof value === 'object' && Object.keys(value as object).length === 0);

function InstanceLink({ uid, name }: { uid: string; name: string }) {
  return (
    <Link href={instanceHref(uid, name)} className={monoLink}>
      {name}
    </Link>
  );
}

function TaskLink({ uid, name }: { uid: string; name: string }) {
  return (
    <Link href={taskHref(uid, name)} className={monoLink}>
      {name}
    </Link>
  );
}

/** "a, b, c and 4 more": long lists (a firing that created hundreds) stay one line. */
function NameList({ names, render, max = 5 }: { names: string[]; render: (name: string) => ReactNode; max?: number }) {
  const shown = names.length > max + 1 ? names.slice(0, max) : names;
  const rest = names.length - shown.length;
  return (
    <>
      {shown.map((name, i) => (
        <Fragment key={`${name}\u0000${i}`}>
          {i > 0 ? ', ' : null}
          {render(name)}
        </Fragment>
      ))}
      {rest > 0 ? <span className="text-zinc-500"> and {rest} more</span> : null}
    </>
  );
}

/** Sentence parts joined with "; ". */
function Clauses({ parts }: { parts: ReactNode[] }) {
  return (
    <>
      {parts.map((part, i) => (
        <Fragment key={i}>
          {i > 0 ? '; ' : null}
          {part}
        </Fragment>
      ))}
    </>
  );
}

/** Metadata the engine keeps up to date on every change: not worth a word in the sentence. */
const BOOKKEEPING_KEYS = new Set(['timestamps']);

/** Which metadata keys a change set and removed: "set ticket, note; removed owner". */
function metadataClauses(value: unknown): ReactNode[] {
  const delta = record(value);
  const set = Object.keys(record(delta?.set) ?? {}).filter((key) => !BOOKKEEPING_KEYS.has(key));
  const removed = texts(delta?.removed);
  const parts: ReactNode[] = [];
  if (set.length) parts.push(<Fragment key="set">set <KeyList keys={set} /></Fragment>);
  if (removed.length) parts.push(<Fragment key="removed">removed <KeyList keys={removed} /></Fragment>);
  return parts;
}

function KeyList({ keys }: { keys: string[] }) {
  return <NameList names={keys} max={6} render={(key) => <code className="font-mono text-[13px] text-zinc-800">{key}</code>} />;
}

function Payload({ label, value }: { label: string; value: unknown }) {
  return (
    <details className="group mt-1.5" data-testid="journal-payload">
      <summary className="cursor-pointer select-none text-xs font-medium text-zinc-600 hover:text-zinc-900">{label}</summary>
      <ScrollRegion as="pre" label={label} className="mt-1 max-h-80 overflow-auto whitespace-pre-wrap break-all rounded-md border border-zinc-200 bg-zinc-50 p-2 font-mono text-xs leading-5 text-zinc-800">
        {JSON.stringify(value, null, 2) ?? String(value)}
      </ScrollRegion>
    </details>
  );
}

/** The one-line sentence saying what the event did, and its payloads (collapsed). */
export function describeEvent(event: TimelineEvent, uid: string, taskNames: ReadonlySet<string>): { sentence: ReactNode; payloads: ReactNode[] } {
  const data = record(event.data) ?? {};
  const instance = event.instance;
  const subject = instance ? <InstanceLink uid={uid} name={instance} /> : event.task ? <TaskLink uid={uid} name={event.task} /> : <em>the session</em>;
  const payloads: ReactNode[] = [];
  switch (event.kind) {
    case 'trigger-fired': {
      const trigger = text(data.trigger) ?? '(unknown trigger)';
      const isTask = taskNames.has(trigger);
      const lists: [string, string[]][] = [
        ['created', texts(data.created)],
        ['applied to', texts(data.applied)],
        ['abandoned', texts(data.abandoned)],
        ['released', texts(data.released)],
      ];
      const parts = lists
        .filter(([, names]) => names.length > 0)
        .map(([verb, names]) => (
          <Fragment key={verb}>
            {verb} <NameList names={names} render={(name) => <InstanceLink uid={uid} name={name} />} />
          </Fragment>
        ));
      const used = texts(data.tasks);
      if (!isEmptyJson(data.kwargs)) payloads.push(<Payload key="kwargs" label="Kwargs" value={data.kwargs} />);
      return {
        sentence: (
          <>
            Fired <strong className="font-semibold text-zinc-900">{trigger}</strong>
            {isTask ? (
              <span className="text-zinc-500">
                {' '}
                (the result of task <TaskLink uid={uid} name={trigger} />)
              </span>
            ) : null}
            {parts.length ? (
              <>
                : <Clauses parts={parts} />
              </>
            ) : used.length === 0 ? (
              <span className="text-zinc-500">: no task waits on it</span>
            ) : (
              <span className="text-zinc-500">: no instance changed</span>
            )}
          </>
        ),
        payloads,
      };
    }
    case 'instance-status-changed': {
      const from = text(data.from);
      const to = text(data.to) ?? '?';
      const set = record(record(data.metadata)?.set);
      const exception = to === 'failed' ? text(set?.exceptionType) : null;
      const message = to === 'failed' ? text(set?.exceptionMessage) : null;
      return {
        sentence: (
          <>
            {subject}: {from ? <>{from} → </> : 'now '}
            <strong className={`font-semibold ${to === 'failed' ? 'text-red-800' : 'text-zinc-900'}`}>{to}</strong>
            {exception ? <span className="text-zinc-600"> ({exception})</span> : null}
            {message ? (
              <span className="mt-0.5 block line-clamp-2 break-words text-xs text-zinc-500" title={message}>
                {message}
              </span>
            ) : null}
          </>
        ),
        payloads,
      };
    }
    case 'instance-replayed': {
      const clone = text(data.clone);
      const replacement = data.replacementKwargs;
      const hasReplacement = replacement !== null && replacement !== undefined;
      const cloneStatus = text(data.cloneStatus);
      if (hasReplacement) payloads.push(<Payload key="replacement" label="Replacement kwargs" value={replacement} />);
      return {
        sentence: (
          <>
            {data.by === 'retry' ? 'Retried' : 'Replayed'} {subject}
            {clone ? (
              <>
                {' '}
                as <InstanceLink uid={uid} name={clone} />
              </>
            ) : null}
            {data.by === 'retry' ? (
              <span className="text-zinc-500"> (asked for by the handler)</span>
            ) : hasReplacement ? (
              <span className="text-zinc-600"> (replacement kwargs)</span>
            ) : (
              <span className="text-zinc-500"> (same kwargs)</span>
            )}
            {cloneStatus ? <span className="text-zinc-500">; the clone is {cloneStatus}</span> : null}
          </>
        ),
        payloads,
      };
    }
    case 'instance-skipped': {
      const cascade = data.cascade === true;
      if (cascade) payloads.push(<Payload key="simulated" label="Simulated result" value={data.simulatedResult ?? {}} />);
      return {
        sentence: (
          <>
            Skipped {subject}
            {cascade ? (
              <>
                , cascading a simulated result <SimulatedBadge title="A result support made up when skipping, not the handler's output" testId="journal-simulated-badge" />
              </>
            ) : (
              <span className="text-zinc-500">, without cascading</span>
            )}
          </>
        ),
        payloads,
      };
    }
    case 'configuration-updated': {
      const added = (Array.isArray(data.added) ? data.added : []).map((t) => text(record(t)?.name)).filter((n): n is string => n !== null);
      const changed = (Array.isArray(data.changed) ? data.changed : []).map((t) => text(record(t)?.name)).filter((n): n is string => n !== null);
      const unchanged = typeof data.unchanged === 'number' ? data.unchanged : 0;
      const parts: ReactNode[] = [];
      const taskList = (names: string[]) => <NameList names={names} render={(name) => <TaskLink uid={uid} name={name} />} />;
      if (added.length) parts.push(<Fragment key="added">added {taskList(added)}</Fragment>);
      if (changed.length) parts.push(<Fragment key="changed">changed {taskList(changed)}</Fragment>);
      if (added.length || changed.length) payloads.push(<Payload key="config" label="Configuration changes" value={{ added: data.added, changed: data.changed }} />);
      return {
        sentence: (
          <>
            Configuration:{' '}
            {parts.length ? (
              <Clauses parts={parts} />
            ) : (
              <span className="text-zinc-500">saved with no change ({plural(unchanged, 'task')} unchanged)</span>
            )}
          </>
        ),
        payloads,
      };
    }
    case 'metadata-updated': {
      const parts = metadataClauses(data.metadata);
      const set = record(record(data.metadata)?.set);
      if (set && Object.keys(set).length) payloads.push(<Payload key="metadata" label="Metadata set" value={set} />);
      return {
        sentence: (
          <>
            Metadata of {subject}: {parts.length ? <Clauses parts={parts} /> : <span className="text-zinc-500">no change</span>}
          </>
        ),
        payloads,
      };
    }
    case 'logs-resolved':
      return { sentence: <>Logs of {subject} marked resolved</>, payloads };
    case 'state-changed':
      return {
        sentence: <span className="text-zinc-600">State written outside a described engine step (kept so the journal rebuilds the session)</span>,
        payloads,
      };
    default:
      if (!isEmptyJson(data)) payloads.push(<Payload key="data" label="Data" value={data} />);
      return {
        sentence: (
          <span className="text-zinc-600">
            {subject}: {event.kind}
          </span>
        ),
        payloads,
      };
  }
}
