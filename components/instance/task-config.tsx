import type { ReactNode } from 'react';
import type { TaskConfig } from '@/lib/triggers';
import { prettyJson } from './json-block';
import { ScrollRegion } from '@/components/ui/scroll-region';

function Triggers({ names, empty }: { names: string[]; empty: string }) {
  if (names.length === 0) return <span className="text-zinc-500">{empty}</span>;
  return (
    <span className="flex flex-wrap gap-1">
      {names.map((name) => (
        <code key={name} className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs text-zinc-800">
          {name}
        </code>
      ))}
    </span>
  );
}

/** The task's current configuration: what runs, after which triggers, unless which ones, with which params. */
export function TaskConfigView({ task }: { task: TaskConfig | null }) {
  if (!task) {
    return (
      <p className="text-sm text-zinc-500">
        The task is no longer in the session&apos;s configuration (it was removed after this instance was created).
      </p>
    );
  }
  const rows: Array<[string, ReactNode]> = [
    ['run', <code key="run" className="font-mono text-xs text-zinc-900">{task.run}</code>],
    ['after', <Triggers key="after" names={task.after} empty="No trigger: runs as soon as it is created" />],
    ['unless', <Triggers key="unless" names={task.unless} empty="None" />],
  ];
  if (task.andEvery) rows.push(['andEvery', <code key="every" className="font-mono text-xs">{task.andEvery}</code>]);
  if (task.using) rows.push(['using', <code key="using" className="font-mono text-xs">{task.using}</code>]);
  const hasParams = Object.keys(task.withParams).length > 0;
  rows.push([
    'withParams',
    hasParams ? (
      <ScrollRegion as="pre" key="params" label={`withParams of ${task.name}`} className="max-h-60 overflow-auto whitespace-pre-wrap [overflow-wrap:anywhere] font-mono text-xs text-zinc-800">
        {prettyJson(task.withParams)}
      </ScrollRegion>
    ) : (
      <span key="params" className="text-zinc-500">None</span>
    ),
  ]);
  for (const [key, value] of Object.entries(task.extra)) {
    rows.push([
      key,
      <pre key={key} className="whitespace-pre-wrap [overflow-wrap:anywhere] font-mono text-xs text-zinc-800">
        {prettyJson(value)}
      </pre>,
    ]);
  }
  return (
    <dl className="grid grid-cols-[minmax(6rem,auto)_1fr] gap-x-4 gap-y-2 text-sm" data-testid="task-config">
      {rows.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="font-mono text-xs font-medium leading-6 text-zinc-500">{label}</dt>
          <dd className="min-w-0 leading-6">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
