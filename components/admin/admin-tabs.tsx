'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { inSection } from '@/lib/routes';

const TABS = [
  { href: '/admin/users', label: 'Users' },
  { href: '/admin/tokens', label: 'API tokens' },
] as const;

/** The admin pages, as tabs above each of them (the header has one "Admin" entry). */
export function AdminTabs() {
  const pathname = usePathname();
  return (
    <nav aria-label="Admin" className="mb-6 flex gap-1 border-b border-zinc-200">
      {TABS.map(({ href, label }) => {
        const active = inSection(pathname, href);
        return (
          <Link
            key={href}
            href={href}
            aria-current={active ? 'page' : undefined}
            className={
              '-mb-px whitespace-nowrap border-b-2 px-3 py-2 text-sm font-medium ' +
              (active ? 'border-zinc-900 text-zinc-900' : 'border-transparent text-zinc-600 hover:border-zinc-300 hover:text-zinc-900')
            }
          >
            {label}
          </Link>
        );
      })}
    </nav>
  );
}
