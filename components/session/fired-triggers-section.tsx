import Link from 'next/link';
import { DataTable, TABLE_CELLS } from '@/components/ui/data-table';
import { SimulatedBadge } from '@/components/ui/simulated-badge';
import { taskHash } from '@/lib/routes';
import { JsonBlock } from './json-block';
import { Section } from './section';
import { TimeCell } from './time-cell';
import type { FiredTriggerRow } from './types';

const { td } = TABLE_CELLS.compact;

const COLUMNS = [
  { label: 'Trigger', width: 'w-64' },
  { label: 'Fired', width: 'w-24', className: 'text-right' },
  { label: 'Last fired', width: 'w-64' },
  { label: 'Latest kwargs' },
];

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
      <DataTable
        caption="Fired triggers with their latest kwargs"
        columns={COLUMNS}
        rows={firedTriggers}
        density="compact"
        testId="fired-triggers"
        tableClassName="min-w-[800px] table-fixed"
        empty={<p className="text-sm text-zinc-500">No trigger has fired in this session yet.</p>}
        renderRow={(trigger) => (
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
            <td className={`${td} whitespace-nowrap text-right tabular-nums`}>{trigger.fireCount === 1 ? 'once' : `${trigger.fireCount} times`}</td>
            <td className={`${td} text-zinc-600`}>
              <TimeCell value={trigger.lastFiredAt} now={now} />
              {trigger.fireCount > 1 ? (
                <span className="mt-0.5 block text-xs text-zinc-500">
                  first: <TimeCell value={trigger.firstFiredAt} now={now} relative={false} />
                </span>
              ) : null}
            </td>
            <td className={td}>
              {Object.keys(trigger.kwargs).length === 0 ? (
                <span className="text-xs text-zinc-500">{'{}'} (no kwargs)</span>
              ) : (
                <JsonBlock value={trigger.kwargs} label={`Latest kwargs of ${trigger.trigger}`} className="max-h-56" />
              )}
            </td>
          </tr>
        )}
      />
    </Section>
  );
}
