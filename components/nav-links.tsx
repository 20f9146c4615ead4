'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { inSection } from '@/lib/routes';

export const navItems = [
  { href: '/sessions', label: 'Sessions' },
  { href: '/failed', label: 'Failed' },
  { href: '/audit', label: 'Audit' },
  { href: '/api-docs', label: 'API' },
] as const;

/** Admins get one "Admin" entry (its pages have their own tabs: components/admin/admin-tabs.tsx), so the header keeps one row. */
const adminItem = { href: '/admin/users', label: 'Admin', section: '/admin' } as const;

export function NavLinks({ admin = false }: { admin?: boolean }) {
  const pathname = usePathname();
  const items: { href: string; label: string; section?: string }[] = admin ? [...navItems, adminItem] : [...navItems];
  return (
    <nav aria-label="Main" className="flex items-center gap-1">
      {items.map(({ href, label, section = href }) => {
        const active = inSection(pathname, section);
        return (
          <Link
            key={href}
            href={href}
            aria-current={active ? 'page' : undefined}
            className={
              'whitespace-nowrap rounded-md px-3 py-1.5 text-sm font-medium transition-colors ' +
              (active
                ? 'bg-zinc-900 text-white'
                : 'text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900')
            }
          >
            {label}
          </Link>
        );
      })}
    </nav>
  );
}
