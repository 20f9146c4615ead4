import Link from 'next/link';
import { SimulatedBadge } from '@/components/ui/simulated-badge';
import { taskHash } from '@/lib/routes';
import { JsonBlock } from './json-block';
import { Section } from './section';
import { TimeCell } from './time-cell';
import type { FiredTriggerRow } from './types';

const th = 'whitespace-nowrap px-3 py-2';
const td = 'px-3 py-2 align-top';

/** Every trigger fired so far with its latest kwargs; task results (cascades) are marked. */
export function FiredTriggersSection({
  firedTriggers,
  taskNames,
  simulated,
  now,
}: {
  firedTriggers: FiredTriggerRow[];
  taskNames: Set<string>;
  /** Triggers whose latest kwargs support simulated by skipping with a cascade. */
  simulated: Set<string>;
  now: Date;
}) {
  return (
    <Section
      id="fired-triggers"
      title="Fired triggers"
      description="The latest kwargs of each trigger, most recently fired first. A trigger named after a task is that task's result, fired when an instance finished."
    >
      {firedTriggers.length === 0 ? (
        <p className="text-sm text-zinc-500">No trigger has fired in this session yet.</p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-zinc-200 bg-white shadow-xs">
          <table className="w-full min-w-[800px] table-fixed text-left text-sm" data-testid="fired-triggers">
            <caption className="sr-only">Fired triggers with their latest kwargs</caption>
            <colgroup>
              <col className="w-64" />
              <col className="w-24" />
              <col className="w-64" />
              <col />
            </colgroup>
            <thead className="border-b border-zinc-200 bg-zinc-50 text-xs font-medium uppercase tracking-wide text-zinc-500">
              <tr>
                <th scope="col" className={th}>Trigger</th>
                <th scope="col" className={`${th} text-right`}>Fired</th>
                <th scope="col" className={th}>Last fired</th>
                <th scope="col" className={th}>Latest kwargs</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100">
              {firedTriggers.map((trigger) => (
                <tr key={trigger.trigger}>
                  <th scope="row" className={`${td} font-normal [overflow-wrap:anywhere]`}>
                    <span className="font-mono text-[13px] font-medium text-zinc-900">{trigger.trigger}</span>
                    {taskNames.has(trigger.trigger) ? (
                      <span className="mt-0.5 block text-xs text-zinc-500">
                        result of task{' '}
                        <Link href={taskHash(trigger.trigger)} className="underline underline-offset-2">
                          {trigger.trigger}
                        </Link>
                      </span>
                    ) : null}
                    {simulated.has(trigger.trigger) ? (
                      <span className="mt-1 block">
                        <SimulatedBadge title="Support skipped this task's instance and passed on a result it typed in; the handler never returned it." />
                      </span>
                    ) : null}
                  </th>
                  <td className={`${td} whitespace-nowrap text-right tabular-nums`}>
                    {trigger.fireCount === 1 ? 'once' : `${trigger.fireCount} times`}
                  </td>
                  <td className={`${td} text-zinc-600`}>
                    <TimeCell value={trigger.lastFiredAt} now={now} />
                    {trigger.fireCount > 1 ? (
                      <span className="mt-0.5 block text-xs text-zinc-400">
                        first: <TimeCell value={trigger.firstFiredAt} now={now} relative={false} />
                      </span>
                    ) : null}
                  </td>
                  <td className={td}>
                    {Object.keys(trigger.kwargs).length === 0 ? (
                      <span className="text-xs text-zinc-400">{'{}'} (no kwargs)</span>
                    ) : (
                      <JsonBlock value={trigger.kwargs} label={`Latest kwargs of ${trigger.trigger}`} className="max-h-56" />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}
