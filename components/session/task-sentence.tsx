import { Fragment, type ReactNode } from 'react';
import type { TaskConfig } from '@/lib/triggers/types';

function Name({ children }: { children: string }) {
  return <code className="rounded bg-zinc-100 px-1 py-0.5 font-mono text-[13px] text-zinc-900">{children}</code>;
}

/** `a`, `a` and `b`, `a`, `b` and `c` (or "or"). */
function list(names: string[], conjunction: 'and' | 'or'): ReactNode {
  return names.map((name, i) => (
    <Fragment key={name}>
      {i > 0 ? (i === names.length - 1 ? ` ${conjunction} ` : ', ') : null}
      <Name>{name}</Name>
    </Fragment>
  ));
}

/** The directives other than `after` (which also holds `andEvery` once normalised). */
export function afterOnly(task: Pick<TaskConfig, 'after' | 'andEvery'>): string[] {
  return task.after.filter((trigger) => trigger !== task.andEvery);
}

/**
 * A task's directives as a sentence, e.g. "After `firstPageReceived` and `questionnaireComplete`,
 * and every `pageReceived`, unless `isEmbeddedApplication`, run `importSubject` using `queue`."
 * `unless` lists all triggers that must have fired for the instance to be abandoned.
 */
export function TaskSentence({ task }: { task: TaskConfig }) {
  const after = afterOnly(task);
  const clauses: ReactNode[] = [];
  if (after.length > 0) clauses.push(<Fragment key="after">After {list(after, 'and')}</Fragment>);
  if (task.andEvery) {
    clauses.push(
      <Fragment key="every">
        {after.length > 0 ? 'and every ' : 'Every '}
        <Name>{task.andEvery}</Name>
      </Fragment>,
    );
  }
  if (task.unless.length > 0) {
    clauses.push(
      <Fragment key="unless">
        {clauses.length > 0 ? 'unless ' : 'Unless '}
        {list(task.unless, 'and')}
      </Fragment>,
    );
  }
  return (
    <p className="text-sm leading-7 text-zinc-800" data-testid="task-sentence">
      {clauses.map((clause, i) => (
        <Fragment key={i}>
          {i > 0 ? ', ' : null}
          {clause}
        </Fragment>
      ))}
      {clauses.length > 0 ? ', run ' : 'Run '}
      <Name>{task.run}</Name>
      {task.using ? (
        <>
          {' '}using <Name>{task.using}</Name>
        </>
      ) : null}
      .
    </p>
  );
}
