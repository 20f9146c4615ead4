import { logsResolved, type TaskInstance } from '@/lib/triggers';
import { logLevelName } from './format';

/** The highest level the handler logged at, and whether error-level logs still need a look (§18). */
export function LogsSummary({ instance }: { instance: TaskInstance }) {
  const level = instance.metadata.logLevel;
  const name = logLevelName(level);
  const resolved = logsResolved(instance);
  const why = !['abandoned', 'replayed', 'skipped'].includes(instance.status)
    ? instance.metadata.logsResolved === true
      ? 'marked as read by support'
      : (level ?? 0) < 40
        ? 'nothing was logged at error level'
        : 'error-level logs not yet marked as read'
    : `logs of ${instance.status === 'abandoned' ? 'an' : 'a'} ${instance.status} instance need no follow-up`;
  const levelTone =
    name === 'error' ? 'bg-red-50 text-red-800 ring-red-300' : name === 'warn' ? 'bg-amber-50 text-amber-800 ring-amber-300' : 'bg-zinc-100 text-zinc-700 ring-zinc-300';
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm" data-testid="logs-summary">
      <dt className="text-zinc-500">Highest log level</dt>
      <dd>
        {name ? (
          <span className={`rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${levelTone}`}>
            {name} <span className="tabular-nums">({level})</span>
          </span>
        ) : (
          <span className="text-zinc-500">Nothing logged</span>
        )}
      </dd>
      <dt className="text-zinc-500">Logs resolved</dt>
      <dd data-testid="logs-resolved" data-resolved={resolved}>
        <span className={resolved ? 'font-medium text-emerald-700' : 'font-medium text-red-700'}>{resolved ? 'Yes' : 'No'}</span>
        <span className="text-zinc-500">: {why}</span>
      </dd>
    </dl>
  );
}
