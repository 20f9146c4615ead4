import type { ReactNode } from 'react';
import { SignedInLayout } from '@/app/signed-in-layout';

export default function Layout({ children }: { children: ReactNode }) {
  // data-page-wide: the failed inbox uses the window's width (the root layout's <main> widens for it).
  return (
    <div data-page-wide>
      <SignedInLayout>{children}</SignedInLayout>
    </div>
  );
}
