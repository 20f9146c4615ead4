import Link from 'next/link';
import { StatusBadge } from '@/components/status-badge';
import { instanceHref, taskHash } from '@/lib/routes';
import { plural } from './format';
import { Section } from './section';
import type { InstanceRow, SessionTask } from './types';

/** Unresolved tasks beside unresolved instances: they differ for tasks that have no instance yet. */
export function UnresolvedSection({
  uid,
  tasks,
  unresolvedTasks,
  unresolvedInstances,
  unresolvedInstanceCount,
}: {
  uid: string;
  tasks: SessionTask[];
  unresolvedTasks: string[];
  unresolvedInstances: InstanceRow[];
  unresolvedInstanceCount: number;
}) {
  const byName = new Map(tasks.map((task) => [task.name, task]));
  return (
    <Section
      id="unresolved"
      title="Unresolved"
      description="A task is unresolved while it has no instance yet or has an unresolved instance (unstarted, scheduled, running or failed): a task still waiting for its triggers is listed on the left with nothing on the right."
    >
      <div className="grid gap-4 md:grid-cols-2">
        <div className="rounded-lg border border-zinc-200 bg-white p-4 shadow-xs" data-testid="unresolved-tasks">
          <h3 className="text-sm font-semibold text-zinc-900">Unresolved tasks ({unresolvedTasks.length})</h3>
          {unresolvedTasks.length === 0 ? (
            <p className="mt-2 text-sm text-emerald-800">None: every task has instances, all resolved.</p>
          ) : (
            <ul className="mt-2 divide-y divide-zinc-100 text-sm">
              {unresolvedTasks.map((name) => {
                const task = byName.get(name);
                return (
                  <li key={name} className="flex flex-wrap items-baseline justify-between gap-2 py-1.5">
                    <Link href={taskHash(name)} className="font-mono text-[13px] text-zinc-900 underline decoration-zinc-300 underline-offset-4">
                      {name}
                    </Link>
                    <span className="text-xs text-zinc-600">
                      {!task || task.instanceCount === 0
                        ? 'no instance yet'
                        : `${task.unresolvedCount} of ${plural(task.instanceCount, 'instance')} unresolved`}
                    </span>
                  </li>
                );
              })}
            </ul>
          )}
        </div>
        <div className="rounded-lg border border-zinc-200 bg-white p-4 shadow-xs" data-testid="unresolved-instances">
          <h3 className="text-sm font-semibold text-zinc-900">Unresolved instances ({unresolvedInstanceCount})</h3>
          {unresolvedInstances.length === 0 ? (
            <p className="mt-2 text-sm text-emerald-800">None.</p>
          ) : (
            <>
              <ul className="mt-2 divide-y divide-zinc-100 text-sm">
                {unresolvedInstances.map((instance) => (
                  <li key={instance.name} className="flex flex-wrap items-center justify-between gap-2 py-1.5">
                    <Link
                      href={instanceHref(uid, instance.name)}
                      className="font-mono text-[13px] text-zinc-900 underline decoration-zinc-300 underline-offset-4"
                    >
                      {instance.name}
                    </Link>
                    <span className="flex items-center gap-2">
                      {instance.exceptionType ? <span className="font-mono text-xs text-red-700">{instance.exceptionType}</span> : null}
                      <StatusBadge status={instance.status} />
                    </span>
                  </li>
                ))}
              </ul>
              {unresolvedInstanceCount > unresolvedInstances.length ? (
                <p className="mt-2 text-xs text-zinc-500">
                  Showing the first {unresolvedInstances.length}; see each task below for the rest.
                </p>
              ) : null}
            </>
          )}
        </div>
      </div>
    </Section>
  );
}
