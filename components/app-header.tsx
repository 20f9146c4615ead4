import Link from 'next/link';
import { Suspense } from 'react';
import type { SignedInUser } from '@/lib/auth/session';
import { can } from '@/lib/auth/roles';
import { HealthIndicator } from './health-indicator';
import { NavLinks } from './nav-links';
import { CommandPalette } from './search/command-palette';
import { HeaderSearch } from './search/header-search';
import { UserMenu, type SignOutActions } from './user-menu';

/** The header; the layout passes the signed-in user (null: signed out, no navigation) and the sign-out actions. */
export function AppHeader({ user, signOut }: { user: SignedInUser | null; signOut: SignOutActions }) {
  return (
    <header className="border-b border-zinc-200 bg-white">
      {/* One row on wide screens; below xl the search box takes its own row so nothing overflows. */}
      <div className="mx-auto flex min-h-14 max-w-6xl flex-wrap items-center gap-x-3 gap-y-2 px-4 py-2 sm:gap-x-8 sm:px-6 xl:flex-nowrap xl:py-0">
        <Link href="/sessions" className="flex items-center gap-2.5" aria-label="Triggerboard home">
          <span aria-hidden className="grid size-7 place-items-center rounded-md bg-zinc-900 text-white">
            <svg viewBox="0 0 20 20" fill="currentColor" className="size-4">
              <path d="M11.3 1.05a.75.75 0 0 1 .45.8L11 7.25h4.25a.75.75 0 0 1 .57 1.24l-7 8a.75.75 0 0 1-1.31-.6L8.3 10.5H4a.75.75 0 0 1-.58-1.23l7-8a.75.75 0 0 1 .88-.22Z" />
            </svg>
          </span>
          <span className="hidden text-base font-semibold tracking-tight text-zinc-900 min-[480px]:inline">Triggerboard</span>
        </Link>
        {user ? <NavLinks admin={can(user.role, 'admin')} /> : null}
        {user ? (
          <div className="order-last basis-full xl:order-none xl:ml-auto xl:min-w-40 xl:max-w-64 xl:flex-1 xl:basis-auto">
            <Suspense fallback={null}>
              <HeaderSearch />
            </Suspense>
          </div>
        ) : null}
        <div className={`ml-auto flex shrink-0 items-center gap-4 ${user ? 'xl:ml-0' : ''}`}>
          <HealthIndicator />
          {user ? <UserMenu user={user} signOut={signOut} /> : null}
        </div>
      </div>
      {user ? <CommandPalette /> : null}
    </header>
  );
}
