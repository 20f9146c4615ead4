import type { ReactNode } from 'react';

export function Card({ children, className = '' }: { children: ReactNode; className?: string }) {
  return <div className={`overflow-hidden rounded-lg border border-zinc-200 bg-white shadow-xs ${className}`}>{children}</div>;
}
