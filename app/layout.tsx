import type { Metadata } from 'next';
import { headers } from 'next/headers';
import type { ReactNode } from 'react';
import { AppHeader } from '@/components/app-header';
import { KeyboardShortcuts } from '@/components/keyboard/keyboard-shortcuts';
import { Providers } from '@/components/providers';
import { signOutAction, signOutEverywhereAction } from './sign-in/actions';
import { currentUser } from '@/lib/auth/session';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Triggerboard', template: '%s · Triggerboard' },
  description: 'Support dashboard for the trigger engine: sessions, task instances, replay and skip.',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // The CSP nonce proxy.ts made for this response. Reading it renders every page per request,
  // which a nonce needs (a page built ahead of time would carry no nonce, and its scripts would not run).
  const nonce = (await headers()).get('x-nonce') ?? undefined;
  const user = await currentUser();
  return (
    <html lang="en">
      <body className="min-h-screen">
        <Providers nonce={nonce}>
          <AppHeader user={user} signOut={{ here: signOutAction, everywhere: signOutEverywhereAction }} />
          <main className="mx-auto max-w-6xl px-4 py-8 sm:px-6 has-[[data-page-wide]]:max-w-none">{children}</main>
          {user ? <KeyboardShortcuts /> : null}
        </Providers>
      </body>
    </html>
  );
}
