import type { ReactNode } from 'react';
import Link from 'next/link';
import { sessionHref, taskHref } from '@/lib/routes';

const link = 'font-medium text-zinc-900 underline underline-offset-4';

/**
 * Says what was looked for and why it is not there: an unknown session, an instance URL that names
 * a task (instance names are `{task}#{n}`), or an instance the session does not have.
 */
export function InstanceNotFound({
  uid,
  name,
  sessionExists,
  isTaskName,
}: {
  uid: string;
  name: string | null;
  sessionExists: boolean | null;
  isTaskName: boolean;
}) {
  const code = 'rounded bg-zinc-100 px-1 py-0.5 font-mono text-[13px] text-zinc-900';
  let title: string;
  let body: ReactNode;
  if (sessionExists === false) {
    title = 'Session not found';
    body = (
      <>
        <p>
          There is no session with uid <code className={code}>{uid}</code>
          {name ? (
            <>
              , so no instance <code className={code}>{name}</code> either
            </>
          ) : null}
          .
        </p>
        <p className="mt-2">
          Check the uid for typos (it is case-sensitive), or search for it on the{' '}
          <Link href="/sessions" className={link}>
            sessions list
          </Link>
          .
        </p>
      </>
    );
  } else if (isTaskName && name) {
    title = `“${name}” is a task, not an instance`;
    body = (
      <>
        <p>
          Session <code className={code}>{uid}</code> has a task named <code className={code}>{name}</code>, but instance pages
          need an instance name. Instance names are the task name, <code className={code}>#</code> and a number, like{' '}
          <code className={code}>{name}#0</code> for the task&apos;s first instance.
        </p>
        <p className="mt-2">
          <Link href={taskHref(uid, name)} className={link} data-testid="task-instances-link">
            See the instances of {name} in this session
          </Link>
        </p>
      </>
    );
  } else {
    title = 'Instance not found';
    body = (
      <>
        <p>
          Session <code className={code}>{uid}</code>
          {sessionExists === null ? ' (if it exists)' : ''} has no instance named{' '}
          <code className={code}>{name ?? '(none)'}</code>.
        </p>
        <p className="mt-2">
          Instance names look like <code className={code}>{'{task}#{n}'}</code>, for example{' '}
          <code className={code}>t_importSubject#0</code>; the number counts from 0 per task.{' '}
          <Link href={sessionHref(uid)} className={link}>
            Back to the session
          </Link>{' '}
          to see its tasks and their instances.
        </p>
      </>
    );
  }
  return (
    <div className="rounded-lg border border-zinc-200 bg-white px-6 py-10" data-testid="instance-not-found">
      <p className="text-xs font-medium uppercase tracking-wide text-zinc-500">404 · not found</p>
      <h1 className="mt-1 text-lg font-semibold text-zinc-900">{title}</h1>
      <div className="mt-2 max-w-2xl text-sm text-zinc-600">{body}</div>
    </div>
  );
}
