import Link from 'next/link';
import { sessionHref, taskHref } from '@/lib/routes';

/** Sessions › {uid} › {task} › {name}: every level but the last is a link. */
export function InstanceBreadcrumb({ uid, task, name }: { uid: string; task?: string; name: string }) {
  const link = 'text-zinc-600 underline-offset-4 hover:text-zinc-900 hover:underline';
  return (
    <nav aria-label="Breadcrumb" className="mb-3 text-sm">
      <ol className="flex flex-wrap items-center gap-x-1.5 gap-y-1 text-zinc-500">
        <li>
          <Link href="/sessions" className={link}>
            Sessions
          </Link>
        </li>
        <li aria-hidden>/</li>
        <li className="min-w-0">
          <Link href={sessionHref(uid)} className={`break-all font-mono text-[13px] ${link}`}>
            {uid}
          </Link>
        </li>
        {task ? (
          <>
            <li aria-hidden>/</li>
            <li>
              <Link href={taskHref(uid, task)} className={`font-mono text-[13px] ${link}`}>
                {task}
              </Link>
            </li>
          </>
        ) : null}
        <li aria-hidden>/</li>
        <li aria-current="page" className="break-all font-mono text-[13px] text-zinc-900">
          {name}
        </li>
      </ol>
    </nav>
  );
}
