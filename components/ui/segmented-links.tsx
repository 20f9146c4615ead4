import Link from 'next/link';

/** A row of links of which one is the current view (a filter, a layout), marked `aria-current`. */
export function SegmentedLinks({ label, items }: { label: string; items: readonly { href: string; text: string; current: boolean }[] }) {
  return (
    <nav aria-label={label}>
      <ul className="flex flex-wrap gap-1 rounded-lg border border-zinc-200 bg-white p-1">
        {items.map((item) => (
          <li key={item.href}>
            <Link
              href={item.href}
              aria-current={item.current ? 'page' : undefined}
              className={
                'block rounded-md px-3 py-1 text-sm font-medium ' +
                (item.current ? 'bg-zinc-900 text-white' : 'text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900')
              }
            >
              {item.text}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
