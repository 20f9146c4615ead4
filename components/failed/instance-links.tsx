import Link from 'next/link';
import type { ReactNode } from 'react';
import { monoLink } from '@/components/ui/data-table';
import { instanceHref, sessionHref } from '@/lib/routes';

/**
 * The first cells of a row about one instance: its name (the row header, with `children` below
 * it) and its session.
 */
export function InstanceCells({
  uid,
  name,
  cellClass,
  children,
  href = instanceHref(uid, name),
}: {
  uid: string;
  name: string;
  cellClass: string;
  children?: ReactNode;
  /** The name's link, when it carries more than the instance (the inbox's filter). */
  href?: string;
}) {
  return (
    <>
      <th scope="row" className={`${cellClass} whitespace-nowrap font-normal`}>
        <Link href={href} className={monoLink}>
          {name}
        </Link>
        {children}
      </th>
      <td className={`${cellClass} whitespace-nowrap`}>
        <Link href={sessionHref(uid)} className={monoLink}>
          {uid}
        </Link>
      </td>
    </>
  );
}

/** A link to an instance's page, in the style of the cells above. */
export function InstanceLink({ uid, name }: { uid: string; name: string }) {
  return (
    <Link href={instanceHref(uid, name)} className={monoLink}>
      {name}
    </Link>
  );
}
