import Link from 'next/link';
import type { InstanceRow, SessionTask } from './types';
import { InstanceTable } from './instance-table';
import { JsonBlock } from './json-block';
import { sessionHref, taskAnchor } from '@/lib/routes';
import { plural } from './format';
import { TaskSentence } from './task-sentence';
import { DeclaredShapes } from '@/components/recovery/declared-shapes';
import type { TaskContract } from '@/lib/validations/schema-issues';

/** Which slice of a task's instances the card shows (the per-task pager). */
export interface TaskInstancesSlice {
  instances: InstanceRow[];
  /** Cursor of the next slice, or null when this is the last one. */
  nextCursor: string | null;
  /** True when this is not the first slice. */
  paged: boolean;
  /** Shown above the list, e.g. that the link's cursor was not valid. */
  note?: string;
}

function pagerHref(uid: string, task: string, after: string | null): string {
  const base = sessionHref(uid);
  const anchor = `#${encodeURIComponent(taskAnchor(task))}`;
  if (after === null) return `${base}${anchor}`;
  return `${base}?${new URLSearchParams({ task, after }).toString()}${anchor}`;
}

/** One configured task: its directives as a sentence, its parameters, its declared shapes, and its instances. */
export function TaskCard({
  uid,
  task,
  slice,
  now,
  contract = null,
}: {
  uid: string;
  task: SessionTask;
  slice: TaskInstancesSlice;
  now: Date;
  /** What the task's handler declares (kwargs and result schemas); null when unknown. */
  contract?: TaskContract | null;
}) {
  const hasParams = Object.keys(task.withParams).length > 0;
  const hasExtra = Object.keys(task.extra).length > 0;
  const first = slice.instances[0];
  const last = slice.instances[slice.instances.length - 1];
  return (
    <section
      id={taskAnchor(task.name)}
      aria-labelledby={`${taskAnchor(task.name)}-heading`}
      className="scroll-mt-4 rounded-lg border border-zinc-200 bg-white p-4 shadow-xs"
      data-testid="task-card"
    >
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h3 id={`${taskAnchor(task.name)}-heading`} className="font-mono text-base font-semibold text-zinc-900">
          {task.name}
        </h3>
        <p className="text-xs text-zinc-500">
          {plural(task.instanceCount, 'instance')}
          {' · '}
          {task.unresolvedCount > 0 ? (
            <span className="font-medium text-amber-800">{task.unresolvedCount} unresolved</span>
          ) : task.instanceCount === 0 ? (
            <span className="font-medium text-amber-800">unresolved: no instance yet</span>
          ) : (
            'all resolved'
          )}
        </p>
      </div>
      <TaskSentence task={task} />
      {hasParams ? (
        <div className="mt-2">
          <p className="text-xs font-medium text-zinc-500">withParams</p>
          <JsonBlock value={task.withParams} label={`withParams of ${task.name}`} className="mt-1" />
        </div>
      ) : null}
      {hasExtra ? (
        <div className="mt-2">
          <p className="text-xs font-medium text-zinc-500">Other directives</p>
          <JsonBlock value={task.extra} label={`Other directives of ${task.name}`} className="mt-1" />
        </div>
      ) : null}
      <DeclaredShapes task={task.name} contract={contract} />

      <div className="mt-3">
        {slice.note ? (
          <p role="status" className="mb-2 rounded-md border border-amber-200 bg-amber-50 px-3 py-1.5 text-sm text-amber-900">
            {slice.note}
          </p>
        ) : null}
        {slice.instances.length === 0 ? (
          <p className="text-sm text-zinc-500">
            {task.instanceCount === 0 ? 'No instance yet: its triggers have not all fired.' : 'No more instances.'}
          </p>
        ) : (
          <>
            {slice.paged || slice.nextCursor ? (
              <p className="mb-1.5 text-xs text-zinc-500" data-testid="task-range">
                Showing <span className="font-mono">{first?.name}</span> to <span className="font-mono">{last?.name}</span> of{' '}
                {plural(task.instanceCount, 'instance')}.
              </p>
            ) : null}
            <InstanceTable uid={uid} instances={slice.instances} caption={`Instances of ${task.name}`} now={now} />
          </>
        )}
        {slice.paged || slice.nextCursor ? (
          <nav aria-label={`Pages of ${task.name} instances`} className="mt-2 flex gap-4 text-sm">
            {slice.paged ? (
              <Link href={pagerHref(uid, task.name, null)} className="font-medium text-zinc-700 underline underline-offset-4 hover:text-zinc-900">
                ← First instances
              </Link>
            ) : null}
            {slice.nextCursor ? (
              <Link
                href={pagerHref(uid, task.name, slice.nextCursor)}
                className="font-medium text-zinc-700 underline underline-offset-4 hover:text-zinc-900"
              >
                Next instances of {task.name} →
              </Link>
            ) : null}
          </nav>
        ) : null}
      </div>
    </section>
  );
}
