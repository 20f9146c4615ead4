'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

export const navItems = [
  { href: '/sessions', label: 'Sessions' },
  { href: '/failed', label: 'Failed' },
  { href: '/audit', label: 'Audit' },
] as const;

export function NavLinks({ admin = false }: { admin?: boolean }) {
  const pathname = usePathname();
  const items = admin
    ? [...navItems, { href: '/admin/users', label: 'Users' }, { href: '/admin/tokens', label: 'API tokens' }]
    : navItems;
  return (
    <nav aria-label="Main" className="flex items-center gap-1">
      {items.map(({ href, label }) => {
        const active = pathname === href || pathname.startsWith(`${href}/`);
        return (
          <Link
            key={href}
            href={href}
            aria-current={active ? 'page' : undefined}
            className={
              'rounded-md px-3 py-1.5 text-sm font-medium transition-colors ' +
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
