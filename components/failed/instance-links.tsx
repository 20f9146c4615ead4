import Link from 'next/link';
import { instanceHref, sessionHref } from '@/lib/routes';

const link = 'font-mono text-[13px] text-zinc-900 underline decoration-zinc-300 underline-offset-4 hover:decoration-zinc-900';

/** The first cells of a row about one instance: its name (the row header) and its session. */
export function InstanceCells({ uid, name, cellClass }: { uid: string; name: string; cellClass: string }) {
  return (
    <>
      <th scope="row" className={`${cellClass} whitespace-nowrap font-normal`}>
        <Link href={instanceHref(uid, name)} className={link}>
          {name}
        </Link>
      </th>
      <td className={`${cellClass} whitespace-nowrap`}>
        <Link href={sessionHref(uid)} className={link}>
          {uid}
        </Link>
      </td>
    </>
  );
}

/** A link to an instance's page, in the style of the cells above. */
export function InstanceLink({ uid, name }: { uid: string; name: string }) {
  return (
    <Link href={instanceHref(uid, name)} className={link}>
      {name}
    </Link>
  );
}
